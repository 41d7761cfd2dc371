"""Signing in and out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from yuqing.store.users import authenticate
from yuqing.web.deps import Db, render

router = APIRouter()


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Any:
    return render(request, "login.html", next=next)


@router.post("/login")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Any:
    user = authenticate(db, username, password)
    if user is None:
        return render(request, "login.html", status_code=401, next=next, failed=True, username=username)
    request.session["user"] = user.id
    target = next if next.startswith("/") and not next.startswith("//") else "/"  # no open redirect
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request) -> Any:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)

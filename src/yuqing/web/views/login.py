"""Signing in and out; wrong passwords slow further tries down (yuqing.web.lockout)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from yuqing.store.users import authenticate
from yuqing.web import lockout, sessions
from yuqing.web.deps import Db, render

router = APIRouter()
FIELD_MAX = 200  # longer than any user name or password anyone types


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Any:
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form(max_length=FIELD_MAX)],
    password: Annotated[str, Form(max_length=FIELD_MAX)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Any:
    keys = lockout.keys(username, request.client.host if request.client else None)
    wait = lockout.wait_seconds(db, keys)
    if wait:
        message = f"密码错误次数过多，请 {lockout.said(wait)}后再试"
        return render(request, "login.html", status_code=429, next=next, error=message, username=username)
    user = authenticate(db, username, password)
    if user is None:
        lockout.failed(db, keys, request.app.state.settings.web_login_tries)
        message = "用户名或密码不正确。"
        return render(request, "login.html", status_code=401, next=next, error=message, username=username)
    lockout.succeeded(db, keys)
    sessions.start(request, db, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: Db) -> Any:
    sessions.end(request, db)
    return RedirectResponse("/login", status_code=303)


def _safe_next(target: str) -> str:
    """Only a path of this site: no open redirect (//evil.example, /\\evil.example)."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return target if ok else "/"

"""One error renderer: a page for people, JSON for the API, a login redirect when needed."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from yuqing.errors import NotFound, YuqingError
from yuqing.web.deps import render
from yuqing.web.security import LoginRequired


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(YuqingError)
    async def user_error(request: Request, exc: YuqingError) -> Response:
        return _error(request, 404 if isinstance(exc, NotFound) else 400, str(exc))


def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)  # type: ignore[no-any-return]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")

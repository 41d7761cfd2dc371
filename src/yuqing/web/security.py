"""Who is signed in, what their role allows, and CSRF protection for every form.

The signed cookie (Starlette's SessionMiddleware) holds a random CSRF token and, once signed in,
the session token that yuqing.web.sessions looks up in the store on every request. Every request
that changes something must carry the CSRF token, as the form field ``csrf_token`` or the header
``X-CSRF-Token`` (htmx sends it from the page's <body>).
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import unquote

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from yuqing.store.models import User
from yuqing.web import sessions

RANKS = {"viewer": 0, "editor": 1, "admin": 2}
ROLE_NAMES = {"viewer": "只读", "editor": "编辑", "admin": "管理员"}
# Only the app's own scripts run; crawled HTML can neither run script nor frame other sites.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; "
    "frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NUL_REFUSED = "请求中含有空字符（NUL），已拒绝"


class LoginRequired(Exception):
    """No one is signed in: pages redirect to the login page, the API answers 401."""


def secret_key(home: Path) -> str:
    """The key that signs session cookies, made once per data directory and kept private."""
    path = home / "secret.key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def refuse_nul(request: Request) -> None:
    """Refuse a request carrying a NUL character in its address or fields: no text of the app
    holds one, and PostgreSQL cannot even compare with one (it would answer 500)."""
    if "\x00" in unquote(request.url.path) or "\x00" in unquote(request.url.query):
        raise HTTPException(400, NUL_REFUSED)
    if request.method not in UNSAFE:
        return
    kind = request.headers.get("content-type", "")
    if "form" in kind:
        if any("\x00" in str(value) for value in (await request.form()).values()):
            raise HTTPException(400, NUL_REFUSED)
    elif b"\x00" in (body := await request.body()) or b"\\u0000" in body:
        raise HTTPException(400, NUL_REFUSED)


async def check_csrf(request: Request) -> None:
    """Refuse a changing request whose token does not match the session's."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get("csrf_token") or "")
    expected = request.session.get("csrf")
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise HTTPException(403, "CSRF 校验失败，请刷新页面后重试")


def current_user(request: Request) -> User:
    db: Session = request.state.db
    user = sessions.user_of(request, db)
    if user is None:
        raise LoginRequired()
    return user


def require(role: str) -> object:
    """A dependency that lets through users of ``role`` or higher."""

    def check(user: User = Depends(current_user)) -> User:  # noqa: B008 (FastAPI's idiom)
        if RANKS[user.role] < RANKS[role]:
            raise HTTPException(403, f"需要{ROLE_NAMES[role]}权限，当前账户为{ROLE_NAMES[user.role]}")
        return user

    return Depends(check)

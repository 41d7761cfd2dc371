"""Sign-ins kept in the store: the cookie carries a random token, the store its SHA-256.

Starlette's signed cookie alone cannot be revoked: a copy taken before signing out would stay
good until it expired. Here each request looks its token up, so signing out, a new password
(`yuqing user passwd`) or a removed user end the session at once, and every session expires
after ``web.session_hours``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete
from sqlalchemy.orm import Session

from yuqing.store.models import User, WebSession

TOKEN = "sid"  # the key of the token in the signed cookie


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def start(request: Request, db: Session, user: User) -> None:
    """Sign ``user`` in on this browser with a new token (the cookie is signed, so nobody can
    plant one). Expired sessions of everyone are cleared on the way."""
    db.execute(delete(WebSession).where(WebSession.expires_at <= _now()))
    token = secrets.token_urlsafe(32)
    hours = request.app.state.settings.web_session_hours
    client = request.client.host if request.client else None
    db.add(
        WebSession(
            id=_digest(token),
            user_id=user.id,
            created_at=_now(),
            expires_at=_now() + timedelta(hours=hours),
            address=client,
        )
    )
    request.session.pop("user", None)  # what cookies held before sessions were kept in the store
    request.session[TOKEN] = token


def user_of(request: Request, db: Session) -> User | None:
    """The active user this browser is signed in as, or None (no token, unknown, expired)."""
    token = request.session.get(TOKEN)
    if not isinstance(token, str):
        return None
    found = db.get(WebSession, _digest(token))
    if found is None or found.expires_at <= _now() or not found.user.active:
        return None
    return found.user


def end(request: Request, db: Session) -> None:
    """Sign this browser out: its session row goes, so a copy of the cookie is worthless."""
    token = request.session.get(TOKEN)
    if isinstance(token, str):
        db.execute(delete(WebSession).where(WebSession.id == _digest(token)))
    request.session.clear()

"""Users and their passwords (argon2 hashes; the password itself is never stored)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from yuqing.errors import InputError, NotFound
from yuqing.store.models import User, WebSession

ROLES = ("admin", "editor", "viewer")
_hasher = PasswordHasher()


def add_user(session: Session, username: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    _check_password(password)
    if not username.strip() or len(username) > 100 or username != username.strip():
        raise InputError("a user name is 1 to 100 characters, without spaces at either end")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError(f"user {username!r} exists already")
    user = User(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        active=True,
        created_at=datetime.now().replace(microsecond=0),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user when the password is right, else None (same answer for an unknown name)."""
    user = session.scalars(select(User).where(User.username == username, User.active)).one_or_none()
    if user is None:
        _hasher.hash(password)  # spend the same time, so names cannot be probed by timing
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def list_users(session: Session) -> list[tuple[User, int]]:
    """Every user with how many live sign-ins they have, by name."""
    users = list(session.scalars(select(User).order_by(User.username)))
    live = {u.id: 0 for u in users}
    now = datetime.now()
    for user_id in session.scalars(select(WebSession.user_id).where(WebSession.expires_at > now)):
        live[user_id] = live.get(user_id, 0) + 1
    return [(u, live[u.id]) for u in users]


def set_password(session: Session, username: str, password: str) -> User:
    """A new password; every sign-in of the user ends (a stolen session cookie stops working)."""
    _check_password(password)
    user = get_user(session, username)
    user.password_hash = _hasher.hash(password)
    end_sessions(session, user)
    return user


def remove_user(session: Session, username: str) -> None:
    """The user can no longer sign in, and their sign-ins end; their past decisions keep the name."""
    user = get_user(session, username)
    end_sessions(session, user)
    session.delete(user)
    session.flush()


def end_sessions(session: Session, user: User) -> int:
    """End every sign-in of ``user``; returns how many there were."""
    result = session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return int(getattr(result, "rowcount", 0) or 0)


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")

"""Users and their passwords (argon2 hashes; the password itself is never stored)."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from yuqing.errors import InputError
from yuqing.store.models import User

ROLES = ("admin", "editor", "viewer")
_hasher = PasswordHasher()


def add_user(session: Session, username: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise InputError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
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

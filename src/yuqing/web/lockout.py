"""A growing wait after wrong passwords, per user name and per client address.

After ``web.login_tries`` wrong passwords in a row for a name or from an address, each further
attempt there must wait: 30 s after the first miss beyond the allowance, doubling with every
miss, at most 15 minutes (the progressive delay of NIST SP 800-63B §5.2.2). A right password
clears the count; so does a day without misses. While a wait runs even the right password is
refused, or guessing could go on unhindered.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from yuqing.store.models import LoginFailure

FIRST_WAIT = 30  # seconds
LONGEST_WAIT = 15 * 60
FORGET_AFTER = timedelta(days=1)


def keys(username: str, address: str | None) -> list[str]:
    return [f"user:{username[:150]}", f"addr:{address or 'unknown'}"]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def wait_seconds(db: Session, names: list[str]) -> int:
    """How long sign-ins for these keys must still wait (0: they may try now)."""
    now = _now()
    waits = [
        (row.locked_until - now).total_seconds()
        for row in (db.get(LoginFailure, k) for k in names)
        if row is not None and row.locked_until is not None and row.locked_until > now
    ]
    return math.ceil(max(waits, default=0))


def failed(db: Session, names: list[str], allowance: int) -> None:
    """Count one wrong password for each key; past the allowance, lock it for a while."""
    now = _now()
    for key in names:
        row = db.get(LoginFailure, key)
        if row is None:
            row = LoginFailure(key=key, count=0, last_at=now)
            db.add(row)
        elif now - row.last_at > FORGET_AFTER:
            row.count = 0
        row.count += 1
        row.last_at = now
        beyond = row.count - allowance
        if beyond >= 0:
            row.locked_until = now + timedelta(seconds=min(FIRST_WAIT * 2 ** min(beyond, 10), LONGEST_WAIT))


def succeeded(db: Session, names: list[str]) -> None:
    for key in names:
        row = db.get(LoginFailure, key)
        if row is not None:
            db.delete(row)


def said(seconds: int) -> str:
    """30 → 30 秒, 125 → 3 分钟 (rounded up: never promise less than the wait)."""
    return f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"

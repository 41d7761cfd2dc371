"""The outbox of pushes: events recorded in the transaction that causes them (an issue frozen,
a digest due, a source failing), delivered later and apart (yuqing.notify), so sending can
neither block nor undo the work, and is retried until it succeeds or is given up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yuqing.store.models import PushMessage

KINDS = ("digest", "alert", "frozen", "test")


def record(session: Session, kind: str, key: str, payload: dict[str, Any]) -> PushMessage | None:
    """Add a message unless one with ``key`` exists (the same event seen twice); None then."""
    if kind not in KINDS:
        raise ValueError(f"unknown push kind {kind!r}")
    if session.scalar(select(PushMessage.id).where(PushMessage.key == key)) is not None:
        return None
    message = PushMessage(
        kind=kind, key=key, payload=payload, created_at=datetime.now().replace(microsecond=0)
    )
    try:
        with session.begin_nested():  # another process recording the same event at this moment
            session.add(message)
    except IntegrityError:
        return None
    return message

"""Web sign-ins kept in the store (revocable, expiring), failed sign-ins counted for lockout, and
hidden control characters (NUL, bidi overrides) neutralised in the texts already stored."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from yuqing.text import neutralise, neutralise_line

revision = "0007_web_sessions"
down_revision = "0004_users"

BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_at", sa.DateTime, nullable=False),
        sa.Column("locked_until", sa.DateTime),
    )
    _neutralise("articles", ("title", "outlet", "credited_outlet", "author"), ("paragraphs",))
    _neutralise("issue_items", ("title", "outlet"), ("paragraphs",))


def _neutralise(name: str, lines: tuple[str, ...], lists: tuple[str, ...]) -> None:
    """Rewrite the rows whose texts hold hidden control characters, a batch at a time."""
    columns = [sa.column("id", sa.Integer)]
    columns += [sa.column(c, sa.Text) for c in lines] + [sa.column(c, sa.JSON) for c in lists]
    table = sa.table(name, *columns)
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(table).where(table.c.id > last).order_by(table.c.id).limit(BATCH))
        batch = rows.mappings().all()
        if not batch:
            return
        for row in batch:
            changed = _changes(row, lines, lists)
            if changed:
                bind.execute(table.update().where(table.c.id == row["id"]).values(**changed))
        last = batch[-1]["id"]


def _changes(row: Any, lines: tuple[str, ...], lists: tuple[str, ...]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for column in lines:
        if row[column] and neutralise_line(row[column]) != row[column]:
            changed[column] = neutralise_line(row[column])
    for column in lists:
        if row[column]:
            clean = [neutralise(p).strip() for p in row[column]]
            if clean != row[column]:
                changed[column] = [p for p in clean if p]
    return changed

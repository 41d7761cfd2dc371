"""Distributed collection and pushes: a crawl claims a frontier URL with a lease (owner, until)
so that however many workers run, one fetches it, and a dead worker's claims expire; pushes wait
in an outbox (one message, one delivery per target) so they are retried and their failures shown."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_leases_pushes"
down_revision = "0005_date_source"


def upgrade() -> None:
    with op.batch_alter_table("crawl_urls") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(100)))
        batch.add_column(sa.Column("lease_until", sa.DateTime))
    op.create_table(
        "push_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("routed_at", sa.DateTime),
    )
    op.create_table(
        "push_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "message_id",
            sa.Integer,
            sa.ForeignKey("push_messages.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_at", sa.DateTime, nullable=False),
        sa.Column("lease_until", sa.DateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", sa.DateTime),
        sa.UniqueConstraint("message_id", "target"),
    )

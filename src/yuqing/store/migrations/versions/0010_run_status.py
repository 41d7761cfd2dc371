"""A crawl run's record is written when it starts and closed when it ends: its status says how
(running, finished, interrupted by a signal, failed because the store could not be written)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_run_status"
down_revision = "0007_web_sessions"


def upgrade() -> None:
    with op.batch_alter_table("collect_runs") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="finished"))


def downgrade() -> None:
    with op.batch_alter_table("collect_runs") as batch:
        batch.drop_column("status")

"""Where each article's publication date came from (yuqing/provenance.py): meta, JSON-LD,
byline, URL, script, relative, given, or only a guess. Rows stored before are marked
``unknown`` — or ``none`` where they have no date — so a guessed or missing date is never
mistaken for one read off the page."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_date_source"
down_revision = "0010_run_status"


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("date_source", sa.String(12), nullable=False, server_default="unknown"))
    op.execute("UPDATE articles SET date_source = 'none' WHERE published IS NULL")
    op.create_index("ix_articles_date_source", "articles", ["date_source"])

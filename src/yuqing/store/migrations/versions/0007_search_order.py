"""Indexes search starts from (store/search.py): per outlet in id order, so the newest matches of a
common word within one outlet are read without touching every match; per outlet and date, so a narrow
filter is read first. (On SQLite every index ends with the rowid, so the outlet index serves the first.)"""

from __future__ import annotations

from alembic import op

revision = "0007_search_order"
down_revision = "0006_reprint_index"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_articles_outlet_id", "articles", ["outlet", "id"])
    op.create_index("ix_articles_outlet_published", "articles", ["outlet", "published"])

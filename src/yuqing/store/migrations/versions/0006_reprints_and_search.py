"""The reprint index kept in the store: each article's LSH bucket keys, and the text each article was
clustered from, so analyze adds new articles to clusters instead of re-clustering a window. And the
indexes search starts from (store/search.py): per outlet in id order, so the newest matches of a
common word within one outlet are read without touching every match (on SQLite every index ends
with the rowid, so the outlet index serves); per outlet and date, so a narrow filter is read first.

Clusters made by the former whole-window re-clustering are dropped: the next `yuqing analyze`
indexes every article once (a few minutes per 100k articles) and keeps them up to date from then on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_reprints_and_search"
down_revision = "0004_users"


def upgrade() -> None:
    op.create_table(
        "reprint_buckets",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
    )
    op.create_index("ix_reprint_buckets_article_id", "reprint_buckets", ["article_id"])
    op.execute("DELETE FROM article_clusters")
    with op.batch_alter_table("article_clusters") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(64)))
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_articles_outlet_id", "articles", ["outlet", "id"])
    op.create_index("ix_articles_outlet_published", "articles", ["outlet", "published"])

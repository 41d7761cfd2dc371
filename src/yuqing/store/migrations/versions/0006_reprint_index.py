"""The reprint index kept in the store: each article's LSH bucket keys, and the text each article was
clustered from, so analyze adds new articles to clusters instead of re-clustering a window.

Clusters made by the former whole-window re-clustering are dropped: the next `yuqing analyze`
indexes every article once (a few minutes per 100k articles) and keeps them up to date from then on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_reprint_index"
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

"""Analysis: each article's relevance score with its evidence, reprint clusters, editor decisions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_analysis"
down_revision = "0002_crawl_state"


def upgrade() -> None:
    op.create_table(
        "article_scores",
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("score", sa.Float, nullable=False, index=True),
        sa.Column("rule_score", sa.Float, nullable=False),
        sa.Column("model_score", sa.Float),
        sa.Column("relevant", sa.Boolean, nullable=False, index=True),
        sa.Column("labels", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("scored_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "article_clusters",
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("cluster_id", sa.Integer, nullable=False, index=True),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("issue_id", sa.Integer, sa.ForeignKey("report_issues.id", ondelete="SET NULL")),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )

"""Initial schema: sources, articles with full-text search, report issues and their items."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("outlet", sa.String(200), nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("original_url", sa.String(2048), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("outlet", sa.String(200), nullable=False, index=True),
        sa.Column("published", sa.Date, index=True),
        sa.Column("author", sa.String(200)),
        sa.Column("paragraphs", sa.JSON, nullable=False),
        sa.Column("raw_page", sa.LargeBinary),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
        sa.Column("fetched_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "report_issues",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("frozen_at", sa.DateTime),
        sa.Column("frozen_document", sa.JSON),
        sa.UniqueConstraint("series", "number"),
        sa.UniqueConstraint("series", "period_start", "period_end"),
    )
    op.create_table(
        "issue_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "issue_id",
            sa.Integer,
            sa.ForeignKey("report_issues.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("paragraphs", sa.JSON),
        sa.UniqueConstraint("issue_id", "article_id"),
    )
    _create_search_index()


def _create_search_index() -> None:
    # Both backends index the same bigram-tokenised text (yuqing.text.search_tokens), so a
    # two-character word such as 医保 is a whole token and a longer query is a phrase of bigrams.
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "article_search",
            sa.Column(
                "article_id",
                sa.Integer,
                sa.ForeignKey("articles.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_article_search_document", "article_search", ["document"], postgresql_using="gin")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )

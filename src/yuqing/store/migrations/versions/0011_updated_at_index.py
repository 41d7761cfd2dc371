"""An index on when each article was last stored, so that "which articles changed since they were
scored?" reads the index rather than every row (whose archived page comes before ``updated_at``):
0.28 s → 0.04 s at 100k articles on SQLite, paid by every `yuqing analyze` and `candidates`."""

from __future__ import annotations

from alembic import op

revision = "0011_updated_at_index"
down_revision = "0008_leases_pushes"


def upgrade() -> None:
    op.create_index("ix_articles_updated_at", "articles", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_updated_at", table_name="articles")

"""Stored relate features of claims, so suggesting conflicts reads them instead of parsing

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 12:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing claims get features lazily: the suggester analyses a claim that has none (or
    # stale ones) the first time it is a candidate, and stores them.
    op.create_table(
        "claim_features",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("features", postgresql.JSON(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_features_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_features")),
    )


def downgrade() -> None:
    op.drop_table("claim_features")

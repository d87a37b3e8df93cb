"""Editorial workflow: actor side/access and undoable merges, saved views, login throttle

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-26 10:04:21

A merged actor keeps its row (merged_into_id) so "undo merge" can bring it back; failed
logins live in Postgres so every web worker throttles alike; the activity page reads
audit_events newest first through (at, id).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(
        "ix_login_failures_who_at", "login_failures", ["username", "ip", "at"], unique=False
    )
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saved_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
    )
    op.create_index(op.f("ix_saved_views_user_id"), "saved_views", ["user_id"], unique=False)
    op.add_column("actors", sa.Column("side", sa.String(length=40), nullable=True))
    op.add_column("actors", sa.Column("access", sa.String(length=20), nullable=True))
    op.add_column("actors", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_actors_merged_into_id"), "actors", ["merged_into_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_actors_merged_into_id_actors"),
        "actors",
        "actors",
        ["merged_into_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index("ix_audit_events_at_id", "audit_events", ["at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_events_at_id", table_name="audit_events")
    op.drop_constraint(op.f("fk_actors_merged_into_id_actors"), "actors", type_="foreignkey")
    op.drop_index(op.f("ix_actors_merged_into_id"), table_name="actors")
    op.drop_column("actors", "merged_into_id")
    op.drop_column("actors", "access")
    op.drop_column("actors", "side")
    op.drop_index(op.f("ix_saved_views_user_id"), table_name="saved_views")
    op.drop_table("saved_views")
    op.drop_index("ix_login_failures_who_at", table_name="login_failures")
    op.drop_table("login_failures")

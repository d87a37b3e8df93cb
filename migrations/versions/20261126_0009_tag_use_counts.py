"""Tag use counts kept by statement triggers, so the claims page's tag suggestions (most used
first) read a few rows instead of counting every claim_tags row (~20-40 ms at 1M claims);
claimants by lower(name) for the possible-duplicates list of a claimant page; live-claim
indexes in the table's order so the claims page's capped counts are index-only scans

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "tags", sa.Column("use_count", sa.Integer(), server_default="0", nullable=False)
    )
    op.create_index("ix_actors_lower_name", "actors", [sa.text("lower(name)"), "id"])
    for name, leading in LIVE_INDEXES:
        op.create_index(
            name,
            "claims",
            [*leading, sa.text("published_at DESC NULLS LAST"), sa.text("id DESC")],
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
    op.execute(COUNT_FUNCTIONS)
    for statement in TRIGGERS:
        op.execute(statement)
    op.execute(
        "UPDATE tags SET use_count = c.n FROM (SELECT tag_id, count(*) AS n FROM claim_tags "
        "GROUP BY tag_id) c WHERE tags.id = c.tag_id"
    )


def downgrade() -> None:
    for name in ("claim_tags_count_insert", "claim_tags_count_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON claim_tags")
    op.execute("DROP FUNCTION IF EXISTS claimdesk_tag_added(), claimdesk_tag_removed()")
    op.drop_column("tags", "use_count")
    op.drop_index("ix_actors_lower_name", table_name="actors")
    for name, _ in LIVE_INDEXES:
        op.drop_index(name, table_name="claims")


# Live (not deleted) claims in the claims table's order: the capped counts become
# index-only scans (~10 ms of heap visits at 1M claims each, now ~0.5 ms).
LIVE_INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_claims_live_newest", []),
    ("ix_claims_live_status", ["status"]),
    ("ix_claims_live_actor", ["actor_id"]),
)


# One UPDATE per statement (a COPY of many claim_tags rows included), as for actor claim counts
# (migration 0005a). A claim_tags row removed by a claim's cascade delete fires them too.
COUNT_FUNCTIONS = """
CREATE FUNCTION claimdesk_tag_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tags SET use_count = tags.use_count + c.n
  FROM (SELECT tag_id, count(*) AS n FROM new_rows GROUP BY tag_id) c
  WHERE tags.id = c.tag_id;
  RETURN NULL;
END $$;
CREATE FUNCTION claimdesk_tag_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tags SET use_count = tags.use_count - c.n
  FROM (SELECT tag_id, count(*) AS n FROM old_rows GROUP BY tag_id) c
  WHERE tags.id = c.tag_id;
  RETURN NULL;
END $$;
"""
TRIGGERS = (
    "CREATE TRIGGER claim_tags_count_insert AFTER INSERT ON claim_tags "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_tag_added()",
    "CREATE TRIGGER claim_tags_count_delete AFTER DELETE ON claim_tags "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION claimdesk_tag_removed()",
)

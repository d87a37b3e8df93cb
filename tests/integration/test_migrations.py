"""The schema comes from the migrations alone, and they run both ways."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from app import testing
from app.models import Base


def test_migrations_match_models_and_downgrade_cleanly(database_url: str) -> None:
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    name = "claimdesk_migration_check"
    url = testing.create_database(base, name)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": lambda obj, n, t, r, c: (
                        not (n or "").startswith(
                            ("procrastinate", "idx_procrastinate", "ix_actors_name_trgm")
                        )
                    )
                },
            )
            assert compare_metadata(context, Base.metadata) == []
        command.downgrade(testing.alembic_config(url), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        testing.migrate(url)
        assert {"claims", "articles", "procrastinate_jobs"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
        testing.drop_database(base, name)

"""Alembic environment: the URL comes from the app (or from the caller's connection)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from app.db import resolve_database_url
from app.models import Base
import app.dispute_models  # noqa: F401  (its tables share Base.metadata)

config = context.config
target_metadata = Base.metadata


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The job queue's tables belong to procrastinate, installed by the first revision.
    if name == "ix_actors_name_trgm":
        return False  # created only where pg_trgm exists (see the first revision)
    return not (name or "").startswith(("procrastinate", "idx_procrastinate"))


def run(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, include_object=include_object
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.attributes.get("url") or resolve_database_url()
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        run(conn)

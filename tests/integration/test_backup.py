"""`claimdesk db backup` and `restore` round-trip a database through pg_dump's format."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import testing
from app.backup import BackupError, backup, restore
from app.models import Article


def test_backup_then_restore_brings_back_what_was_lost(database_url: str, tmp_path: Path) -> None:
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    name = f"claimdesk_backup_check_{os.getpid()}"
    url = testing.create_database(base, name)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            session.add(Article(text="The ferry runs at dawn.", text_hash="h1", title="Ferry"))
            session.commit()
        dump = tmp_path / "claimdesk.dump"
        backup(url, dump)
        assert dump.stat().st_size > 1000
        with Session(engine) as session:
            session.query(Article).delete()
            session.add(Article(text="Written after the backup.", text_hash="h2", title="Later"))
            session.commit()
        engine.dispose()
        restore(url, dump)
        with Session(engine) as session:
            assert list(session.scalars(select(Article.title))) == ["Ferry"]
    finally:
        engine.dispose()
        testing.drop_database(base, name)


def test_restore_of_a_missing_file_says_so(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="is not a backup file"):
        restore(database_url, tmp_path / "nope.dump")

"""What a web process does once at start."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from app.main import create_app


def test_start_hides_long_lived_objects_from_the_garbage_collector(database_url: str) -> None:
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 200
        # Frozen objects (imports, mappers, templates) are skipped by every later collection.
        assert gc.get_freeze_count() > 50_000

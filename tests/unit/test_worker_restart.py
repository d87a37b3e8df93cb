"""The worker process outlives a database outage: when procrastinate's worker stops on its own
(its heartbeat or LISTEN connection failed) or cannot connect, it is started again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from procrastinate.exceptions import ConnectorException

from app import worker
from tests.conftest import run_async


class FlakyApp:
    """First run: the database is gone. Second: the worker stops itself. Third: runs until
    asked to stop."""

    def __init__(self, stopping: asyncio.Event) -> None:
        self.stopping = stopping
        self.runs = 0
        self.opened = 0
        self.cancelled = False

    @asynccontextmanager
    async def open_async(self) -> AsyncIterator[FlakyApp]:
        self.opened += 1
        yield self

    async def run_worker_async(self, **options: Any) -> None:
        self.runs += 1
        assert options["install_signal_handlers"] is False
        if self.runs == 1:
            raise ConnectorException("connection refused")
        if self.runs == 2:
            return
        self.stopping.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled = True
            raise


def test_worker_restarts_until_asked_to_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "RESTART_DELAYS", (0.0,))

    async def scenario() -> FlakyApp:
        stopping = asyncio.Event()
        app = FlakyApp(stopping)
        await worker.supervise(app, concurrency=1, wait=True, stopping=stopping)  # type: ignore[arg-type]
        return app

    app = run_async(scenario)
    assert app.runs == 3
    assert app.opened == 3
    assert app.cancelled  # stopped gracefully, not abandoned


def test_worker_with_nothing_to_wait_for_returns(monkeypatch: pytest.MonkeyPatch) -> None:
    class Done(FlakyApp):
        async def run_worker_async(self, **options: Any) -> None:
            self.runs += 1

    async def scenario() -> Done:
        app = Done(asyncio.Event())
        await worker.supervise(app, concurrency=1, wait=False, stopping=asyncio.Event())  # type: ignore[arg-type]
        return app

    assert run_async(scenario).runs == 1

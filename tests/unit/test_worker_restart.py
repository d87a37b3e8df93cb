"""The worker process outlives a database outage: when procrastinate's worker stops on its own
(its heartbeat or LISTEN connection failed) or cannot connect, it is started again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
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


def test_the_worker_loads_its_models_before_it_takes_jobs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new worker's first job used to load both spaCy pipelines (~1.3 s of CPU)."""
    from app.services import extraction

    steps: list[str] = []
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(extraction, "warm_up", lambda: steps.append("models") or 2)

    async def takes_jobs(real: Any, **options: Any) -> None:
        steps.append("jobs")

    monkeypatch.setattr(worker, "supervise", takes_jobs)
    with ThreadPoolExecutor(1) as thread:  # its own thread: no event loop running there
        thread.submit(worker.run_worker).result(timeout=60)
    assert steps == ["models", "jobs"]


def test_warm_up_runs_both_pipelines_on_its_sample() -> None:
    from app.extract import model
    from app.relate.features import load_model
    from app.services.extraction import warm_up

    assert warm_up() >= 2  # the quote and the union's reported speech
    assert model._nlp is not None
    assert load_model.cache_info().currsize == 1

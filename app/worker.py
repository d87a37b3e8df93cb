"""The background worker: a procrastinate app whose jobs extract claims from articles."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time

import psycopg
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import ConnectorException

from app.db import libpq_url, resolve_database_url
from app.jobs import EXTRACT_TASK, QUEUE

logger = logging.getLogger("claimdesk.worker")
STALLED_AFTER_SECONDS = 60
# Waits between restarts while the database is away; a worker that ran for a minute starts over.
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0)
HEALTHY_RUN_SECONDS = 60.0


# The connector is replaced by a real one in run_worker(), once the database URL is known.
app = App(connector=PsycopgConnector())


@app.task(
    name=EXTRACT_TASK,
    queue=QUEUE,
    retry=RetryStrategy(max_attempts=3, wait=5),
    pass_context=True,
)
def extract_article(context: JobContext, article_id: int) -> None:
    from app.services.extraction import run_extraction

    run_extraction(article_id=article_id)


@app.periodic(cron="* * * * *")
@app.task(queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """A worker that died mid-job leaves it 'doing': give it to another worker."""
    stalled = await context.app.job_manager.get_stalled_jobs()
    for job in stalled:
        logger.warning("retrying stalled job %s", job.id)
        await context.app.job_manager.retry_job(job)


def run_worker(*, concurrency: int = 1, wait: bool = True) -> None:
    """Consume extraction jobs until stopped (Ctrl-C or SIGTERM).

    When Postgres goes away (a restart, a failover), procrastinate's worker stops itself: its
    heartbeat and its LISTEN connection fail. We wait and start it again, so the process
    outlives the outage; jobs it was running are picked up by the stalled-job check."""
    from app.services.extraction import warm_up

    warm_up()  # load the language models before taking jobs
    connector = PsycopgConnector(conninfo=libpq_url(resolve_database_url()))
    with app.replace_connector(connector) as real:
        asyncio.run(supervise(real, concurrency=concurrency, wait=wait))


async def supervise(
    real: App, *, concurrency: int, wait: bool, stopping: asyncio.Event | None = None
) -> None:
    """Run the worker again whenever it stops on its own, until SIGINT/SIGTERM (or `stopping`)."""
    if stopping is None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
    failures = 0
    while not stopping.is_set():
        started = time.monotonic()
        try:
            if await run_once(real, stopping, concurrency=concurrency, wait=wait):
                return
            reason = "the worker stopped itself (lost the database?)"
        except (ConnectorException, psycopg.OperationalError, OSError) as exc:
            reason = f"{type(exc).__name__}: {exc.__cause__ or exc}".strip()
        if time.monotonic() - started > HEALTHY_RUN_SECONDS:
            failures = 0
        delay = RESTART_DELAYS[min(failures, len(RESTART_DELAYS) - 1)]
        failures += 1
        logger.warning("worker restarts in %.0f s: %s", delay, reason)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=delay)


async def run_once(real: App, stopping: asyncio.Event, *, concurrency: int, wait: bool) -> bool:
    """Run the worker until it stops. True: we were asked to stop (or had nothing to do)."""
    async with real.open_async():
        worker = asyncio.create_task(
            real.run_worker_async(concurrency=concurrency, wait=wait, install_signal_handlers=False)
        )
        stop = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait({worker, stop}, return_when=asyncio.FIRST_COMPLETED)
        if worker not in done:
            worker.cancel()  # procrastinate stops gracefully: running jobs finish first
            with contextlib.suppress(asyncio.CancelledError):
                await worker
            return True
        stop.cancel()
        worker.result()  # its error, if it failed
        return not wait or stopping.is_set()

"""The background worker: a procrastinate app whose jobs extract claims from articles."""

from __future__ import annotations

import logging

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy

from app.db import libpq_url, resolve_database_url
from app.jobs import EXTRACT_TASK, QUEUE

logger = logging.getLogger("claimdesk.worker")
STALLED_AFTER_SECONDS = 60


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
    """Consume extraction jobs until stopped (Ctrl-C or SIGTERM)."""
    from app.extract import get_extractor

    get_extractor()  # load the language model before taking jobs
    connector = PsycopgConnector(conninfo=libpq_url(resolve_database_url()))
    with app.replace_connector(connector) as real:
        real.run_worker(concurrency=concurrency, wait=wait, install_signal_handlers=True)

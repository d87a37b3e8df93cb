"""Enqueue background jobs inside the caller's transaction.

Procrastinate's own `defer` opens a connection of its own, so a job could be queued for an
article whose transaction then rolls back (or an article saved whose job was lost). Calling the
queue's SQL function on the request's connection makes "article stored" and "extraction queued"
one atomic step.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlalchemy.orm import Session

EXTRACT_TASK = "extract_article"
QUEUE = "extraction"

_DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
    ":queue, :task, :priority, :lock, NULL, CAST(:args AS jsonb), NULL"
    ")::procrastinate_job_to_defer_v1]))"
)


def enqueue_extraction(session: Session, *, article_id: int, priority: int = 0) -> int:
    """Queue extraction of one article; two jobs for one article never run at once."""
    job_id = session.execute(
        _DEFER,
        {
            "queue": QUEUE,
            "task": EXTRACT_TASK,
            "priority": priority,
            "lock": f"article-{article_id}",
            "args": json.dumps({"article_id": article_id}),
        },
    ).scalar_one()
    return int(job_id)

"""JSON API under /api/v1, documented at /docs."""

from typing import Any

from fastapi import APIRouter

from app.api import actors, articles, claim_edits, claims, disputes, health
from app.api.errors import ERRORS

# (router, the error responses its operations document); the app includes them one by one.
ROUTERS: tuple[tuple[APIRouter, dict[int | str, dict[str, Any]] | None], ...] = (
    *((module.router, ERRORS) for module in (articles, claim_edits, claims, actors, disputes)),
    (claim_edits.tags_router, ERRORS),
    (health.router, None),
)

"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import actors, articles, claim_edits, claims, disputes, health
from app.api.errors import ERRORS

router = APIRouter()
for module in (articles, claim_edits, claims, actors, disputes):
    router.include_router(module.router, responses=ERRORS)
router.include_router(claim_edits.tags_router, responses=ERRORS)
router.include_router(health.router)

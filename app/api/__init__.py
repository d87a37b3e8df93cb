"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import actors, articles, claim_edits, claims, disputes, health

router = APIRouter()
for module in (health, articles, claim_edits, claims, actors, disputes):
    router.include_router(module.router)
router.include_router(claim_edits.tags_router)

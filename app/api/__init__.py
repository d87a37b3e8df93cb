"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import articles, claim_edits, health

router = APIRouter()
for module in (health, articles, claim_edits):
    router.include_router(module.router)

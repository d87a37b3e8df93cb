"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import articles, health

router = APIRouter()
for module in (health, articles):
    router.include_router(module.router)

"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import health

router = APIRouter()
router.include_router(health.router)

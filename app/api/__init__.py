"""JSON API under /api/v1, documented at /docs."""

from fastapi import APIRouter

from app.api import actors, claims, health

router = APIRouter()
router.include_router(health.router)
router.include_router(claims.router)
router.include_router(actors.router)

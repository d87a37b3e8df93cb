"""HTML pages. Each module is one area of the site."""

from fastapi import APIRouter

from app.web import (
    activity,
    actor_edits,
    actors,
    admin,
    articles,
    auth,
    bulk_edits,
    claims,
    compare,
    disputes,
    editorial,
    home,
)

router = APIRouter()
for module in (
    auth,
    home,
    activity,
    admin,
    articles,
    bulk_edits,
    editorial,
    disputes,
    compare,
    claims,
    actor_edits,
    actors,
):
    router.include_router(module.router)

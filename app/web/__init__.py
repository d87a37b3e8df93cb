"""HTML pages. Each module is one area of the site."""

from fastapi import APIRouter

from app.web import actors, articles, auth, bulk_edits, claims, editorial, home

router = APIRouter()
for module in (auth, home, articles, bulk_edits, editorial, claims, actors):
    router.include_router(module.router)

"""HTML pages. Each module is one area of the site."""

from fastapi import APIRouter

from app.web import actors, auth, claims, home

router = APIRouter()
for module in (auth, home, claims, actors):
    router.include_router(module.router)

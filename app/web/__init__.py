"""HTML pages. Each module is one area of the site."""

from fastapi import APIRouter

from app.web import articles, auth, home

router = APIRouter()
for module in (auth, home, articles):
    router.include_router(module.router)

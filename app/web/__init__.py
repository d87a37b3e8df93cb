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

# The app includes these one by one (app/main.py). FastAPI tries each route in turn (about
# 3 us each), and a router of routers matched every level twice; the pages people open most
# come first. No two modules serve the same method and path, so their order changes nothing
# else (within a module, order still matters: /articles/new before /articles/{article_id}).
HOT_ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router for module in (claims, articles, actors, disputes)
)
OTHER_ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router
    for module in (home, compare, activity, auth, admin, bulk_edits, editorial, actor_edits)
)

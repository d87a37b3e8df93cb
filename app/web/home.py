"""The home page: where a new user starts, and where a regular finds the latest."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from app.auth import Reader
from app.db import SessionDep
from app.models import Actor, Article, Claim
from app.web.render import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, session: SessionDep, user: Reader) -> Response:
    counts = {
        "articles": session.scalar(select(func.count()).select_from(Article)) or 0,
        "claims": session.scalar(select(func.count()).select_from(Claim)) or 0,
        "actors": session.scalar(select(func.count()).select_from(Actor)) or 0,
    }
    latest = session.scalars(select(Article).order_by(Article.ingested_at.desc()).limit(8)).all()
    return render(request, "home.html", {"counts": counts, "latest": latest})

"""The home page: where a new user starts, and where a regular finds the latest, their saved
views and the claims assigned to them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from app.auth import Journalist, Reader
from app.db import SessionDep
from app.errors import UserError
from app.models import Actor, Article, Claim
from app.queries import ClaimFilters, page_claims
from app.services.claims import InvalidEdit
from app.services.saved_views import delete_view, save_view, views_of
from app.web.render import render

router = APIRouter()
ASSIGNED_ON_HOME = 20


@router.get("/", include_in_schema=False)
def home(request: Request, session: SessionDep, user: Reader) -> Response:
    live = Claim.deleted_at.is_(None)
    counts = {
        "articles": session.scalar(select(func.count()).select_from(Article)) or 0,
        "claims": session.scalar(select(func.count()).select_from(Claim).where(live)) or 0,
        "actors": session.scalar(
            select(func.count()).select_from(Actor).where(Actor.merged_into_id.is_(None))
        ) or 0,
    }
    latest = session.scalars(select(Article).order_by(Article.ingested_at.desc()).limit(8)).all()
    mine = (
        page_claims(session, ClaimFilters(assigned="me", assignee_id=user.id), ASSIGNED_ON_HOME)
        if user else None
    )
    context = {
        "counts": counts,
        "latest": latest,
        "views": views_of(session, user) if user else [],
        "assigned": mine.items if mine else [],
        "more_assigned": bool(mine and mine.next_cursor),
    }
    return render(request, "home.html", context)


@router.post("/views", include_in_schema=False)
def add_saved_view(
    session: SessionDep,
    user: Journalist,
    name: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "/claims",
) -> Response:
    try:
        save_view(session, user=user, name=name, address=address)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return RedirectResponse("/#saved-views", status_code=303)


@router.post("/views/{view_id}/delete", include_in_schema=False)
def remove_saved_view(session: SessionDep, user: Journalist, view_id: int) -> Response:
    if not delete_view(session, user=user, view_id=view_id):
        raise UserError("There is no such saved view of yours.", 404)
    session.commit()
    return RedirectResponse("/#saved-views", status_code=303)

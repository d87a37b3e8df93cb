"""Saved views: a named claims-table address, kept per user for the home page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import SavedView, User
from app.queries import ClaimFilters
from app.services.claims import InvalidEdit


def clean_query(address: str) -> str:
    """Keep only a claims-table query: the filters, validated, without a page cursor."""
    parts = urlsplit(address.strip())
    if parts.path not in ("", "/claims"):
        raise InvalidEdit("A saved view is an address of the claims table, /claims?...")
    params = dict(parse_qsl(parts.query))
    params.pop("cursor", None)
    return urlencode(ClaimFilters.parse(params).to_params())


def save_view(session: Session, *, user: User, name: str, address: str) -> SavedView:
    title = name.strip()
    if not title:
        raise InvalidEdit("Give the view a name, e.g. 'contested, last 7 days'.")
    view = SavedView(user_id=user.id, name=title[:120], query=clean_query(address))
    session.add(view)
    session.flush()
    return view


def views_of(session: Session, user: User) -> list[SavedView]:
    return list(
        session.scalars(
            select(SavedView).where(SavedView.user_id == user.id).order_by(SavedView.name)
        )
    )


def delete_view(session: Session, *, user: User, view_id: int) -> bool:
    result = session.execute(
        delete(SavedView).where(SavedView.id == view_id, SavedView.user_id == user.id)
    )
    return bool(getattr(result, "rowcount", 0))

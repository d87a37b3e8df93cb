"""Bulk changes on the claims table: a selection, or everything a filter matches. A first
POST shows "This will change N claims"; the confirmed POST changes them, audited per claim."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth import Editor
from app.db import SessionDep
from app.errors import UserError
from app.models import Claim
from app.numbers import is_id
from app.queries import COUNT_CAP, ClaimFilters, matching_claim_ids
from app.services.claims import InvalidEdit, bulk_edit, normalise_tags
from app.web.forms import FormPairs, split_tags
from app.web.render import render

router = APIRouter()
FILTER_FIELDS = ("q", "claimant", "outlet", "kind", "status", "article_id", "date_from",
                 "date_to", "days", "tag", "assigned", "sort")


def chosen_ids(session: SessionDep, pairs: FormPairs, user_id: int) -> tuple[list[int], str]:
    fields = dict(pairs)
    if fields.get("scope") == "filter":
        filters = ClaimFilters.parse({k: v for k, v in fields.items() if k in FILTER_FIELDS})
        filters = replace(filters, assignee_id=user_id)
        ids = matching_claim_ids(session, filters, COUNT_CAP)
        if len(ids) > COUNT_CAP:
            raise UserError(f"More than {COUNT_CAP:,} claims match; narrow the filter first.", 422)
        return ids, urlencode(filters.to_params())
    ids = sorted({int(v) for k, v in pairs if k == "ids" and is_id(v)})
    if not ids:
        raise UserError("Select some claims first (tick their boxes, or press x on a row).", 422)
    live = select(Claim.id).where(Claim.id.in_(ids), Claim.deleted_at.is_(None))
    filters = ClaimFilters.parse({k: v for k, v in fields.items() if k in FILTER_FIELDS})
    return list(session.scalars(live)), urlencode(filters.to_params())


def described_change(pairs: FormPairs) -> tuple[str | None, list[str]]:
    fields = dict(pairs)
    status = fields.get("set_status") or None
    tags = normalise_tags(split_tags(fields.get("add_tags", "")))
    if status is None and not tags:
        raise UserError("Choose a status to set or tags to add.", 422)
    return status, tags


@router.post("/claims/bulk", include_in_schema=False)
def bulk_preview(request: Request, session: SessionDep, user: Editor, pairs: FormPairs) -> Response:
    status, tags = described_change(pairs)
    ids, query = chosen_ids(session, pairs, user.id)
    kept = [(k, v) for k, v in pairs if k != "csrf_token"]
    if dict(pairs).get("scope") == "filter":
        kept = [(k, v) for k, v in kept if k != "ids"]
    context = {"count": len(ids), "status": status, "tags": tags, "fields": kept,
               "back": f"/claims?{query}" if query else "/claims"}
    return render(request, "bulk_confirm.html", context)


@router.post("/claims/bulk/apply", include_in_schema=False)
def bulk_apply(request: Request, session: SessionDep, user: Editor, pairs: FormPairs) -> Response:
    status, tags = described_change(pairs)
    ids, query = chosen_ids(session, pairs, user.id)
    claims = list(session.scalars(
        select(Claim).where(Claim.id.in_(ids)).options(selectinload(Claim.tags))
        .order_by(Claim.id).with_for_update(of=Claim)
    ))
    try:
        changed = bulk_edit(session, claims=claims, user=user, status=status, add_tags=tags)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    params = f"{query}&changed={changed}" if query else f"changed={changed}"
    return RedirectResponse(f"/claims?{params}", status_code=303)

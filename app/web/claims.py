"""The claims table (filters, keyset pages, htmx live update), one claim's page, and the
CSV / JSON exports of any filtered view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from app import menus
from app.auth import Reader, is_editor
from app.config import get_settings
from app.db import SessionDep
from app.errors import UserError
from app.export import export_filename, iter_claimreview, iter_csv_copy, iter_json
from app.models import CLAIM_KINDS, Claim, User
from app.numbers import is_id
from app.queries import (
    COUNT_CAP,
    SORT_LABELS,
    ClaimFilters,
    alias_names,
    claimant_name_cap,
    count_for_page,
    get_claim,
    iter_claims,
    other_claims_by_claimant,
    page_claims,
)
from app.queries_disputes import disputes_of_claims, open_disputes, pending_suggestions
from app.query_params import PageClaimFiltersDep
from app.web.editorial_context import editorial_context
from app.web.render import render

router = APIRouter()

CONTEXT_MARGIN = 200


def link(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


@router.get("/claims", include_in_schema=False)
def claims_page(
    request: Request, session: SessionDep, user: Reader, filters: PageClaimFiltersDep
) -> Response:
    page = page_claims(session, filters, get_settings().page_size)
    params = filters.to_params()
    changed = request.query_params.get("changed", "")
    context = {
        "editable": is_editor(user),
        "tag_suggestions": menus.tag_suggestions(session) if is_editor(user) else [],
        "here": link("/claims", params),
        "changed": int(changed) if is_id(changed) else None,
        "claimreview_url": link("/claims.claimreview.json", params),
        "filters": filters,
        "page": page,
        "matches": count_for_page(session, filters, page),
        "count_cap": COUNT_CAP,
        "claimant_cap": claimant_name_cap(session, filters),
        "outlets": menus.outlets(session),
        "kinds": CLAIM_KINDS,
        "sort_labels": SORT_LABELS,
        "next_url": link("/claims", filters.next_page(page.next_cursor).to_params(with_cursor=True))
        if page.next_cursor
        else None,
        "first_url": link("/claims", params) if filters.cursor else None,
        "csv_url": link("/claims.csv", params),
        "json_url": link("/claims.json", params),
    }
    return render(request, "claims.html", context, block="rows")


def attachment(extension: str) -> dict[str, str]:
    name = export_filename(extension, datetime.now(UTC).date())
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/claims.csv", include_in_schema=False)
def claims_csv(
    session: SessionDep, user: Reader, filters: PageClaimFiltersDep, bom: bool = False
) -> StreamingResponse:
    return StreamingResponse(
        iter_csv_copy(session, filters, bom=bom),
        media_type="text/csv; charset=utf-8",
        headers=attachment("csv"),
    )


@router.get("/claims.json", include_in_schema=False)
def claims_json(
    session: SessionDep, user: Reader, filters: PageClaimFiltersDep
) -> StreamingResponse:
    return StreamingResponse(
        iter_json(iter_claims(session, filters)),
        media_type="application/json",
        headers=attachment("json"),
    )


@router.get("/claims.claimreview.json", include_in_schema=False)
def claims_claimreview(
    request: Request, session: SessionDep, user: Reader, filters: PageClaimFiltersDep
) -> StreamingResponse:
    """schema.org ClaimReview for every claim with a verdict in the filtered view."""
    settings = get_settings()
    site = settings.site_url or str(request.base_url)
    return StreamingResponse(
        iter_claimreview(iter_claims(session, filters), author=settings.claimreview_author,
                         site_url=site),
        media_type="application/ld+json",
        headers=attachment("claimreview.json"),
    )


@dataclass(frozen=True)
class ClaimContext:
    """The claim inside its surroundings, cut into plain-text pieces the template escapes."""

    before: str
    claim: str
    after: str
    cut_before: bool
    cut_after: bool


def claim_context(
    text: str,
    start: int,
    end: int,
    sentence_start: int,
    sentence_end: int,
    margin: int = CONTEXT_MARGIN,
) -> ClaimContext:
    """The claim's sentence plus about `margin` characters either side, cut at word breaks."""
    lo = max(0, min(start, sentence_start) - margin)
    hi = min(len(text), max(end, sentence_end) + margin)
    if lo > 0 and (space := text.find(" ", lo, start)) != -1:
        lo = space + 1
    if hi < len(text) and (space := text.rfind(" ", end, hi)) != -1:
        hi = space
    return ClaimContext(
        before=text[lo:start],
        claim=text[start:end],
        after=text[end:hi],
        cut_before=lo > 0,
        cut_after=hi < len(text),
    )


@router.get("/claims/{claim_id}", include_in_schema=False)
def claim_page(request: Request, session: SessionDep, user: Reader, claim_id: int) -> Response:
    """Editors also see deleted claims here, so they can restore them."""
    claim = get_claim(session, claim_id, include_deleted=is_editor(user))
    if claim is None:
        raise UserError(f"There is no claim number {claim_id}. It may have been removed.", 404)
    return render(request, "claim.html", claim_page_context(session, claim, user))


def claim_page_context(session: SessionDep, claim: Claim, user: User | None) -> dict[str, object]:
    text = claim.article.text
    return {
        **editorial_context(session, claim, user),
        "claim": claim,
        "context": claim_context(
            text, claim.start, claim.end, claim.sentence_start, claim.sentence_end
        ),
        "aliases": alias_names(claim.actor) if claim.actor else [],
        "others": other_claims_by_claimant(session, claim),
        "disputes": disputes_of_claims(session, [claim.id]),
        "suggestions": pending_suggestions(session, claim_id=claim.id, limit=5) if user else [],
        "open_disputes": open_disputes(session) if is_editor(user) else [],
        "claimant_claims_url": link(
            "/claims", ClaimFilters(claimant=str(claim.actor_id or claim.claimant)).to_params()
        ),
    }

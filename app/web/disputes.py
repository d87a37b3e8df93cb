"""Disputes in the browser: the list, the side-by-side page, its CSV, editors' changes, and
the suggestions editors confirm or dismiss. Plain forms that redirect; htmx swaps blocks."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from app import menus
from app.auth import Editor, Journalist, Reader, is_editor
from app.db import SessionDep
from app.dispute_models import Dispute, DisputeStatus, LinkKind
from app.errors import UserError
from app.export import neutralise_formula
from app.numbers import is_id
from app.queries_disputes import (
    DisputeFilters,
    Member,
    dispute_members,
    list_disputes,
    open_disputes,
    pending_suggestions,
)
from app.services import disputes as service
from app.services.audit import StaleVersion, history, usernames
from app.web.claims import claim_context
from app.web.dispute_view import columns, figures, number, timeline
from app.web.forms import FormPairs, conflict_response, safe_back
from app.web.render import render, render_or_redirect, templates

router = APIRouter()
templates.env.filters["number"] = number

Version = Annotated[int, Form()]
Text = Annotated[str, Form()]
CSV_COLUMNS = (
    "dispute_id",
    "question",
    "dispute_status",
    "side",
    "claim_id",
    "claimant",
    "outlet",
    "published_at",
    "claim_status",
    "content",
    "article_url",
)


@router.get("/disputes", include_in_schema=False)
def disputes_page(request: Request, session: SessionDep, user: Reader) -> Response:
    filters = DisputeFilters.from_params(request.query_params)
    context = {
        "rows": list_disputes(session, filters),
        "filters": filters,
        "statuses": [s.value for s in DisputeStatus],
        "outlets": menus.outlets(session),
        "editable": is_editor(user),
    }
    return render(request, "disputes.html", context, block="rows")


@router.post("/disputes", include_in_schema=False)
def create_dispute(
    session: SessionDep, user: Editor, question: Text, description: Text = ""
) -> Response:
    dispute = service.create_dispute(session, user=user, question=question, description=description)
    session.commit()
    return RedirectResponse(f"/disputes/{dispute.id}", status_code=303)


@router.get("/disputes/suggestions", include_in_schema=False)
def suggestions_page(request: Request, session: SessionDep, user: Journalist) -> Response:
    context = {
        "suggestions": pending_suggestions(session),
        "open_disputes": open_disputes(session),
        "editable": is_editor(user),
        "back": "/disputes/suggestions",
    }
    return render(request, "dispute_suggestions.html", context, block="suggestions")


@router.post("/disputes/suggestions/{link_id}/confirm", include_in_schema=False)
def confirm_suggestion(
    session: SessionDep,
    user: Editor,
    link_id: int,
    question: Text = "",
    dispute_id: Text = "",
    side_first: Text = "",
    side_second: Text = "",
) -> Response:
    chosen = int(dispute_id) if is_id(dispute_id) else None
    dispute = service.confirm_suggestion(
        session,
        link_id=link_id,
        user=user,
        dispute_id=chosen,
        question=question,
        sides=(side_first, side_second),
    )
    session.commit()
    return RedirectResponse(f"/disputes/{dispute.id}", status_code=303)


@router.post("/disputes/suggestions/{link_id}/dismiss", include_in_schema=False)
def dismiss_suggestion(
    request: Request, session: SessionDep, user: Editor, link_id: int, back: Text = ""
) -> Response:
    service.dismiss_suggestion(session, link_id=link_id, user=user)
    session.commit()
    target = safe_back(back, "/disputes/suggestions")
    on_claim = re.fullmatch(r"/claims/(\d+)", target)  # the claim page lists only its own
    remaining = pending_suggestions(session, claim_id=int(on_claim[1]) if on_claim else None)
    context = {
        "suggestions": remaining,
        "editable": True,
        "back": target,
        "open_disputes": open_disputes(session),
    }
    return render_or_redirect(
        request, "dispute_suggestions.html", context, block="suggestions", redirect_to=target
    )


def dispute_or_404(session: SessionDep, dispute_id: int) -> Dispute:
    """The dispute alone: its members are read as rows (`dispute_members`)."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise UserError(f"There is no dispute {dispute_id}.", 404)
    return dispute


@router.get("/disputes/{dispute_id}.csv", include_in_schema=False)
def dispute_csv(session: SessionDep, user: Reader, dispute_id: int) -> StreamingResponse:
    dispute = dispute_or_404(session, dispute_id)
    return StreamingResponse(
        iter_dispute_csv(dispute, dispute_members(session, dispute_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="dispute-{dispute.id}.csv"'},
    )


def iter_dispute_csv(dispute: Dispute, members: list[Member]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for col in columns(members):
        for membership in col.members:
            claim = membership.claim
            cells = [
                dispute.id,
                dispute.question,
                dispute.status,
                col.label,
                claim.id,
                claim.claimant,
                claim.article.outlet or "",
                claim.published_at.isoformat() if claim.published_at else "",
                claim.status,
                claim.content,
                claim.article.url or "",
            ]
            writer.writerow([neutralise_formula(str(cell)) for cell in cells])
    yield buffer.getvalue()


@router.get("/disputes/{dispute_id}", include_in_schema=False)
def dispute_page(request: Request, session: SessionDep, user: Reader, dispute_id: int) -> Response:
    dispute = dispute_or_404(session, dispute_id)
    return render(
        request,
        "dispute.html",
        dispute_context(session, dispute, user is not None and is_editor(user)),
    )


def dispute_context(session: SessionDep, dispute: Dispute, editable: bool) -> dict[str, object]:
    cols = columns(dispute_members(session, dispute.id))
    events = list(reversed(history(session, entity_type="dispute", entity_id=dispute.id)))
    contexts = {
        m.claim.id: claim_context(
            m.claim.article.text,
            m.claim.start,
            m.claim.end,
            m.claim.sentence_start,
            m.claim.sentence_end,
            margin=80,
        )
        for col in cols
        for m in col.members
    }
    return {
        "dispute": dispute,
        "columns": cols,
        "figures": figures(cols),
        "timeline": timeline(cols),
        "contexts": contexts,
        "events": events,
        "event_users": usernames(session, events),
        "editable": editable,
        "statuses": [s.value for s in DisputeStatus],
        "link_kinds": [k.value for k in LinkKind],
    }


def stale_dispute(
    request: Request,
    session: SessionDep,
    stale: StaleVersion,
    dispute_id: int,
    version: int,
    action: str,
    pairs: FormPairs,
) -> Response:
    session.rollback()
    dispute = dispute_or_404(session, dispute_id)
    current = {
        "question": dispute.question,
        "status": dispute.status,
        "claims": len(dispute_members(session, dispute_id)),
    }
    return conflict_response(
        request,
        session,
        stale,
        sent_version=version,
        action=action,
        back=f"/disputes/{dispute_id}",
        current=current,
        submitted=pairs,
    )


def locked(session: SessionDep, dispute_id: int) -> Dispute:
    dispute = session.get(Dispute, dispute_id, with_for_update=True)
    if dispute is None:
        raise UserError(f"There is no dispute {dispute_id}.", 404)
    return dispute


def change_dispute(
    request: Request,
    session: SessionDep,
    dispute_id: int,
    version: int,
    pairs: FormPairs,
    change: Callable[[Dispute], object],
) -> Response:
    """Lock the dispute, apply one versioned change, and answer a stale form with the changes
    made since (its re-apply button posts to the same address)."""
    dispute = locked(session, dispute_id)
    try:
        change(dispute)
    except StaleVersion as stale:
        return stale_dispute(request, session, stale, dispute_id, version, request.url.path, pairs)
    session.commit()
    return RedirectResponse(f"/disputes/{dispute_id}", status_code=303)


@router.post("/disputes/{dispute_id}/edit", include_in_schema=False)
def edit_dispute(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    dispute_id: int,
    version: Version,
    question: Text = "",
    description: Text = "",
    status: Text = "",
) -> Response:
    return change_dispute(
        request,
        session,
        dispute_id,
        version,
        pairs,
        lambda dispute: service.edit_dispute(
            session,
            dispute=dispute,
            user=user,
            version=version,
            question=question or None,
            description=description,
            status=status or None,
        ),
    )


@router.post("/disputes/{dispute_id}/claims", include_in_schema=False)
def add_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    dispute_id: int,
    version: Version,
    claim_id: Annotated[int, Form()],
    side: Text = "",
) -> Response:
    return change_dispute(
        request,
        session,
        dispute_id,
        version,
        pairs,
        lambda dispute: service.add_claim(
            session, dispute=dispute, user=user, claim_id=claim_id, side=side, version=version
        ),
    )


@router.post("/disputes/{dispute_id}/claims/{claim_id}/side", include_in_schema=False)
def change_side(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    dispute_id: int,
    claim_id: int,
    version: Version,
    side: Text = "",
) -> Response:
    return change_dispute(
        request,
        session,
        dispute_id,
        version,
        pairs,
        lambda dispute: service.set_side(
            session, dispute=dispute, user=user, claim_id=claim_id, side=side, version=version
        ),
    )


@router.post("/disputes/{dispute_id}/claims/{claim_id}/remove", include_in_schema=False)
def remove_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    dispute_id: int,
    claim_id: int,
    version: Version,
) -> Response:
    return change_dispute(
        request,
        session,
        dispute_id,
        version,
        pairs,
        lambda dispute: service.remove_claim(
            session, dispute=dispute, user=user, claim_id=claim_id, version=version
        ),
    )


@router.post("/claims/{claim_id}/links", include_in_schema=False)
def link_claims(
    session: SessionDep,
    user: Editor,
    claim_id: int,
    other_claim_id: Annotated[int, Form()],
    kind: Text = "contradicts",
) -> Response:
    service.link_claims(session, user=user, first_id=claim_id, second_id=other_claim_id, kind=kind)
    session.commit()
    return RedirectResponse(f"/claims/{claim_id}#disputes", status_code=303)

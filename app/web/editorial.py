"""Editors change claims from any table or page: status and tags in place, notes, assignment,
corrections (claimant, span, delete/restore, a missed claim added). Each route is a plain form
that works without JavaScript; htmx gets the updated row or panel back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from app.auth import Editor, Reader
from app.db import SessionDep
from app.errors import UserError
from app.models import Actor, Article, Claim, User
from app.numbers import is_id
from app.queries import get_claim, get_claim_row, tags_with_prefix
from app.services.actors import find_or_create_actor
from app.services.audit import StaleVersion
from app.services.claims import ClaimEdit, InvalidEdit, apply_edit
from app.services.corrections import (
    add_claim,
    adjust_span,
    assign,
    delete_claim,
    reassign,
    restore_claim,
)
from app.web.claims import claim_page_context
from app.web.forms import FormPairs, conflict_response, safe_back, split_tags
from app.web.render import render, render_or_redirect

router = APIRouter()

Version = Annotated[int, Form()]


def claim_for_edit(session: SessionDep, claim_id: int, *, deleted: bool = False) -> Claim:
    claim = session.get(Claim, claim_id, with_for_update=True)
    if claim is None or (claim.deleted_at is not None and not deleted):
        raise UserError(f"There is no claim {claim_id}. It may have been deleted.", 404)
    return claim


def claim_state(claim: Claim) -> dict[str, object]:
    return {
        "status": claim.status,
        "tags": [t.name for t in claim.tags],
        "claimant": claim.claimant,
        "span": f"{claim.start}–{claim.end}: {claim.content}",
        "deleted": "yes" if claim.deleted_at else "no",
    }


def updated(
    request: Request, session: SessionDep, claim: Claim, user: User, fragment: str, back: str
) -> Response:
    """The row (claims table) or the review panel (claim page), or a redirect for plain forms."""
    session.commit()
    if fragment in ("row", "row-without-claimant"):  # the claims table, or a claimant's
        row = get_claim_row(session, claim.id)
        context = {"c": row, "back": back, "show_claimant": fragment == "row"}
        return render_or_redirect(request, "claim_row.html", context, block="row", redirect_to=back)
    fresh = get_claim(session, claim.id, include_deleted=True)
    assert fresh is not None
    return render_or_redirect(
        request,
        "claim.html",
        claim_page_context(session, fresh, user),
        block="editorial",
        redirect_to=f"/claims/{claim.id}",
    )


def guarded(
    request: Request,
    session: SessionDep,
    claim_id: int,
    version: int,
    pairs: FormPairs,
    action: str,
    change: Callable[[], object],
) -> Response | None:
    """Apply one versioned change to a claim. A stale version answers with the conflict page
    (its re-apply button posts to `action`); a refused change is a 422 with the reason."""
    try:
        change()
    except StaleVersion as stale:
        return stale_claim(request, session, stale, claim_id, version, action, pairs)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    return None


def stale_claim(
    request: Request,
    session: SessionDep,
    stale: StaleVersion,
    claim_id: int,
    version: int,
    action: str,
    pairs: FormPairs,
) -> Response:
    session.rollback()
    claim = claim_for_edit(session, claim_id, deleted=True)
    return conflict_response(
        request,
        session,
        stale,
        sent_version=version,
        action=action,
        back=f"/claims/{claim_id}",
        current=claim_state(claim),
        submitted=pairs,
    )


@router.post("/claims/{claim_id}/edit", include_in_schema=False)
def edit_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
    status: Annotated[str, Form()] = "",
    tags: Annotated[str | None, Form()] = None,
    note: Annotated[str, Form()] = "",
    fragment: Annotated[str, Form()] = "claim",
    next: Annotated[str, Form()] = "",
) -> Response:
    claim = claim_for_edit(session, claim_id)
    edit = ClaimEdit(
        version=version,
        status=status or None,
        tags=split_tags(tags) if tags is not None else None,
        note=note if note.strip() else None,
    )
    if conflict := guarded(
        request,
        session,
        claim_id,
        version,
        pairs,
        f"/claims/{claim_id}/edit",
        lambda: apply_edit(session, claim=claim, user=user, edit=edit),
    ):
        return conflict
    return updated(request, session, claim, user, fragment, safe_back(next, "/claims"))


@router.post("/claims/{claim_id}/notes", include_in_schema=False)
def note_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
    note: Annotated[str, Form()] = "",
) -> Response:
    if not note.strip():
        raise UserError("A note cannot be empty.", 422)
    return edit_claim(request, session, user, pairs, claim_id, version, note=note)


@router.post("/claims/{claim_id}/assign", include_in_schema=False)
def assign_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
    assignee: Annotated[str, Form()] = "",
) -> Response:
    claim = claim_for_edit(session, claim_id)
    colleague = session.get(User, int(assignee)) if is_id(assignee) else None
    if assignee and colleague is None:
        raise UserError(f"There is no user {assignee}.", 422)
    if conflict := guarded(
        request,
        session,
        claim_id,
        version,
        pairs,
        f"/claims/{claim_id}/assign",
        lambda: assign(session, claim=claim, user=user, assignee=colleague, version=version),
    ):
        return conflict
    return updated(request, session, claim, user, "claim", f"/claims/{claim_id}")


def actor_named(session: SessionDep, claim: Claim, claimant: str) -> Actor:
    """A claimant number, an existing claimant's name, or a new claimant."""
    text = claimant.strip()
    if not text:
        raise UserError("Say who made the claim: a name or a claimant number.", 422)
    if is_id(text):
        actor = session.get(Actor, int(text))
        if actor is None:
            raise UserError(f"There is no claimant number {text}.", 422)
        return actor
    same = session.scalars(
        select(Actor).where(Actor.name == text, Actor.merged_into_id.is_(None))
    ).first()
    return same or find_or_create_actor(
        session, name=text, kind="person", article_id=claim.article_id
    )


@router.post("/claims/{claim_id}/claimant", include_in_schema=False)
def reassign_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
    claimant: Annotated[str, Form()] = "",
) -> Response:
    claim = claim_for_edit(session, claim_id)
    if conflict := guarded(
        request,
        session,
        claim_id,
        version,
        pairs,
        f"/claims/{claim_id}/claimant",
        lambda: reassign(
            session,
            claim=claim,
            user=user,
            actor=actor_named(session, claim, claimant),
            version=version,
        ),
    ):
        return conflict
    return updated(request, session, claim, user, "claim", f"/claims/{claim_id}")


@router.post("/claims/{claim_id}/span", include_in_schema=False)
def adjust_claim_span(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
    start: Annotated[int, Form()],
    end: Annotated[int, Form()],
) -> Response:
    claim = claim_for_edit(session, claim_id)
    if conflict := guarded(
        request,
        session,
        claim_id,
        version,
        pairs,
        f"/claims/{claim_id}/span",
        lambda: adjust_span(session, claim=claim, user=user, start=start, end=end, version=version),
    ):
        return conflict
    return updated(request, session, claim, user, "claim", f"/claims/{claim_id}")


@router.post("/claims/{claim_id}/delete", include_in_schema=False)
def delete_false_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    pairs: FormPairs,
    claim_id: int,
    version: Version,
) -> Response:
    claim = claim_for_edit(session, claim_id)
    try:
        delete_claim(session, claim=claim, user=user, version=version)
    except StaleVersion as stale:
        return stale_claim(
            request, session, stale, claim_id, version, f"/claims/{claim_id}/delete", pairs
        )
    session.commit()
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/claims/{claim_id}/restore", include_in_schema=False)
def restore_deleted_claim(
    request: Request, session: SessionDep, user: Editor, claim_id: int
) -> Response:
    claim = claim_for_edit(session, claim_id, deleted=True)
    try:
        restore_claim(session, claim=claim, user=user)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/articles/{article_id}/claims", include_in_schema=False)
def add_missed_claim(
    request: Request,
    session: SessionDep,
    user: Editor,
    article_id: int,
    start: Annotated[int, Form()],
    end: Annotated[int, Form()],
    claimant: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "direct",
    cue: Annotated[str, Form()] = "",
    quote: Annotated[str, Form()] = "",
) -> Response:
    article = session.get(Article, article_id)
    if article is None:
        raise UserError(f"There is no article {article_id}.", 404)
    if quote and article.text[start:end] != quote:  # the browser's count drifted: trust words
        found = article.text.find(quote, max(0, start - 200))
        if found == -1:
            found = article.text.find(quote)
        if found != -1:
            start, end = found, found + len(quote)
    try:
        claim = add_claim(
            session,
            article=article,
            user=user,
            start=start,
            end=end,
            claimant=claimant,
            kind=kind,
            cue=cue,
        )
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return RedirectResponse(f"/claims/{claim.id}", status_code=303)


@router.get("/tags", include_in_schema=False)
def tag_options(
    request: Request, session: SessionDep, user: Reader, tags: str = "", prefix: str = ""
) -> Response:
    """Existing tags completing the last one being typed; the whole page lists them."""
    head, _, typing = tags.rpartition(",")
    done = [t.strip() for t in split_tags(head)]
    found = tags_with_prefix(session, prefix or typing, limit=10 if tags or prefix else 200)
    lead = ", ".join(done)
    options = [f"{lead}, {t}" if lead else t for t in found]
    return render(request, "tags.html", {"found": found, "options": options}, block="options")

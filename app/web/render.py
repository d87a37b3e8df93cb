"""One place decides between a whole page and an htmx fragment."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.auth import csrf_token
from app.config import PROJECT_ROOT, get_settings
from app.models import ACTOR_ACCESS, ACTOR_KINDS, ACTOR_SIDES, ClaimStatus
from app.services.claims import STATUS_DEFINITIONS
from app.web.claim_rows import KIND_TITLES, claim_row, claim_rows

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
# Templates ship with the code: no stat() of every template file on every render.
templates.env.auto_reload = False
templates.env.globals["claim_statuses"] = [s.value for s in ClaimStatus]
templates.env.globals["status_definitions"] = STATUS_DEFINITIONS
templates.env.globals["kind_titles"] = KIND_TITLES
templates.env.globals["actor_kinds"] = ACTOR_KINDS
templates.env.globals["actor_sides"] = ACTOR_SIDES
templates.env.globals["actor_access"] = ACTOR_ACCESS
templates.env.globals["claim_rows"] = claim_rows
templates.env.globals["claim_row"] = claim_row
# Status keys on the claims table: 1-7 in this order (shown in the help line).
templates.env.globals["status_keys"] = {s.value: str(i) for i, s in enumerate(ClaimStatus, 1)}
# Messages and conflicts from an htmx write go to the page's notice area, wherever it was sent.
NOTICE_HEADERS = {"HX-Retarget": "#notice", "HX-Reswap": "innerHTML"}


def wants_fragment(request: Request) -> bool:
    """htmx asked for part of a page. Boosted navigation and history restores (back button
    after hx-push-url, when htmx has no cached copy) still get the whole page."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-boosted") != "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    ctx = dict(context or {})
    ctx.setdefault("user", getattr(request.state, "user", None))
    ctx["csrf_token"] = csrf_token(request)
    ctx["public_read"] = get_settings().public_read
    block_name = block if block and wants_fragment(request) else None
    if block:  # one URL, two bodies: caches must not hand the fragment to a full-page visit
        headers = {**(headers or {}), "Vary": "HX-Request, HX-History-Restore-Request"}
    response = templates.TemplateResponse(
        request,
        template,
        ctx,
        block_name=block_name,
        status_code=status_code,
        headers=headers,
    )
    assert isinstance(response, HTMLResponse)
    return response


def render_or_redirect(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str,
    redirect_to: str,
) -> Response:
    """After a write: htmx gets the updated fragment, a plain form goes back (post/redirect/
    get) to the page it came from."""
    if wants_fragment(request):
        return render(request, template, context, block=block)
    return RedirectResponse(redirect_to, status_code=303)


def render_notice(
    request: Request, template: str, context: dict[str, Any], *, block: str, status_code: int
) -> HTMLResponse:
    """A whole page for a plain form; for htmx, just the block, shown in the notice area."""
    return render(
        request, template, context, block=block, status_code=status_code,
        headers=NOTICE_HEADERS if wants_fragment(request) else None,
    )

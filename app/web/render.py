"""One place decides between a whole page and an htmx fragment."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments.fastapi import Jinja2Blocks

from app.auth import csrf_token
from app.config import PROJECT_ROOT, get_settings
from app.models import ClaimStatus

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
templates.env.globals["claim_statuses"] = [s.value for s in ClaimStatus]


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

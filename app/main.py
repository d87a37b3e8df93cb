"""The FastAPI application: routers, static files, error pages, security headers."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request, Response

from app.auth import CSRF_COOKIE, csrf_protect
from app.body_limit import BodyLimit
from app.config import PROJECT_ROOT, get_settings
from app.errors import UserError
from app.web.errors import install_error_handlers
from app.web.static import CachedStaticFiles

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def create_app() -> FastAPI:
    from app.api import router as api_router
    from app.web import router as web_router

    app = FastAPI(
        title="Claimdesk",
        version="0.1.0",
        description="Who claimed what in the news. JSON API; every route also accepts "
        "`Authorization: Bearer TOKEN` (see `claimdesk users token NAME`).",
        dependencies=[Depends(refuse_nul), Depends(csrf_protect)],
    )
    install_error_handlers(app)
    app.mount("/static", CachedStaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    app.include_router(api_router)
    app.include_router(web_router)
    # Inside security_headers: a body refused there is not wrapped in its task group's errors.
    app.add_middleware(BodyLimit, max_upload_bytes=get_settings().max_upload_bytes)
    app.middleware("http")(security_headers)
    return app


async def refuse_nul(request: Request) -> None:
    """Postgres text cannot hold NUL: a filter with one would fail in the query, and a streamed
    export after its first bytes, so refuse it up front with a sentence."""
    if any("\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()):
        raise UserError("An address cannot contain a NUL character (%00). Remove it and retry.")


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    started = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf and CSRF_COOKIE not in request.cookies:
        response.set_cookie(
            CSRF_COOKIE,
            new_csrf,
            httponly=True,
            samesite="lax",
            secure=get_settings().secure_cookies,
        )
    return response

"""The FastAPI application: routers, static files, error pages, security headers."""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    from app.api import ROUTERS as API_ROUTERS
    from app.web import HOT_ROUTERS, OTHER_ROUTERS

    app = FastAPI(
        title="Claimdesk",
        version="0.1.0",
        description="Who claimed what in the news. JSON API; every route also accepts "
        "`Authorization: Bearer TOKEN` (see `claimdesk users token NAME`).",
        dependencies=[Depends(refuse_nul), Depends(csrf_protect)],
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.mount("/static", CachedStaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    # Most-read pages first, then the API, then the other pages (app/web/__init__.py).
    for web_router in HOT_ROUTERS:
        app.include_router(web_router)
    for api_router, responses in API_ROUTERS:
        app.include_router(api_router, responses=responses)
    for web_router in OTHER_ROUTERS:
        app.include_router(web_router)
    # BodyLimit inside SecurityHeaders, so a refused body still gets the headers.
    app.add_middleware(BodyLimit, max_upload_bytes=get_settings().max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app


_frozen = False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start, move everything imported and built so far (about 200,000 objects: SQLAlchemy
    mappers, templates, the ingest libraries) out of the garbage collector's sight.

    They live as long as the process, yet each full collection walked them all: about 140 ms
    during which the process answered nobody, once every few hundred requests (the tail of
    every page's latency, docs/performance.md). Frozen, a full collection takes under 1 ms.
    Once per process: later starts (tests build many apps) have nothing new worth freezing."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
    yield


class SecurityHeaders:
    """Security headers, the CSRF cookie and `Server-Timing` (request in to response
    headers out) on every response.

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware (`app.middleware("http")`) runs
    each request in a task of its own and pipes the body through a memory stream, which cost
    more than the headers themselves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers = MutableHeaders(scope=message)
                headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
                for name, value in DEFAULT_HEADERS:
                    if name not in headers:
                        headers[name] = value
                new_csrf = scope.get("state", {}).get("new_csrf")
                if new_csrf and CSRF_COOKIE not in Request(scope).cookies:
                    cookie = Response()
                    cookie.set_cookie(
                        CSRF_COOKIE,
                        new_csrf,
                        httponly=True,
                        samesite="lax",
                        secure=get_settings().secure_cookies,
                    )
                    headers.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_headers)


DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)


async def refuse_nul(request: Request) -> None:
    """Postgres text cannot hold NUL: a filter with one would fail in the query, and a streamed
    export after its first bytes, so refuse it up front with a sentence."""
    if any("\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()):
        raise UserError("An address cannot contain a NUL character (%00). Remove it and retry.")

"""Errors for people: an HTML page for the browser, JSON for the API."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.auth import CsrfFailed, Forbidden, NotAuthenticated
from app.config import get_settings
from app.errors import UserError
from app.ingest.errors import IngestError
from app.web.render import render_notice

__all__ = ["UserError", "error_response", "install_error_handlers", "is_api"]

logger = logging.getLogger("claimdesk.web")


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv"))


def error_response(request: Request, status_code: int, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    return render_notice(
        request,
        "error.html",
        {"status_code": status_code, "message": message},
        block="message",
        status_code=status_code,
    )


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query"))
        parts.append(f"{where}: {err.get('msg', 'is not valid')}" if where else err.get("msg", ""))
    return "The request was not understood. " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        return error_response(request, exc.status_code, exc.message)

    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, exc: IngestError) -> Response:
        return error_response(request, exc.status_code, exc.message)

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if is_api(request):
            return JSONResponse(
                {"detail": "Sign in first: send 'Authorization: Bearer TOKEN' or log in."},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return error_response(
            request,
            403,
            "This form has expired or came from another site. Reload the page and try again.",
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Request failed."
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        if exc.status_code == 405:
            message = "This address does not accept that kind of request."
        if exc.status_code == 413:  # the body limit stopped reading (app.body_limit)
            limit = get_settings().max_upload_bytes // 1_000_000
            message = f"That is more than the {limit} MB limit. Send a smaller file or text."
        return error_response(request, exc.status_code, message)

    @app.exception_handler(DataError)
    async def value_out_of_range(request: Request, exc: DataError) -> Response:
        # Postgres refused a value the request carried (an id past bigint, say): the
        # request's fault, not the server's, so a 400 with a sentence rather than a 500.
        logger.warning("refused a value Postgres cannot take: %s", exc.orig)
        return error_response(
            request, 400, "A number or value in the request is out of range. Check the address."
        )

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> Response:
        return error_response(
            request, 503, "The database is not answering right now. Try again in a few seconds."
        )

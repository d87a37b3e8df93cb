"""Refuse request bodies over the upload limit while they stream in, never after.

FastAPI parses a multipart form (spooling every file) or a JSON body before any handler or
auth check runs, so a size check in the handler comes after a 1 GB upload has been read whole.
This middleware stops reading at the limit: at the first read when Content-Length says too
much, else as soon as the streamed bytes pass it. The app's error handler then answers 413
with its usual sentence (app.web.errors)."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.numbers import is_id

UPLOAD_PATH = "/articles/upload"
FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers, the CSRF field, a file name
# Text sent as JSON or a urlencoded form may take several bytes a character (\u00e9, %C3%A9):
# at worst six bytes of body for one of text, so other bodies may be six times the limit.
ENCODING_FACTOR = 6


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail="Content Too Large")


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        self.app = app
        self.upload_limit = max_upload_bytes + FORM_OVERHEAD
        self.other_limit = max_upload_bytes * ENCODING_FACTOR + FORM_OVERHEAD

    def limit_for(self, scope: Scope) -> int:
        return self.upload_limit if scope.get("path") == UPLOAD_PATH else self.other_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = Headers(scope=scope).get("content-length", "")
        too_long = is_id(declared) and int(declared) > limit
        taken = 0

        async def limited() -> Message:
            nonlocal taken
            if too_long:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                taken += len(message.get("body", b""))
                if taken > limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, limited, send)

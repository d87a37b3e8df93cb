"""The one error type every ingest reader raises.

Routes turn an ``IngestError`` into an HTTP response with ``status_code`` and show
``message`` to the journalist as is, so the message must say what was wrong and
what to do about it, in plain words.
"""

from __future__ import annotations


class IngestError(Exception):
    """An article could not be taken in; ``message`` is safe to show to users.

    Status codes: 400 bad request (e.g. not an http/https address), 404 remote page
    missing, 413 too large, 415 unsupported type, 422 unreadable content,
    502 the remote site failed, 504 the remote site was too slow.
    """

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code

    def __repr__(self) -> str:
        return f"IngestError({self.message!r}, status_code={self.status_code})"

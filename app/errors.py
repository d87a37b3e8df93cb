"""Errors any layer may raise; app.web.errors turns them into pages or JSON.

UserError lives outside app.web so read-side modules (queries, exports, the CLI) can raise it
without importing the web package and its routers.
"""

from __future__ import annotations


class UserError(Exception):
    """A request we refuse, with a sentence that says what was wrong and what to do."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code

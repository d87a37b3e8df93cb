"""The error shape of the API, for the OpenAPI schema: what app.web.errors really sends."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorOut(BaseModel):
    """Every refusal of the API: one sentence saying what was wrong and what to do."""

    detail: str


def documented(*codes: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorOut, "description": text} for code, text in codes}


# The statuses any operation may answer with, so the schema tells clients the truth (422 is
# our sentence, not FastAPI's list of errors).
ERRORS = documented(
    (400, "A parameter or value the server cannot use"),
    (401, "No valid token or session"),
    (403, "The account's role does not allow this"),
    (404, "No such item"),
    (413, "The body is larger than the upload limit"),
    (422, "The request was not understood"),
    (503, "The database is not answering; try again in a few seconds"),
)
CONFLICT = documented((409, "The item is no longer in the state this asks to change"))
FETCH_FAILED = documented(
    (502, "The page at `url` could not be fetched (unreachable, or it answered an error)"),
    (504, "The page at `url` took too long to answer"),
)

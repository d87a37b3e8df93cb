"""JSON API under /api/v1, documented at /docs."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from app.api import actors, articles, claim_edits, claims, disputes, health


class ErrorOut(BaseModel):
    """Every refusal of the API: one sentence saying what was wrong and what to do."""

    detail: str


# The statuses any operation may answer with, in the shape app.web.errors sends them, so the
# OpenAPI schema tells clients the truth (422 is our sentence, not FastAPI's list of errors).
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": description}
    for code, description in (
        (400, "A parameter or value the server cannot use"),
        (401, "No valid token or session"),
        (403, "The account's role does not allow this"),
        (404, "No such item"),
        (413, "The body is larger than the upload limit"),
        (422, "The request was not understood"),
        (503, "The database is not answering; try again in a few seconds"),
    )
}

router = APIRouter()
for module in (articles, claim_edits, claims, actors, disputes):
    router.include_router(module.router, responses=ERRORS)
router.include_router(claim_edits.tags_router, responses=ERRORS)
router.include_router(health.router)

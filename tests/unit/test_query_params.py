"""The HTML pages read the claim filters straight from the query string; the API declares
them one by one (for its OpenAPI schema). Both must read any query string the same way."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from app.queries import ClaimFilters
from app.query_params import claim_filters, page_claim_filters
from app.web.errors import install_error_handlers


def read_both() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/declared")
    async def declared(filters: Annotated[ClaimFilters, Depends(claim_filters)]) -> str:
        return repr(filters)

    @app.get("/page")
    async def page(filters: Annotated[ClaimFilters, Depends(page_claim_filters)]) -> str:
        return repr(filters)

    return TestClient(app)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=dam+failed&claimant=Varga&outlet=Osk+Tribune",
        "status=contested&kind=direct&sort=oldest&tag=%20Money%20",
        "date_from=2026-11-01&date_to=2026-11-10&days=7&article_id=12",
        "q=first&q=second&status=contested&status=refuted",  # repeated: the last counts
        "claimant=%20%20&q=%20&unknown=1&changed=5",
        "assigned=me&cursor=abc",
        "status=nonsense",
        "date_from=yesterday",
        "article_id=-3",
    ],
)
def test_page_filters_read_the_query_string_as_the_declared_parameters_do(query: str) -> None:
    client = read_both()
    declared, page = client.get(f"/declared?{query}"), client.get(f"/page?{query}")
    assert page.status_code == declared.status_code
    assert same_page(page.text) == same_page(declared.text)


def same_page(text: str) -> str:
    """An error page but for its fresh CSRF token."""
    return re.sub(r'"X-CSRF-Token": "[^"]*"', "", text)

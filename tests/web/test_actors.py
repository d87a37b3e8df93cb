"""Claimants: the list with claim counts and one claimant's page."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Claim
from tests.factories import make_actor, make_article, make_claim, make_two_towns

NAME_CELL = re.compile(r'<td data-label="Name"><a href="/actors/\d+">(.*?)</a></td>')


@pytest.fixture
def claims(db: Session) -> dict[str, Claim]:
    towns = make_two_towns(db)
    article = make_article(db, title="Second statement", text="The mayor said sandbags are free.")
    make_claim(db, article, "sandbags are free", actor=towns["pumps"].actor)
    make_actor(db, "Quiet Council", kind="organisation", affiliation=None)
    return towns


def test_list_counts_claims_most_first(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    html = journalist_client.get("/actors").text
    assert NAME_CELL.findall(html) == ["Ilse Varga", "Nils Brand", "Quiet Council"]
    varga = claims["pumps"].actor_id
    assert (
        f'<td data-label="Name"><a href="/actors/{varga}">Ilse Varga</a></td>\n'
        '      <td data-label="Kind">person</td>\n'
        '      <td data-label="Affiliation">Marrenport council</td>\n'
        f'      <td data-label="Claims"><a href="/claims?claimant={varga}">2</a></td>'
    ) in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"name": "brand"}, ["Nils Brand"]),
        ({"name": "MAYOR"}, ["Ilse Varga"]),  # by alias
        ({"kind": "organisation"}, ["Quiet Council"]),
        ({"name": "nobody"}, []),
    ],
)
def test_search_claimants(
    journalist_client: TestClient,
    claims: dict[str, Claim],
    params: dict[str, str],
    expected: list[str],
) -> None:
    html = journalist_client.get("/actors", params=params).text
    assert NAME_CELL.findall(html) == expected
    if not expected:
        assert 'No claimants match — <a href="/actors">clear the search</a>.' in html


def test_actor_list_pages(
    journalist_client: TestClient, claims: dict[str, Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "page_size", 2)
    first = journalist_client.get("/actors").text
    next_url = re.search(r'<a href="(/actors\?cursor=[^"]+)" rel="next"', first)
    assert next_url is not None
    second = journalist_client.get(next_url.group(1), headers={"HX-Request": "true"}).text
    assert NAME_CELL.findall(first) == ["Ilse Varga", "Nils Brand"]
    assert NAME_CELL.findall(second) == ["Quiet Council"]
    assert "<html" not in second


def test_claimant_page_shows_everything_they_said(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    varga = claims["pumps"].actor_id
    html = journalist_client.get(f"/actors/{varga}").text
    assert "<h1>Ilse Varga</h1>" in html
    assert "<dt>Also known as</dt><dd>Mayor Varga, the mayor</dd>" in html
    assert "<dt>Affiliation</dt><dd>Marrenport council</dd>" in html
    said = re.findall(
        r'<td data-label="Claim" class="claim-text"><a href="/claims/\d+">(.*?)</a>', html
    )
    assert said == ["sandbags are free", "the old pumping station would be replaced by spring"]
    assert 'data-label="Claimant"' not in html  # it is their page: no claimant column


def test_unknown_claimant_is_a_404(journalist_client: TestClient) -> None:
    response = journalist_client.get("/actors/424242")
    assert response.status_code == 404
    assert "There is no claimant number 424242." in response.text

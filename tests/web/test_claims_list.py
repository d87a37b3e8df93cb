"""The claims table: what a reader sees, filters, search, paging and the htmx fragment."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Claim
from tests.factories import make_article, make_claim, make_two_towns

CLAIM_CELL = re.compile(
    r'<td data-label="Claim" class="claim-text"><a href="/claims/\d+">(.*?)</a>'
)


def shown(html: str) -> list[str]:
    return CLAIM_CELL.findall(html)


@pytest.fixture
def claims(db: Session) -> dict[str, Claim]:
    return make_two_towns(db)


def test_table_lists_newest_first_with_undated_last(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    page = journalist_client.get("/claims")
    assert page.status_code == 200
    assert shown(page.text) == [
        "repairs would cost 4 million crowns",  # same day as "pumps", added later
        "the old pumping station would be replaced by spring",
        "We will not sail until the contract is signed.",
        "water had reached their doors twice this month",
    ]
    assert "4 claims match." in page.text


def test_a_row_links_claimant_claim_and_reader_anchor(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    pumps = claims["pumps"]
    html = journalist_client.get("/claims", params={"kind": "indirect", "claimant": "varga"}).text
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert (
        f'<td data-label="Claimant"><a href="/actors/{pumps.actor_id}">Ilse Varga</a></td>' in row
    )
    assert f'<a href="/claims/{pumps.id}">the old pumping station' in row
    assert (
        f'<td data-label="Article"><a href="/articles/{pumps.article_id}#claim-{pumps.id}">'
        'Marrenport raises its flood barriers</a> <span class="muted">· Marrenport Ledger</span>'
    ) in row
    assert '<time datetime="2026-11-16T08:30:00+00:00">16 Nov 2026</time>' in row
    assert '<span class="badge kind-indirect" title="Reported speech">indirect</span>' in row


def test_unresolved_claimant_links_to_their_claims(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    html = journalist_client.get("/claims", params={"status": "contested"}).text
    assert '<a href="/claims?claimant=The%20harbour%20board">The harbour board</a>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "direct"}, ["sail"]),
        ({"outlet": "osk tribune"}, ["sail", "doors"]),
        ({"claimant": "the MAYOR"}, ["pumps"]),  # an alias, any case
        ({"claimant": "harbour"}, ["cost"]),  # the claimant column when unresolved
        ({"status": "contested"}, ["cost"]),
        ({"date_from": "2026-11-12"}, ["cost", "pumps"]),
        ({"date_to": "2026-11-10"}, ["sail"]),  # the whole day counts
        ({"outlet": "Osk Tribune", "kind": "mixed"}, ["doors"]),
        ({"sort": "oldest"}, ["sail", "pumps", "cost", "doors"]),
        ({"sort": "claimant"}, ["pumps", "sail", "doors", "cost"]),
        ({"sort": "outlet"}, ["cost", "pumps", "sail", "doors"]),
    ],
)
def test_filters_narrow_the_rows(
    journalist_client: TestClient,
    claims: dict[str, Claim],
    params: dict[str, str],
    expected: list[str],
) -> None:
    html = journalist_client.get("/claims", params=params).text
    assert shown(html) == [claims[name].content for name in expected]


def test_claimant_by_id_and_article_filter(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    by_actor = journalist_client.get(f"/claims?claimant={claims['sail'].actor_id}").text
    assert shown(by_actor) == [claims["sail"].content]
    in_article = journalist_client.get(f"/claims?article_id={claims['cost'].article_id}").text
    assert shown(in_article) == [claims["cost"].content, claims["pumps"].content]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("pumping", ["pumps"]),  # a word in the claim
        ("sailing", ["sail"]),  # stemmed: sailing finds "sail"
        ("ferry", ["sail"]),  # a word in the article's title
        ('"million crowns"', ["cost"]),
        ("doors -twice", []),  # web search syntax: without the word "twice"
        ("sandbags", ["doors"]),  # only in the title of the claim's article
    ],
)
@pytest.mark.parametrize("id_limit", [2000, 0], ids=["rare-word plan", "common-word plan"])
def test_search_finds_claims_by_their_words(
    journalist_client: TestClient,
    claims: dict[str, Claim],
    monkeypatch: pytest.MonkeyPatch,
    q: str,
    expected: list[str],
    id_limit: int,
) -> None:
    monkeypatch.setattr("app.queries.SEARCH_ID_LIMIT", id_limit)
    html = journalist_client.get("/claims", params={"q": q}).text
    assert shown(html) == [claims[name].content for name in expected]


def test_no_match_shows_how_to_clear(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    html = journalist_client.get("/claims", params={"q": "zeppelin"}).text
    assert "0 claims match." in html
    assert 'No claims match these filters — <a href="/claims">clear filters</a>.' in html
    assert "<table" not in html


def test_htmx_request_gets_only_the_rows(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    full = journalist_client.get("/claims?kind=direct")
    fragment = journalist_client.get("/claims?kind=direct", headers={"HX-Request": "true"})
    assert "<html" in full.text and 'method="get" action="/claims"' in full.text
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert fragment.text.strip().startswith('<p class="result-count" role="status">')
    assert shown(fragment.text) == shown(full.text) == [claims["sail"].content]
    assert fragment.text.strip() in full.text


def test_the_form_keeps_the_filters_it_was_sent(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    html = journalist_client.get(
        "/claims", params={"q": "dam", "kind": "mixed", "date_from": "2026-11-01"}
    ).text
    assert 'name="q" type="search" value="dam"' in html
    assert '<option value="mixed" selected>mixed</option>' in html
    assert 'name="date_from" type="date" value="2026-11-01"' in html


def test_export_links_carry_the_filters(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    html = journalist_client.get("/claims", params={"kind": "direct", "q": "sail on"}).text
    assert '<a href="/claims.csv?q=sail+on&amp;kind=direct" download>CSV</a>' in html
    assert '<a href="/claims.json?q=sail+on&amp;kind=direct" download>JSON</a>' in html


NEXT_LINK = re.compile(r'<a href="(/claims\?[^"]*cursor=[^"]*)" rel="next"')


@pytest.mark.parametrize("sort", ["newest", "oldest", "claimant", "outlet"])
def test_next_page_continues_without_overlap(
    journalist_client: TestClient,
    claims: dict[str, Claim],
    monkeypatch: pytest.MonkeyPatch,
    sort: str,
) -> None:
    everything = shown(journalist_client.get("/claims", params={"sort": sort}).text)
    monkeypatch.setattr(get_settings(), "page_size", 3)
    first = journalist_client.get("/claims", params={"sort": sort}).text
    next_url = NEXT_LINK.search(first)
    assert next_url is not None
    second = journalist_client.get(next_url.group(1).replace("&amp;", "&")).text
    assert shown(first) + shown(second) == everything
    assert len(shown(second)) == 1
    assert NEXT_LINK.search(second) is None
    assert ">First page</a>" in second


def test_paging_through_many_claims(
    journalist_client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(db, text="Words " * 60)
    made = [make_claim(db, article, f"Words {i}", claimant="Pell Orrin") for i in range(7)]
    monkeypatch.setattr(get_settings(), "page_size", 2)
    seen: list[str] = []
    url: str | None = "/claims"
    while url:
        html = journalist_client.get(url, headers={"HX-Request": "true"}).text
        seen += shown(html)
        found = NEXT_LINK.search(html)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert len(seen) == len(made) == 7  # the same text, seven claims, each once


def test_damaged_cursor_is_a_400_that_says_what_to_do(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    response = journalist_client.get("/claims", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert (
        "This page link is damaged or out of date. "
        "Go back to the first page and page forward again." in response.text
    )


def test_bad_date_is_a_400_that_shows_the_format(journalist_client: TestClient) -> None:
    response = journalist_client.get("/claims", params={"date_from": "16.11.2026"})
    assert response.status_code == 400
    assert "The &#39;date_from&#39; filter must be a date like 2026-11-16." in response.text


def test_markup_in_claims_is_shown_as_text(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db, title="<b>Bold</b> headline", text="x" * 40)
    make_claim(
        db, article, "<script>alert('claim')</script>", claimant="<img src=x onerror=alert(1)>"
    )
    html = journalist_client.get("/claims").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; headline" in html


def test_reading_claims_needs_login(client: TestClient) -> None:
    response = client.get("/claims?kind=direct", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/claims%3Fkind%3Ddirect"


def test_back_button_restore_gets_the_whole_page(
    journalist_client: TestClient, claims: dict[str, Claim]
) -> None:
    restore = journalist_client.get(
        "/claims?kind=direct",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text
    assert "HX-Request" in restore.headers["vary"]


def test_deleted_claims_are_gone_everywhere(
    journalist_client: TestClient, db: Session, claims: dict[str, Claim]
) -> None:
    from datetime import UTC, datetime

    pumps = claims["pumps"]
    pumps.deleted_at = datetime(2026, 11, 20, tzinfo=UTC)
    db.flush()
    assert pumps.content not in shown(journalist_client.get("/claims").text)
    assert pumps.content not in journalist_client.get("/claims.csv").text
    assert journalist_client.get(f"/claims/{pumps.id}").status_code == 404
    assert journalist_client.get(f"/api/v1/claims/{pumps.id}").status_code == 404
    actor = journalist_client.get(f"/api/v1/actors/{pumps.actor_id}").json()
    assert actor["claim_count"] == 0


def test_a_name_shared_by_more_claimants_than_the_limit_says_whose_claims_are_shown(
    journalist_client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import queries
    from tests.factories import make_actor

    article = make_article(db)
    busy, quiet = make_actor(db, "Carla Moss"), make_actor(db, "Carla Quint")
    make_claim(db, article, "The quay reopens on Friday", actor=busy)
    make_claim(db, article, "The ferry runs twice a day", actor=busy)
    make_claim(db, article, "The dredger is late", actor=quiet)
    html = journalist_client.get("/claims?claimant=carla").text
    assert "with the most claims" not in html and len(shown(html)) == 3
    monkeypatch.setattr(queries, "CLAIMANT_MATCH_LIMIT", 1)
    db.info.clear()  # the test's one session would otherwise remember the first lookup
    html = journalist_client.get("/claims?claimant=carla").text
    assert "is part of the names of more than 1 claimants" in html
    assert sorted(shown(html)) == ["The ferry runs twice a day", "The quay reopens on Friday"]
    assert "with the most claims" not in journalist_client.get("/claims?claimant=moss").text

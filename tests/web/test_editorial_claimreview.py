"""ClaimReview JSON-LD of a filtered view: schema.org's structure, key by key."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_two_towns


def test_claimreview_structure_key_by_key(journalist_client: TestClient, db: Session) -> None:
    claims = make_two_towns(db)
    claims["sail"].status = "refuted"
    claims["doors"].status = "unverifiable"
    db.flush()
    response = journalist_client.get("/claims.claimreview.json", params={"outlet": "Osk Tribune"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert "attachment" in response.headers["content-disposition"]
    reviews = json.loads(response.text)
    assert [r["claimReviewed"] for r in reviews] == [
        "We will not sail until the contract is signed.",
        "water had reached their doors twice this month",
    ]
    sail = reviews[0]
    assert list(sail) == ["@context", "@type", "url", "claimReviewed", "itemReviewed", "author",
                          "datePublished", "reviewRating"]
    assert sail["@context"] == "https://schema.org"
    assert sail["@type"] == "ClaimReview"
    assert sail["url"] == f"http://testserver/claims/{claims['sail'].id}"
    assert sail["author"] == {"@type": "Organization", "name": "Claimdesk newsroom"}
    date.fromisoformat(sail["datePublished"])
    item = sail["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Nils Brand"}
    assert item["datePublished"] == "2026-11-10T07:00:00+00:00"
    assert item["appearance"]["@type"] == "CreativeWork"
    assert item["appearance"]["headline"] == "Ferry crews walk out"
    assert item["appearance"]["url"].startswith("https://ledger.example/story/")
    assert sail["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "alternateName": "False",
    }
    doors = reviews[1]
    assert doors["reviewRating"]["alternateName"] == "Unverifiable (no independent access)"
    assert "datePublished" not in doors["itemReviewed"]  # the article is undated


def test_only_claims_with_a_verdict_and_organisations_as_such(
    journalist_client: TestClient, db: Session
) -> None:
    claims = make_two_towns(db)  # "cost" is contested, the rest unreviewed
    reviews = journalist_client.get("/claims.claimreview.json").json()
    assert [r["claimReviewed"] for r in reviews] == ["repairs would cost 4 million crowns"]
    assert reviews[0]["reviewRating"]["ratingValue"] == 3
    assert claims["cost"].claimant == reviews[0]["itemReviewed"]["author"]["name"]
    none = journalist_client.get("/claims.claimreview.json", params={"status": "unreviewed"})
    assert none.json() == []


def test_author_is_configurable(
    journalist_client: TestClient, db: Session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.config import get_settings

    make_two_towns(db)
    monkeypatch.setattr(get_settings(), "claimreview_author", "Osk Tribune fact desk")
    reviews = journalist_client.get("/claims.claimreview.json").json()
    assert reviews[0]["author"] == {"@type": "Organization", "name": "Osk Tribune fact desk"}

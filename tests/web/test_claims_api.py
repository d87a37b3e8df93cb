"""/api/v1 claims and claimants: the table's filters and pages, as JSON."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth import issue_api_token
from app.models import Claim
from tests.factories import make_two_towns


@pytest.fixture
def claims(db: Session) -> dict[str, Claim]:
    return make_two_towns(db)


@pytest.fixture
def api(client: TestClient, db: Session, make_user) -> TestClient:  # type: ignore[no-untyped-def]
    token = issue_api_token(db, user=make_user("robot", "journalist"))
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_claims_page_shape(api: TestClient, claims: dict[str, Claim]) -> None:
    sail = claims["sail"]
    body = api.get("/api/v1/claims", params={"kind": "direct"}).json()
    assert body == {
        "items": [
            {
                "id": sail.id,
                "article_id": sail.article_id,
                "claimant": "Nils Brand",
                "actor_id": sail.actor_id,
                "content": "We will not sail until the contract is signed.",
                "start": 81,
                "end": 127,
                "kind": "direct",
                "cue": "told",
                "status": "unreviewed",
                "version": 1,
                "mention": "Nils Brand",
                "published_at": "2026-11-10T07:00:00Z",
                "outlet": "Osk Tribune",
            }
        ],
        "next": None,
    }


def test_api_pages_with_next(api: TestClient, claims: dict[str, Claim]) -> None:
    first = api.get("/api/v1/claims", params={"limit": 3, "sort": "claimant"}).json()
    assert first["next"]
    rest = api.get(
        "/api/v1/claims", params={"limit": 3, "sort": "claimant", "cursor": first["next"]}
    ).json()
    names = [c["claimant"] for c in first["items"] + rest["items"]]
    assert names == ["Ilse Varga", "Nils Brand", "Residents of Lower Quay", "The harbour board"]
    assert rest["next"] is None


def test_api_errors_are_json_sentences(api: TestClient) -> None:
    bad = api.get("/api/v1/claims", params={"status": "fake"})
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("The 'status' filter must be one of: unreviewed,")
    missing = api.get("/api/v1/claims/99999999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no claim number 99999999."}
    too_many = api.get("/api/v1/claims", params={"limit": 5000})
    assert too_many.status_code == 422


def test_claim_detail(api: TestClient, claims: dict[str, Claim]) -> None:
    cost = claims["cost"]
    body = api.get(f"/api/v1/claims/{cost.id}").json()
    assert body["content"] == "repairs would cost 4 million crowns"
    assert body["status"] == "contested"
    assert body["article_title"] == "Marrenport raises its flood barriers"
    assert body["claimant_kind"] is None and body["actor_id"] is None
    assert body["quantities"] == []


def test_actors(api: TestClient, claims: dict[str, Claim]) -> None:
    listing = api.get("/api/v1/actors", params={"name": "mayor"}).json()
    varga = claims["pumps"].actor_id
    assert listing == {
        "items": [
            {
                "id": varga,
                "name": "Ilse Varga",
                "kind": "person",
                "affiliation": "Marrenport council",
                "claim_count": 1,
            }
        ],
        "next": None,
    }
    detail = api.get(f"/api/v1/actors/{varga}").json()
    assert detail["aliases"] == ["Mayor Varga", "the mayor"]
    assert api.get("/api/v1/actors/77777777").status_code == 404


def test_openapi_documents_the_filters(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/claims"]["get"]["parameters"]}
    assert {"q", "claimant", "outlet", "kind", "status", "date_from", "cursor", "limit"} <= params
    ok = schema["paths"]["/api/v1/claims"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/ClaimPageOut")

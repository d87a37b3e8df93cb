"""Mixed newsroom traffic for `make soak`: browse, search, export, ingest and tag.

Every user is the soak's editor (bearer token from SOAK_TOKEN). Each accepted ingest and each
recorded tag is appended to SOAK_LOG (JSON lines), so the runner can check afterwards that
nothing was lost. Responses of 500 or more are counted apart in SOAK_5XX."""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter
from typing import Any

from articles import make_article
from locust import HttpUser, between, events, task

TOKEN = os.environ.get("SOAK_TOKEN", "")
LOG_PATH = os.environ.get("SOAK_LOG", "soak-log.jsonl")
FIVE_XX_PATH = os.environ.get("SOAK_5XX", "soak-5xx.json")
SERIAL_BASE = int(os.environ.get("SOAK_SERIAL_BASE", "100000"))
WORDS = [
    "million",
    "council",
    "ferry",
    "dam",
    "families",
    "bridge",
    "harbour",
    '"the plan"',
    "-tax",
]
_serials = itertools.count(SERIAL_BASE)
_log = open(LOG_PATH, "a", buffering=1)  # noqa: SIM115 - open for the whole run
five_xx: Counter[str] = Counter()


def record(kind: str, **fields: Any) -> None:
    _log.write(json.dumps({"kind": kind, **fields}) + "\n")


@events.request.add_listener
def count_5xx(
    request_type: str, name: str, response: Any = None, exception: Any = None, **_: Any
) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        five_xx[f"{request_type} {name} {response.status_code}"] += 1


@events.quitting.add_listener
def write_5xx(**_: Any) -> None:
    with open(FIVE_XX_PATH, "w") as out:
        json.dump(dict(five_xx), out)


class Editor(HttpUser):
    wait_time = between(0.2, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"
        self.claim_ids: list[int] = []
        self.article_ids: list[int] = []

    def remember_claims(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            self.claim_ids.append(item["id"])
            self.article_ids.append(item["article_id"])
        del self.claim_ids[:-200], self.article_ids[:-200]

    @task(6)
    def browse(self) -> None:
        page = random.choice(["/", "/claims", "/articles", "/actors", "/disputes", "/activity"])
        self.client.get(page, name=page)
        if self.claim_ids and random.random() < 0.5:
            self.client.get(f"/claims/{random.choice(self.claim_ids)}", name="/claims/{id}")
        if self.article_ids and random.random() < 0.5:
            self.client.get(f"/articles/{random.choice(self.article_ids)}", name="/articles/{id}")

    @task(4)
    def search(self) -> None:
        word = random.choice(WORDS)
        response = self.client.get(
            "/api/v1/claims", params={"q": word, "limit": 50}, name="/api/v1/claims?q"
        )
        if response.status_code == 200:
            self.remember_claims(response.json()["items"])
        self.client.get(
            "/claims",
            params={"q": word, "claimant": random.choice(["Adler", "Varga", ""])},
            name="/claims?q&claimant",
        )
        self.client.get(
            "/api/v1/actors",
            params={"name": random.choice(["a", "Mor", "Voss"])},
            name="/api/v1/actors?name",
        )

    @task(1)
    def export(self) -> None:
        word = random.choice(WORDS)
        self.client.get("/claims.csv", params={"q": word}, name="/claims.csv?q")
        self.client.get("/claims.json", params={"outlet": "Soak Gazette"}, name="/claims.json")

    @task(2)
    def ingest(self) -> None:
        serial = next(_serials)
        article = make_article(serial)
        response = self.client.post("/api/v1/articles", json=article, name="/api/v1/articles")
        if response.status_code in (200, 201):
            body = response.json()
            record("ingest", serial=serial, id=body["id"], duplicate=body["duplicate"])
        if response.status_code == 201:
            self.client.get(
                f"/api/v1/articles/{response.json()['id']}", name="/api/v1/articles/{id}"
            )

    @task(2)
    def tag(self) -> None:
        if not self.claim_ids:
            return
        claim_id = random.choice(self.claim_ids)
        tag = f"soak-{random.getrandbits(40):x}"
        detail = self.client.get(f"/api/v1/claims/{claim_id}", name="/api/v1/claims/{id}")
        if detail.status_code != 200:
            return
        version = detail.json()["version"]
        history = self.client.get(
            f"/api/v1/claims/{claim_id}/history", name="/api/v1/claims/{id}/history"
        )
        if history.status_code != 200:
            return
        tags = current_tags(history.json())
        if len(tags) >= 40:  # a claim takes at most 50 tags; pick another next time
            return
        for _ in range(5):  # another editor may change the claim in between: merge and retry
            with self.client.patch(
                f"/api/v1/claims/{claim_id}",
                json={"version": version, "tags": [*tags, tag]},
                name="/api/v1/claims/{id} PATCH",
                catch_response=True,
            ) as response:
                if response.status_code == 200:
                    record("tag", claim_id=claim_id, tag=tag)
                    return
                if response.status_code == 409:
                    response.success()  # a conflict is the designed answer, not a failure
                    current = response.json()["current"]
                    version, tags = current["version"], current["tags"]
                    continue
                return


def current_tags(events_: list[dict[str, Any]]) -> list[str]:
    """The claim's tags as its history last set them (the detail view does not list tags)."""
    tags: list[str] = []
    for event in events_:
        if event["action"] == "tags" and isinstance(event["new"], list):
            tags = [str(t) for t in event["new"]]
    return tags

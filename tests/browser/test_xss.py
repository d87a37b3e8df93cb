"""Hostile text in articles, titles and claimant names stays text in a real browser."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def test_payloads_render_inert(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page)
    page.goto("/articles/new")
    page.get_by_label("Title").fill(f"Storm {PAYLOAD}")
    page.get_by_label("Outlet").fill(f"Gazette {PAYLOAD}")
    page.get_by_label("Article text").fill(
        f"\u201cThe levee held {PAYLOAD},\u201d said Ada {PAYLOAD} Morrow, the engineer."
    )
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url(re.compile(r"/articles/\d+"))
    page.locator("article.reader mark").first.wait_for(timeout=60_000)
    for path in (page.url, "/claims", "/articles", "/actors", "/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src=x]").count() == 0, path
    page.goto("/claims")
    assert "<script>" in page.locator("main").inner_text()  # shown as text, not run


def test_tags_notes_and_claimant_names_render_inert(page) -> None:  # type: ignore[no-untyped-def]
    """The other two of the five: a tag and a note with a payload, and a claimant renamed to
    one, shown on every page that lists them (and the tag autocompletion)."""
    log_in(page)
    page.goto("/articles/new")
    page.get_by_label("Article text").fill(
        "\u201cThe spillway will hold,\u201d said Ines Varga, the engineer."
    )
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url(re.compile(r"/articles/\d+"))
    article_path = page.url
    page.locator("article.reader mark").first.wait_for(timeout=60_000)
    article_id = int(article_path.rstrip("/").rsplit("/", 1)[1].split("?")[0])
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "cd_csrf")

    def claim() -> dict:  # type: ignore[type-arg]
        items = page.request.get(f"/api/v1/claims?article_id={article_id}").json()["items"]
        return items[0]  # type: ignore[no-any-return]

    first = claim()
    renamed = page.request.post(
        f"/claims/{first['id']}/claimant",
        form={"csrf_token": csrf, "version": str(first["version"]), "claimant": f"Ines {PAYLOAD}"},
    )
    assert renamed.ok, renamed.text()
    current = claim()
    tagged = page.request.post(
        f"/claims/{current['id']}/edit",
        form={
            "csrf_token": csrf,
            "version": str(current["version"]),
            "tags": f"spillway, x{PAYLOAD}",
            "note": f"Check the figures {PAYLOAD}",
        },
    )
    assert tagged.ok, tagged.text()
    current = claim()
    assert "<script>" in current["claimant"]
    paths = (
        f"/claims/{current['id']}",
        "/claims",
        "/claims?tag=spillway",
        "/tags",
        "/activity",
        "/actors",
        f"/actors/{current['actor_id']}",
        article_path,
        "/",
    )
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("img[src=x]").count() == 0, path
    page.goto(f"/claims/{current['id']}")
    text = page.locator("main").inner_text()
    assert "Check the figures <img" in text  # the note, shown as text
    page.get_by_label("Tags").fill("x")  # the autocompletion lists the tag
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None

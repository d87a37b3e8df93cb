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

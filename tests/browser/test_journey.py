"""A journalist's first session, in a real browser against a real server and worker."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ARTICLE = (
    "Orchard town counts storm damage\n\n"
    "\u201cAbout 40 homes lost their roofs overnight,\u201d said Petra Lund, "
    "the mayor of Wendmark.\n\n"
    "The regional fire service said that only 12 homes had been badly damaged.\n\n"
    "\u201cWe were never warned,\u201d said Aron Fisk, a farmer on the hill road."
)


def test_log_in_paste_wait_filter_read_and_download(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page)
    page.get_by_role("link", name="Add article").first.click()
    page.get_by_label("Outlet").fill("Valley Ledger")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    # The progress fragment polls until the worker is done, then the page shows the claims.
    page.locator("mark.kind-direct").first.wait_for(timeout=60_000)
    assert "Petra Lund" in page.locator("mark .who").first.text_content()
    article_url = page.url

    page.goto("/claims")
    page.get_by_label("Search").fill("warned")
    page.wait_for_function("() => document.querySelectorAll('tbody tr').length === 1")
    assert "q=warned" in page.url  # the view is a bookmarkable address
    assert "We were never warned" in page.locator("tbody").inner_text()

    page.goto(article_url)
    page.locator("mark a").first.click()
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    assert "Petra Lund" in page.content()

    page.goto(article_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.DictReader(io.StringIO(downloaded.read())))
    assert {r["claimant"] for r in rows} >= {"Petra Lund", "Aron Fisk"}
    assert all(r["outlet"] == "Valley Ledger" for r in rows)

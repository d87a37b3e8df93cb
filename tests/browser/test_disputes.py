"""An editor adds two reports of one clash, confirms the suggested dispute and reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

REPORTS = Path(__file__).parents[1] / "fixtures" / "disputes"


def add_article(page, outlet: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/articles/new")
    page.get_by_label("Outlet").fill(outlet)
    page.get_by_label("Article text").fill((REPORTS / f"{name}.txt").read_text(encoding="utf-8"))
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    page.locator("mark[id^=claim-]").first.wait_for(timeout=60_000)  # the worker is done


def test_confirm_a_suggestion_and_see_both_sides(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page)
    add_article(page, "Harrow Courier", "courier")
    add_article(page, "Velmont Post", "post")
    page.goto("/disputes/suggestions")
    across = page.locator("li.suggestion").filter(has_text="Harrow Courier")
    first = across.filter(has_text="Velmont Post").first
    first.wait_for()
    assert "Suggested, not confirmed" in first.inner_text()
    first.get_by_label("Question of a new dispute").fill("Who holds the Dunmere bridge?")
    first.get_by_role("button", name="Confirm dispute").click()
    page.wait_for_url(re.compile(r"/disputes/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Who holds the Dunmere bridge?"
    columns = page.locator("section.side")
    assert columns.count() == 2
    outlets = page.locator(".sides").inner_text()
    assert "Harrow Courier" in outlets and "Velmont Post" in outlets
    page.locator(".side-claim a", has_text="Read it in the article").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+#claim-\d+$"))

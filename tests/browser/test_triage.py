"""An editor triages claims in a real browser: filter, move with the keyboard, set a status by
key, select two rows and bulk-tag them, then open a claim and read its history."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.models import Claim
from tests.browser.conftest import LiveServer, log_in
from tests.factories import make_two_towns

pytestmark = pytest.mark.browser


@pytest.fixture
def towns(live_server: LiveServer) -> Iterator[dict[str, int]]:
    engine = create_engine(live_server.database_url)
    with Session(engine) as session:
        claims = make_two_towns(session)
        session.commit()
        ids = {name: claim.id for name, claim in claims.items()}
    yield ids
    engine.dispose()


def claim_state(live_server: LiveServer, claim_id: int) -> tuple[str, list[str]]:
    engine = create_engine(live_server.database_url)
    with Session(engine) as session:
        claim = session.scalars(select(Claim).where(Claim.id == claim_id)).one()
        state = (claim.status, [t.name for t in claim.tags])
    engine.dispose()
    return state


def test_filter_keys_status_bulk_tag_and_history(  # type: ignore[no-untyped-def]
    page, live_server: LiveServer, towns: dict[str, int]
) -> None:
    log_in(page)
    page.goto("/claims")
    page.locator("#f-outlet").select_option("Osk Tribune")
    expect_rows = page.locator("table[data-keyboard] tbody tr")
    expect(expect_rows).to_have_count(2)
    assert "2 claims match" in page.locator(".result-count").inner_text()
    assert "Keys:" in page.locator("#keys-help").inner_text()

    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    first = expect_rows.nth(0)
    expect(first).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("ArrowDown")
    expect(expect_rows.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("k")
    expect(first).to_have_class(re.compile(r"\bcurrent\b"))
    first_id = int(first.get_attribute("data-claim-id") or 0)

    page.keyboard.press("3")  # supported
    expect(page.locator(f"#claim-row-{first_id} input[name=version]")).to_have_value("2")
    assert page.locator(f"#claim-row-{first_id} select[name=status]").input_value() == "supported"
    assert claim_state(live_server, first_id)[0] == "supported"

    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert page.locator("input.select-row:checked").count() == 2
    page.get_by_label("Add tags").fill("ferry strike")
    page.get_by_role("button", name="Change selected").click()
    page.wait_for_url("**/claims/bulk")
    assert "This will change 2 claims" in page.locator("main").inner_text()
    page.get_by_role("button", name="Yes, change 2 claims").click()
    page.wait_for_url(re.compile(r"/claims\?outlet=Osk\+Tribune&changed=2$"))
    assert "Changed 2 claims." in page.locator("main").inner_text()
    for name in ("sail", "doors"):
        assert claim_state(live_server, towns[name])[1] == ["ferry strike"]

    page.locator(f"#claim-row-{first_id} td.claim-text a").click()
    page.wait_for_url(f"**/claims/{first_id}")
    history = page.locator("ol.history").inner_text()
    assert "edna status: unreviewed → supported" in history
    assert "edna tags: none → ferry strike" in history


REPORT = (
    "Ferry crews in Osk walked out at dawn.\n\n"
    "Union delegate Nils Brand said the crews would not sail. "
    "The harbour master told reporters that two crossings had already been cancelled."
)


def test_select_words_in_the_reader_to_add_a_missed_claim(  # type: ignore[no-untyped-def]
    page, live_server: LiveServer
) -> None:
    from tests.factories import make_article, make_claim

    engine = create_engine(live_server.database_url)
    with Session(engine) as session:
        article = make_article(session, title="Osk ferries", text=REPORT)
        make_claim(session, article, "the crews would not sail", claimant="Nils Brand")
        session.commit()
        article_id = article.id
    log_in(page)
    page.goto(f"/articles/{article_id}")
    words = "two crossings had already been cancelled"
    page.evaluate(
        """(words) => {
            const p = document.querySelectorAll("article.reader p")[1];
            const node = Array.from(p.childNodes).filter(n => n.nodeType === 3)
                .find(n => n.textContent.includes(words));
            const range = document.createRange();
            const at = node.textContent.indexOf(words);
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        words,
    )
    expect(page.locator("#add-claim .selected-text")).to_have_text(words)
    start = REPORT.index(words)
    expect(page.get_by_label("Start")).to_have_value(str(start))
    expect(page.get_by_label("End")).to_have_value(str(start + len(words)))
    page.get_by_label("Claimant").fill("The harbour master")
    page.get_by_label("Kind").select_option("indirect")
    page.get_by_label("Cue").fill("told reporters")
    page.get_by_role("button", name="Add claim").click()
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    assert words in page.locator("blockquote.context mark").inner_text()
    with Session(engine) as session:
        added = session.scalars(select(Claim).where(Claim.origin == "editor")).one()
        assert (added.start, added.end, added.content) == (start, start + len(words), words)
    engine.dispose()

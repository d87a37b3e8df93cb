"""One claim's page: the sentence in context, who said it, and what else they said."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_actor, make_article, make_claim


def test_claim_in_context_with_its_facts(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db)
    varga = make_actor(db, aliases=("the mayor", "Mayor Varga"))
    claim = make_claim(
        db,
        article,
        actor=varga,
        mention="Mayor Ilse Varga",
        quantities=(("4 million crowns", "money"),),
    )
    html = journalist_client.get(f"/claims/{claim.id}").text
    assert (
        '<blockquote class="context">Flood barriers along the Vell river were raised overnight. '
        'Mayor Ilse Varga said <mark class="kind-indirect">the old pumping station would be '
        "replaced by spring</mark>. The harbour board said"
    ) in html
    assert (
        f'<dd><a href="/actors/{varga.id}">Ilse Varga</a> <span class="muted">(person)</span> '
        '<span class="muted">· Marrenport council</span></dd>' in html
    )
    assert "<dt>Also known as</dt><dd>Mayor Varga, the mayor</dd>" in html
    assert "<dt>Mention</dt><dd>Mayor Ilse Varga</dd>" in html
    assert "<dt>Outlet</dt><dd>Marrenport Ledger</dd>" in html
    assert f'<a href="/articles/{article.id}#claim-{claim.id}">Read it in the article</a>' in html
    assert '<li>4 million crowns <span class="muted">(money)</span></li>' in html
    assert "No other claims by Ilse Varga yet." in html


def test_other_claims_by_the_same_claimant(journalist_client: TestClient, db: Session) -> None:
    varga = make_actor(db)
    first = make_article(db)
    later = make_article(
        db,
        title="Pumps arrive early",
        text="The mayor said the pumps arrived early.",
    )
    claim = make_claim(db, first, actor=varga)
    other = make_claim(db, later, "the pumps arrived early", actor=varga)
    make_claim(db, later, "the pumps arrived early", claimant="Someone else")
    html = journalist_client.get(f"/claims/{claim.id}").text
    others = html[html.index('id="others"') :]
    assert f'<a href="/claims/{other.id}">the pumps arrived early</a>' in others
    assert others.count('data-label="Claim"') == 1
    assert f'<a href="/claims?claimant={varga.id}">All claims by Ilse Varga</a>' in others


def test_unresolved_claimant_matches_by_name(journalist_client: TestClient, db: Session) -> None:
    article = make_article(db)
    claim = make_claim(db, article, claimant="Harbour Board")
    other = make_claim(db, article, "repairs would cost 4 million crowns", claimant="harbour board")
    html = journalist_client.get(f"/claims/{claim.id}").text
    assert f'<a href="/claims/{other.id}">repairs would cost 4 million crowns</a>' in html


def test_article_text_is_escaped_around_the_mark(
    journalist_client: TestClient, db: Session
) -> None:
    text = 'Before <script>bad()</script> the agent said "<b>all clear</b>" & left.'
    article = make_article(db, text=text)
    claim = make_claim(db, article, "<b>all clear</b>", claimant="<i>Agent</i>")
    html = journalist_client.get(f"/claims/{claim.id}").text
    assert "<script>bad()" not in html and "<b>all clear" not in html and "<i>Agent" not in html
    assert (
        "Before &lt;script&gt;bad()&lt;/script&gt; the agent said &#34;"
        '<mark class="kind-indirect">&lt;b&gt;all clear&lt;/b&gt;</mark>&#34; &amp; left.'
    ) in html
    assert "<h1>&lt;i&gt;Agent&lt;/i&gt;: claim" in html


def test_unknown_claim_is_a_404_page(journalist_client: TestClient) -> None:
    response = journalist_client.get("/claims/987654321")
    assert response.status_code == 404
    assert "There is no claim number 987654321. It may have been removed." in response.text
    assert "<h1>Not found</h1>" in response.text

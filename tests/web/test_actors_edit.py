"""Editors correct claimants: rename, aliases, side and access, merge (and undo), split."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Actor, AuditEvent, Claim
from tests.conftest import csrf_of
from tests.factories import make_actor, make_article, make_claim


def post(client: TestClient, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_rename_side_and_access_show_next_to_every_claim(
    editor_client: TestClient, db: Session
) -> None:
    varga = make_actor(db, aliases=("the mayor",))
    claim = make_claim(db, make_article(db), actor=varga)
    done = post(editor_client, f"/actors/{varga.id}/edit", {
        "version": 1, "name": "Ilse M. Varga", "kind": "person", "side": "government",
        "affiliation": "Marrenport council", "access": "on the ground",
    })
    assert done.status_code == 303
    db.refresh(varga)
    assert (varga.name, varga.side, varga.access, varga.version) == (
        "Ilse M. Varga", "government", "on the ground", 2)
    assert "Ilse Varga" in [a.alias for a in varga.aliases]  # the old name stays findable
    access = '<span class="badge access" title="Access to what they describe">on the ground</span>'
    table = editor_client.get("/claims").text
    assert '<span class="badge side" title="Side">government</span>' in table
    assert access in table
    assert access in editor_client.get(f"/claims/{claim.id}").text
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == varga.id)).all()
    assert sorted(actions) == ["access", "rename", "side"]


def test_stale_actor_form_is_refused_with_the_changes(
    editor_client: TestClient, db: Session
) -> None:
    varga = make_actor(db)
    post(editor_client, f"/actors/{varga.id}/edit",
         {"version": 1, "name": "Ilse Varga", "kind": "person", "access": "remote"})
    stale = post(editor_client, f"/actors/{varga.id}/edit",
                 {"version": 1, "name": "Ilse Varga", "kind": "group"})
    assert stale.status_code == 409
    assert "Someone changed this actor after you loaded it" in stale.text
    assert "access: <span class=\"muted\">—</span> → remote" in stale.text
    db.refresh(varga)
    assert varga.kind == "person"


def test_aliases_and_notes(editor_client: TestClient, db: Session) -> None:
    brand = make_actor(db, "Nils Brand")
    assert post(editor_client, f"/actors/{brand.id}/aliases",
                {"alias": "the union delegate"}).status_code == 303
    again = post(editor_client, f"/actors/{brand.id}/aliases", {"alias": "The union delegate"})
    assert again.status_code == 422
    post(editor_client, f"/actors/{brand.id}/notes", {"note": "Speaks for the Osk crews only."})
    page = editor_client.get(f"/actors/{brand.id}").text
    assert "the union delegate" in page and "Speaks for the Osk crews only." in page


def test_merge_moves_claims_and_aliases_and_can_be_undone(
    editor_client: TestClient, db: Session
) -> None:
    varga = make_actor(db, "Ilse Varga", aliases=("the mayor",))
    dupe = make_actor(db, "I. Varga", aliases=("Mayor Varga",))
    article = make_article(db)
    kept = make_claim(db, article, actor=varga)
    moved = make_claim(db, article, "repairs would cost 4 million crowns", actor=dupe)
    assert post(editor_client, f"/actors/{varga.id}/merge",
                {"duplicate": dupe.id}).status_code == 303
    db.refresh(moved)
    db.refresh(varga)
    assert moved.actor_id == varga.id and moved.claimant == "Ilse Varga"
    assert sorted(a.alias for a in varga.aliases) == ["I. Varga", "Mayor Varga", "the mayor"]
    assert f'href="/actors/{dupe.id}"' not in editor_client.get("/actors").text
    assert "was merged into" in editor_client.get(f"/actors/{dupe.id}").text
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).one()
    page = editor_client.get(f"/actors/{varga.id}").text
    assert f'action="/actors/merges/{event.id}/undo"' in page
    assert post(editor_client, f"/actors/merges/{event.id}/undo", {}).status_code == 303
    for row in (moved, varga, dupe, kept):
        db.refresh(row)
    assert (moved.actor_id, moved.claimant, kept.actor_id) == (dupe.id, "I. Varga", varga.id)
    assert dupe.merged_into_id is None
    assert [a.alias for a in varga.aliases] == ["the mayor"]
    assert [a.alias for a in dupe.aliases] == ["Mayor Varga"]
    twice = post(editor_client, f"/actors/merges/{event.id}/undo", {})
    assert twice.status_code == 422 and "already undone" in twice.text


def test_split_moves_selected_claims_to_a_new_claimant(
    editor_client: TestClient, db: Session
) -> None:
    shared = make_actor(db, "Anna Holm")
    article = make_article(db)
    first = make_claim(db, article, actor=shared)
    second = make_claim(db, article, "repairs would cost 4 million crowns", actor=shared)
    done = post(editor_client, f"/actors/{shared.id}/split",
                {"claim_ids": [second.id], "name": "Anna Holm (harbour board)"})
    assert done.status_code == 303
    new = db.scalars(select(Actor).where(Actor.name == "Anna Holm (harbour board)")).one()
    assert done.headers["location"] == f"/actors/{new.id}"
    assert db.get(Claim, second.id).actor_id == new.id  # type: ignore[union-attr]
    assert db.get(Claim, first.id).actor_id == shared.id  # type: ignore[union-attr]
    nothing = post(editor_client, f"/actors/{shared.id}/split", {"name": "Someone else"})
    assert nothing.status_code == 422


def test_journalists_cannot_edit_claimants(journalist_client: TestClient, db: Session) -> None:
    varga = make_actor(db)
    refused = post(journalist_client, f"/actors/{varga.id}/edit",
                   {"version": 1, "name": "X", "kind": "person"})
    assert refused.status_code == 403
    assert "Edit this claimant" not in journalist_client.get(f"/actors/{varga.id}").text


def test_possible_duplicates_are_offered_and_merged_by_name(
    editor_client: TestClient, db: Session
) -> None:
    varga = make_actor(db, "Ilse Varga")
    dupe = make_actor(db, "I. Varga")
    make_actor(db, "Nils Brand")
    page = editor_client.get(f"/actors/{varga.id}").text
    offered = page.split('<ul class="duplicates">')[1].split("</ul>")[0]
    assert f'<a href="/actors/{dupe.id}">I. Varga</a>' in offered and "Nils Brand" not in offered
    unknown = post(editor_client, f"/actors/{varga.id}/merge", {"duplicate": "Nobody Known"})
    assert unknown.status_code == 422
    assert post(editor_client, f"/actors/{varga.id}/merge",
                {"duplicate": "i. varga"}).status_code == 303
    db.refresh(dupe)
    assert dupe.merged_into_id == varga.id


def test_api_patch_is_versioned_too(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.auth import issue_api_token

    varga = make_actor(db)
    token = issue_api_token(db, user=make_user("edna", "editor"))
    headers = {"Authorization": f"Bearer {token}"}
    ok = client.patch(f"/api/v1/actors/{varga.id}", headers=headers,
                      json={"version": 1, "access": "remote", "side": "government"})
    assert ok.status_code == 200
    assert ok.json() == {
        "id": varga.id, "version": 2, "name": "Ilse Varga", "kind": "person",
        "side": "government", "affiliation": "Marrenport council", "access": "remote",
        "description": None,
    }
    stale = client.patch(f"/api/v1/actors/{varga.id}", headers=headers,
                         json={"version": 1, "kind": "group"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["kind"] == "person"
    assert sorted((c["action"], c["new"]) for c in body["changes"]) == [
        ("access", "remote"), ("side", "government")]
    bad = client.patch(f"/api/v1/actors/{varga.id}", headers=headers,
                       json={"version": 2, "access": "nearby"})
    assert bad.status_code == 422


def test_claimant_page_shows_history_notes_and_disputes_from_one_read(
    editor_client: TestClient, db: Session
) -> None:
    from app.services.disputes import add_claim, create_dispute
    from tests.web.test_read_side_scale import Statements

    varga = make_actor(db)
    article = make_article(db)
    claim = make_claim(db, article, actor=varga)
    gone = make_claim(db, article, "repairs would cost 4 million crowns", actor=varga)
    for question, member in (("Who pays for the pumps?", claim), ("Was the dam inspected?", gone)):
        add_claim(db, dispute=create_dispute(db, user=None, question=question), user=None,
                  claim_id=member.id)
    gone.deleted_at = gone.created_at  # deleted: its dispute is not the claimant's any more
    db.flush()
    post(editor_client, f"/actors/{varga.id}/edit",
         {"version": 1, "name": "Ilse Varga", "kind": "person", "access": "remote"})
    post(editor_client, f"/actors/{varga.id}/edit",
         {"version": 2, "name": "Ilse Varga", "kind": "person", "access": "on the ground"})
    post(editor_client, f"/actors/{varga.id}/notes", {"note": "Check the <b>minutes</b>."})
    with Statements(db) as sent:
        page = editor_client.get(f"/actors/{varga.id}").text
    history = re.findall(r"<strong>(\w+)</strong> access: (.*)", page)
    assert [who for who, _ in history] == ["edna", "edna"]
    assert "on the ground" in history[0][1] and "remote" in history[1][1]  # newest first
    assert re.search(r"<strong>edna</strong> <span class=\"muted\">[^<]+</span><br>"
                     r"Check the &lt;b&gt;minutes&lt;/b&gt;.</li>", page)
    assert "Who pays for the pumps?" in page and "Was the dam inspected?" not in page
    # The user, the claimant, the claims, this one read, the duplicates' probe and rows: the
    # history, its usernames, the notes, their authors and the disputes were five more.
    queries = [s for s in sent if not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(queries) == 6, queries

"""Login throttling (stored in Postgres), session expiry and the admin-only users page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import AuditEvent, LoginFailure, User, UserSession
from tests.conftest import PASSWORD, csrf_of, log_in


def attempt(client: TestClient, name: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": csrf_of(client)}, follow_redirects=False)


def test_five_failures_lock_the_name_from_this_address(
    client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    for _ in range(5):
        assert attempt(client, "edna", "wrong password").status_code == 401
    locked = attempt(client, "edna", PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert "Too many failed attempts (5) for this name from here." in locked.text
    assert "Try again in 15 minutes." in locked.text
    assert 800 < int(locked.headers["Retry-After"]) <= 901
    assert db.scalar(select(LoginFailure.ip).limit(1)) == "testclient"
    # the failures age out of the window
    db.execute(update(LoginFailure).values(at=datetime.now(UTC) - timedelta(minutes=16)))
    assert attempt(client, "edna", PASSWORD).status_code == 303
    assert db.scalars(select(LoginFailure)).all() == []  # success clears the count


def test_other_names_are_not_locked(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    make_user("jo", "journalist")
    for _ in range(5):
        attempt(client, "edna", "wrong password")
    assert attempt(client, "jo", PASSWORD).status_code == 303


def test_expired_sessions_sign_out(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    log_in(client, "edna")
    assert client.get("/", follow_redirects=False).status_code == 200
    db.execute(update(UserSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/"


def admin_post(client: TestClient, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_admin_lists_creates_changes_role_and_deactivates(
    client: TestClient, db: Session, make_user
) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    log_in(client, "ada")
    assert admin_post(client, "/admin/users", {"username": "kai", "password": "long enough pw",
                                               "role": "journalist"}).status_code == 303
    kai = db.scalars(select(User).where(User.username == "kai")).one()
    page = client.get("/admin/users").text
    assert 'aria-label="Role of kai"' in page
    assert admin_post(client, f"/admin/users/{kai.id}/role", {"role": "editor"}).status_code == 303
    db.refresh(kai)
    assert kai.role == "editor"
    assert admin_post(client, f"/admin/users/{kai.id}/deactivate", {}).status_code == 303
    db.refresh(kai)
    assert not kai.is_active
    short = admin_post(client, "/admin/users", {"username": "lu", "password": "short",
                                                "role": "editor"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "user")).all()
    assert sorted(actions) == ["create", "deactivate", "role"]


def test_deactivated_users_cannot_log_in(client: TestClient, db: Session, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    kai: User = make_user("kai", "journalist")
    log_in(client, "ada")
    admin_post(client, f"/admin/users/{kai.id}/deactivate", {})
    assert attempt(client, "kai", PASSWORD).status_code == 401


def test_editors_cannot_change_users(editor_client: TestClient, db: Session) -> None:
    assert editor_client.get("/admin/users").status_code == 403
    created = admin_post(editor_client, "/admin/users",
                         {"username": "mole", "password": "long enough pw", "role": "admin"})
    assert created.status_code == 403
    assert db.scalars(select(User).where(User.username == "mole")).first() is None
    assert "/admin/users" not in editor_client.get("/").text

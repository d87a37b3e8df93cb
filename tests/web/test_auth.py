from fastapi.testclient import TestClient

from tests.conftest import csrf_of, log_in


def test_reading_needs_login_by_default(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_api_without_credentials_is_401_json(client: TestClient) -> None:
    response = client.get("/api/v1/claims")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_login_with_wrong_password_says_so(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    response = client.post(
        "/login", data={"username": "edna", "password": "nope-nope", "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 401
    assert "do not match an account" in response.text
    assert "cd_session" not in client.cookies


def test_login_then_home_shows_user(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    log_in(client, "edna")
    page = client.get("/")
    assert page.status_code == 200
    assert "edna" in page.text and "(editor)" in page.text


def test_login_form_without_csrf_is_refused(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    csrf_of(client)
    response = client.post("/login", data={"username": "edna", "password": "x" * 10})
    assert response.status_code == 403
    assert "expired or came from another site" in response.text


def test_login_redirect_stays_on_site(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    response = client.post(
        "/login",
        data={
            "username": "edna",
            "password": "correct horse battery",
            "next": "//evil.example/",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_logout_ends_the_session(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    log_in(client, "edna")
    client.post("/logout", data={"csrf_token": client.cookies["cd_csrf"]})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_bearer_token_reads_api(client: TestClient, db, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.auth import issue_api_token

    user = make_user("robot", "journalist")
    token = issue_api_token(db, user=user)
    ok = client.get("/healthz", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    bad = client.get("/", headers={"Authorization": "Bearer wrong"}, follow_redirects=False)
    assert bad.status_code in (303, 401)


def test_healthz_answers_when_database_answers(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_unknown_page_is_a_readable_404(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no page at this address." in response.text

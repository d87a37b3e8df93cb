"""Every route that writes: anonymous visitors are sent to log in, lower roles get 403, and a
logged-in form without its CSRF token is refused. WRITE_ROUTES must list every write route,
so a new route without an entry fails here until someone decides who may use it."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.auth import RoleCheck
from tests.conftest import csrf_of, log_in

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = "public"
WRITE_ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("POST", "/views"): "journalist",
    ("POST", "/views/{view_id}/delete"): "journalist",
    ("POST", "/articles"): "journalist",
    ("POST", "/articles/upload"): "journalist",
    ("POST", "/articles/fetch"): "journalist",
    ("POST", "/articles/{article_id}/extract"): "journalist",
    ("POST", "/api/v1/articles"): "journalist",
    ("POST", "/articles/{article_id}/claims"): "editor",
    ("POST", "/claims/bulk"): "editor",
    ("POST", "/claims/bulk/apply"): "editor",
    ("POST", "/claims/{claim_id}/edit"): "editor",
    ("POST", "/claims/{claim_id}/notes"): "editor",
    ("POST", "/claims/{claim_id}/assign"): "editor",
    ("POST", "/claims/{claim_id}/claimant"): "editor",
    ("POST", "/claims/{claim_id}/span"): "editor",
    ("POST", "/claims/{claim_id}/delete"): "editor",
    ("POST", "/claims/{claim_id}/restore"): "editor",
    ("PATCH", "/api/v1/claims/{claim_id}"): "editor",
    ("PATCH", "/api/v1/actors/{actor_id}"): "editor",
    ("POST", "/actors/{actor_id}/edit"): "editor",
    ("POST", "/actors/{actor_id}/aliases"): "editor",
    ("POST", "/actors/{actor_id}/notes"): "editor",
    ("POST", "/actors/{actor_id}/merge"): "editor",
    ("POST", "/actors/merges/{event_id}/undo"): "editor",
    ("POST", "/actors/{actor_id}/split"): "editor",
    ("POST", "/disputes"): "editor",
    ("POST", "/disputes/suggestions/{link_id}/confirm"): "editor",
    ("POST", "/disputes/suggestions/{link_id}/dismiss"): "editor",
    ("POST", "/disputes/{dispute_id}/edit"): "editor",
    ("POST", "/disputes/{dispute_id}/claims"): "editor",
    ("POST", "/disputes/{dispute_id}/claims/{claim_id}/side"): "editor",
    ("POST", "/disputes/{dispute_id}/claims/{claim_id}/remove"): "editor",
    ("POST", "/claims/{claim_id}/links"): "editor",
    ("POST", "/api/v1/disputes"): "editor",
    ("POST", "/api/v1/disputes/suggestions/{link_id}/confirm"): "editor",
    ("POST", "/api/v1/disputes/suggestions/{link_id}/dismiss"): "editor",
    ("POST", "/api/v1/disputes/{dispute_id}/claims"): "editor",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/users/{user_id}/role"): "admin",
    ("POST", "/admin/users/{user_id}/deactivate"): "admin",
}
ROLES = ("journalist", "editor", "admin")


def write_routes(app: FastAPI) -> list[tuple[str, str, Dependant]]:
    """Every (method, path) that writes, through included routers (FastAPI resolves their
    prefixes lazily, so app.routes is walked with its route contexts)."""
    found = []
    for context in routing.iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            for method in (context.methods or set()) & WRITE_METHODS:
                found.append((method, str(context.path), context.dependant))
    return found


def required_role(dependant: Dependant) -> str:
    """The role a route's dependencies demand, found by walking them."""
    for dep in dependant.dependencies:
        if isinstance(dep.call, RoleCheck):
            return dep.call.role.value
        found = required_role(dep)
        if found != PUBLIC:
            return found
    return PUBLIC


def address(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_write_route_is_listed_with_the_role_it_requires(app: FastAPI) -> None:
    found = {(method, path): required_role(dependant)
             for method, path, dependant in write_routes(app)}
    assert found == WRITE_ROUTES


def test_anonymous_writes_are_sent_to_log_in(app: FastAPI, client: TestClient) -> None:
    for (method, path), role in WRITE_ROUTES.items():
        if role == PUBLIC:
            continue
        response = client.request(method, address(path), follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next="), (method, path)


@pytest.mark.parametrize("role", ROLES[:-1])
def test_lower_roles_are_refused(client: TestClient, make_user, role: str) -> None:  # type: ignore[no-untyped-def]
    make_user(role, role)
    log_in(client, role)
    headers = {"X-CSRF-Token": csrf_of(client)}
    refused = [(m, p) for (m, p), needed in WRITE_ROUTES.items()
               if needed != PUBLIC and ROLES.index(needed) > ROLES.index(role)]
    assert refused
    for method, path in refused:
        response = client.request(method, address(path), headers=headers,
                                  follow_redirects=False)
        assert response.status_code == 403, (role, method, path)
        assert f"needs the {WRITE_ROUTES[(method, path)]} role" in response.text


def test_forms_without_csrf_are_refused(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    log_in(client, "ada")
    for (method, path), role in WRITE_ROUTES.items():
        if role == PUBLIC or path.startswith("/api/"):
            continue
        response = client.request(method, address(path), data={"x": "1"},
                                  follow_redirects=False)
        assert response.status_code == 403, (method, path)
        assert "expired or came from another site" in response.text, (method, path)

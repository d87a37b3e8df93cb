"""Schemathesis over the OpenAPI schema, in process: every operation, as an editor, with
generated valid and invalid input. No answer is a 5xx and every answer matches the schema
(status documented, body shaped as documented). `make soak` runs many more cases against a
live server."""

from __future__ import annotations

import os

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from app.auth import create_user, issue_api_token
from app.models import Role
from tests.factories import make_article, make_claim

EXAMPLES = int(os.environ.get("CLAIMDESK_FUZZ_EXAMPLES", "20"))
CHECKS = [
    checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CASES: list[int] = []


def operations() -> list[tuple[str, str]]:
    from app.main import create_app

    paths = create_app().openapi()["paths"]
    return [(method.upper(), path) for path, ops in paths.items() for method in ops]


@pytest.fixture
def api_schema(isolated_app: FastAPI, db: Session) -> schemathesis.BaseSchema:
    editor = create_user(db, username="fuzzer", password="fuzzing-password", role=Role.editor)
    token = issue_api_token(db, user=editor)
    make_claim(db, make_article(db))  # something to find, so some lookups succeed
    db.commit()
    schema = schemathesis.openapi.from_asgi("/openapi.json", isolated_app)
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    return schema


@pytest.mark.parametrize(("method", "path"), operations())
def test_every_operation_answers_as_documented(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    operation = api_schema[path][method]
    headers = dict(api_schema.config.headers or {})

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: schemathesis.Case) -> None:
        CASES.append(1)
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_enough_cases_ran() -> None:
    """Runs after the operations (same module, in order): the fuzzing was not vacuous."""
    assert len(CASES) >= min(1000, EXAMPLES * 10), len(CASES)

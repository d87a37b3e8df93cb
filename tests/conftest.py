"""Fixtures: one migrated test database per run, one rolled-back transaction per test."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session

from app import testing

TEST_DB = f"claimdesk_test_{os.getpid()}"
T = TypeVar("T")


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Production argon2 costs ~0.5 s a hash here; tests hash with minimal cost instead."""
    from argon2 import PasswordHasher

    from app import auth

    real = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    auth._hasher = real


@pytest.fixture(autouse=True)
def fresh_menus() -> Iterator[None]:
    """Each test rolls its rows back: menus and planner estimates a web process kept must not
    outlive them."""
    from app import menus, queries

    menus.forget()
    queries.forget_estimates()
    yield
    menus.forget()
    queries.forget_estimates()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    base = testing.server_url()
    url = testing.create_database(base, TEST_DB)
    os.environ["DATABASE_URL"] = url
    from app.config import get_settings
    from app.db import get_engine, get_sessionmaker

    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()
    yield url
    get_engine().dispose()
    testing.drop_database(base, TEST_DB)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = create_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        trans = conn.begin()
        yield conn
        trans.rollback()


@pytest.fixture
def db(connection: Connection) -> Iterator[Session]:
    """The test's session: commits inside the code under test become savepoints."""
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()


@pytest.fixture
def app(db: Session) -> FastAPI:
    from app.db import get_session
    from app.main import create_app

    application = create_app()

    def session_override() -> Iterator[Session]:
        yield db

    application.dependency_overrides[get_session] = session_override
    return application


@pytest.fixture
def isolated_app(connection: Connection, db: Session) -> FastAPI:
    """The app with one session per request, each in a savepoint of the test's transaction,
    as in production: a request that fails in Postgres (as fuzzed ones may) is rolled back
    alone and leaves the next request a usable connection."""
    from app.db import get_session
    from app.main import create_app

    application = create_app()

    def per_request() -> Iterator[Session]:
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            session.close()

    application.dependency_overrides[get_session] = per_request
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the whole session, where asyncio.run() refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(db: Session):  # type: ignore[no-untyped-def]
    from app.auth import create_user
    from app.models import Role

    def make(name: str = "ed", role: str = "editor") -> object:
        return create_user(db, username=name, password=PASSWORD, role=Role(role))

    return make


def csrf_of(client: TestClient) -> str:
    """Visit a page so the CSRF cookie is set, and return its value."""
    if "cd_csrf" not in client.cookies:
        client.get("/login")
    return client.cookies["cd_csrf"]


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def editor_client(client: TestClient, make_user) -> TestClient:  # type: ignore[no-untyped-def]
    make_user("edna", "editor")
    log_in(client, "edna")
    return client


@pytest.fixture
def journalist_client(client: TestClient, make_user) -> TestClient:  # type: ignore[no-untyped-def]
    make_user("jo", "journalist")
    log_in(client, "jo")
    return client

"""A real server (web + worker processes) on a database of its own, driven by Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app import testing
from app.auth import create_user
from app.models import Role

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-password"


@dataclass
class LiveServer:
    url: str
    database_url: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CLAIMDESK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    base = testing.server_url()
    name = f"claimdesk_browser_{os.getpid()}"
    url = testing.create_database(base, name)
    engine = create_engine(url)
    with Session(engine) as session:
        create_user(session, username="edna", password=PASSWORD, role=Role.editor)
        session.commit()
    engine.dispose()
    port = free_port()
    env = dict(os.environ, DATABASE_URL=testing.libpq(url), CLAIMDESK_DATA_DIR=f"/tmp/{name}")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = LiveServer(url=f"http://127.0.0.1:{port}", database_url=url)
    try:
        wait_until_up(server.url, process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        testing.drop_database(base, name)


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("server did not start in time")


@pytest.fixture(scope="session")
def browser(live_server: LiveServer):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def log_in(page, name: str = "edna") -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")

"""`claimdesk serve --workers 2`: two uvicorn processes on one port, both reaching the
database (the URL reaches the spawned workers through the environment), and no extraction
worker with --no-worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app import testing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")).decode()
    except OSError:
        return ""


def test_serve_with_two_worker_processes(database_url: str) -> None:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=testing.libpq(database_url))
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2",
         "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answered = None
        for _ in range(200):
            try:
                answered = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                if answered.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        assert answered is not None and answered.status_code == 200
        workers: list[int] = []
        for _ in range(100):  # the second worker may still be starting
            workers = [
                pid for pid in children(server.pid) if "multiprocessing" in command_line(pid)
            ]
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, [command_line(pid) for pid in children(server.pid)]
        assert not [pid for pid in children(server.pid) if " worker" in command_line(pid)]
        for _ in range(20):  # every request, whichever process takes it, reaches Postgres
            assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/claims").status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_extraction_worker_stops_with_serve(database_url: str) -> None:
    """uvicorn re-raises SIGTERM after its shutdown, so serve's own clean-up never runs: the
    worker it started must still go (it used to outlive serve, retrying forever)."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=testing.libpq(database_url))
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        for _ in range(300):
            workers = [pid for pid in children(server.pid) if " worker" in command_line(pid)]
            if workers:
                break
            time.sleep(0.2)
        assert workers, "serve started no extraction worker"
    finally:
        server.terminate()
        server.wait(timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Path(f"/proc/{workers[0]}").exists():
        time.sleep(0.2)
    alive = Path(f"/proc/{workers[0]}").exists()
    if alive:
        os.kill(workers[0], 9)
    assert not alive, "the worker outlived serve"

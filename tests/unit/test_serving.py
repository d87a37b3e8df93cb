"""Nagle's algorithm is off on every connection `claimdesk serve` accepts, whatever the
number of workers (with --workers N, uvicorn's own listener left it on: 43 ms stalls)."""

from __future__ import annotations

import argparse
import asyncio
import socket
from typing import Any

import pytest
import uvicorn

from app import commands, testing
from app.serving import NoDelayH11Protocol
from tests.conftest import run_async


async def app(scope: Any, receive: Any, send: Any) -> None:
    pass


async def accepted_with(protocol_factory: Any) -> tuple[int, int]:
    """A connection accepted on the listener uvicorn binds for --workers N, served by
    `protocol_factory`: (the listener's protocol number, TCP_NODELAY on the connection)."""
    listener = uvicorn.Config(app=app, host="127.0.0.1", port=0).bind_socket()
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    loop = asyncio.get_running_loop()
    try:
        transport, _ = await loop.connect_accepted_socket(protocol_factory, accepted)
        nodelay = transport.get_extra_info("socket").getsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY
        )
        transport.close()
        return listener.proto, nodelay
    finally:
        client.close()
        listener.close()


def test_connections_of_a_multi_worker_listener_get_no_delay() -> None:
    config = uvicorn.Config(app=app, lifespan="off")
    config.load()
    state = uvicorn.server.ServerState()

    def factory() -> NoDelayH11Protocol:
        return NoDelayH11Protocol(config=config, server_state=state, app_state={})

    proto, nodelay = run_async(lambda: accepted_with(factory))
    assert proto == 0  # the listener asyncio does not recognise as TCP
    assert nodelay == 1


def test_serve_runs_uvicorn_with_that_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(testing, "migrate", lambda url: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    args = argparse.Namespace(demo=False, no_worker=True, host="127.0.0.1", port=0, workers=2)
    assert commands.serve(args) == 0
    assert seen["http"] == "app.serving:NoDelayH11Protocol"
    assert seen["workers"] == 2

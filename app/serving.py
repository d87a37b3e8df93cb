"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns TCP_NODELAY on only for accepted sockets whose listener says IPPROTO_TCP.
With `--workers N`, uvicorn binds the listener itself and leaves its protocol at 0
(uvicorn issue #3149), so Nagle stayed on. A response leaves in two writes, the headers and
then the body, and the body waited for the client's delayed ACK: 43 ms on every keep-alive
request after the first, on responses of a few kilobytes (the article reader, the JSON API).
A single worker was not affected; with this protocol neither is any number of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on a TCP transport's socket (a Unix socket has none)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)

"""Refuse to fetch addresses inside the newsroom's own network (SSRF), on every redirect hop."""

from __future__ import annotations

import ipaddress
import socket

import httpx

from app.ingest.errors import IngestError
from app.ingest.fetch import MAX_REDIRECTS, fetch_url
from app.ingest.readers import ParsedArticle


def is_private_host(host: str) -> bool:
    """True when any address the name resolves to is loopback, private, link-local or reserved."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False  # the fetch itself will report the name as unreachable
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return True
    return False


def refuse_private(request: httpx.Request) -> None:
    host = request.url.host
    if is_private_host(host):
        raise IngestError(
            f"Claimdesk does not fetch pages from private or local addresses ({host}). "
            "Download the page and upload it, or paste its text.",
            400,
        )


def fetch_public_url(
    url: str, *, timeout: float, max_bytes: int, allow_private: bool
) -> ParsedArticle:
    if allow_private:
        return fetch_url(url, timeout=timeout, max_bytes=max_bytes)
    with httpx.Client(
        max_redirects=MAX_REDIRECTS, event_hooks={"request": [refuse_private]}
    ) as client:
        return fetch_url(url, timeout=timeout, max_bytes=max_bytes, client=client)

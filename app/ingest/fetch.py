"""Fetching an article from a web address.

The body is streamed and the byte cap enforced while reading, so a huge or endless
response costs at most ``max_bytes``. No single wait (connect, each read) may
exceed ``timeout`` seconds, and the download stops once the whole fetch has taken
longer than that, so a site trickling bytes cannot hold a worker. Pages go
through the same HTML reader as uploaded files.
"""

from __future__ import annotations

import ssl
import time
from functools import cache
from urllib.parse import urlsplit

import httpx

from app.ingest.article import DEFAULT_MAX_BYTES, ParsedArticle, check_size
from app.ingest.decoding import ACCEPTED_TYPES, parse_content_type
from app.ingest.errors import IngestError
from app.ingest.readers import TextFormat, read_text_bytes
from app.numbers import is_id

USER_AGENT = "Claimdesk/0.1"
MAX_REDIRECTS = 5

_FORMATS: dict[str, TextFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
}
_REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
}
_STATUS_HINTS = {
    401: "The site requires a login; paste the article text instead.",
    403: "The site refused to let Claimdesk read it (it may need a login or block "
    "automated readers); paste the article text instead.",
    429: "The site is limiting requests; wait a few minutes and try again.",
}
_DEFAULT_HINT = "Try again later, or paste the article text instead."


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
) -> ParsedArticle:
    """Download ``url`` and read it as an article; ``ParsedArticle.url`` is the final URL.

    A caller-supplied ``client`` keeps its own redirect limit and transport; the
    User-Agent, timeout and redirect following are set per request.
    Raises ``IngestError``: 400 not http/https, 404 page missing (404/410),
    413 over ``max_bytes``, 415 not a web page or text, 422 unreadable,
    502 the site failed or could not be reached, 504 too slow.
    """
    url = _checked_url(url)
    if client is not None:
        return _fetch(client, url, timeout, max_bytes)
    with httpx.Client(max_redirects=MAX_REDIRECTS, verify=_tls_context()) as own_client:
        return _fetch(own_client, url, timeout, max_bytes)


@cache
def _tls_context() -> ssl.SSLContext:
    """Certificate store, loaded once: building it costs more than a small fetch."""
    return httpx.create_ssl_context()


def _fetch(client: httpx.Client, url: str, timeout: float, max_bytes: int) -> ParsedArticle:
    deadline = time.monotonic() + timeout
    try:
        with client.stream(
            "GET", url, headers=_REQUEST_HEADERS, timeout=timeout, follow_redirects=True
        ) as response:
            _check_status(response, url)
            media, charset = parse_content_type(response.headers.get("content-type"))
            text_format = _format_of(media, url)
            _check_declared_length(response, max_bytes, url)
            body = _read_capped(response, max_bytes, deadline, url)
            final_url = str(response.url)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise _transport_error(error, url, timeout) from None
    return read_text_bytes(
        body,
        text_format or _sniff_format(body),
        charset=charset,
        url=final_url,
        what=f"The page at {final_url}",
        source_kind="url",
    )


def _checked_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.hostname and _parses(url):
        return url
    hint = " Add https:// at the start." if "://" not in url else ""
    raise IngestError(
        f"“{url}” is not a web address Claimdesk can fetch: only addresses starting "
        f"with http:// or https:// work.{hint}",
        400,
    )


def _parses(url: str) -> bool:
    try:
        httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return True


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status in (404, 410):
        raise IngestError(
            f"The page at {url} was not found (HTTP {status}). Check the address, "
            "or paste the article text instead.",
            404,
        )
    if status >= 300:
        hint = _STATUS_HINTS.get(status, _DEFAULT_HINT)
        raise IngestError(f"The site at {url} answered with an error (HTTP {status}). {hint}", 502)


def _format_of(media: str | None, url: str) -> TextFormat | None:
    """The reader for ``media``; None means no Content-Type (sniffed later); else 415."""
    if media is None:
        return None
    if media in _FORMATS:
        return _FORMATS[media]
    advice = "Download it and upload the file instead. " if _is_document(media) else ""
    raise IngestError(
        f"The address {url} leads to {media} content, not a web page. {advice}"
        "Claimdesk reads web pages and plain text from addresses, and accepts "
        f"{ACCEPTED_TYPES} as uploads.",
        415,
    )


def _is_document(media: str) -> bool:
    return media == "application/pdf" or "wordprocessingml" in media


def _check_declared_length(response: httpx.Response, max_bytes: int, url: str) -> None:
    declared = response.headers.get("content-length", "")
    if is_id(declared.strip()):
        check_size(int(declared), max_bytes, f"The page at {url}")


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        check_size(size, max_bytes, f"The page at {url}")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total fetch time exceeded", request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def _sniff_format(body: bytes) -> TextFormat:
    """Format of a body sent without a Content-Type: markup if it starts with a tag."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "html" if head.startswith(b"<") else "txt"


def _transport_error(
    error: httpx.HTTPError | httpx.InvalidURL, url: str, timeout: float
) -> IngestError:
    host = urlsplit(url).hostname or url
    if isinstance(error, httpx.TimeoutException):
        return IngestError(
            f"{host} took longer than {timeout:g} seconds to send the page at {url}. "
            "Try again later, or paste the article text instead.",
            504,
        )
    if isinstance(error, httpx.TooManyRedirects):
        return IngestError(
            f"The page at {url} redirected too many times without arriving anywhere. "
            "Open it in a browser and paste the final address.",
            502,
        )
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return IngestError(
            f"The page at {url} redirected to an address Claimdesk cannot fetch. "
            "Open it in a browser and paste the article text instead.",
            502,
        )
    if isinstance(error, httpx.ConnectError):
        return IngestError(
            f"Claimdesk could not connect to {host}. Check the address, or try again later.",
            502,
        )
    return IngestError(
        f"Claimdesk could not download the page at {url} ({type(error).__name__}). "
        "Try again later, or paste the article text instead.",
        502,
    )

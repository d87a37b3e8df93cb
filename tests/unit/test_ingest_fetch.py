"""fetch_url against a real HTTP server on 127.0.0.1, serving pages written here."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from app.ingest import IngestError, fetch_url

ARTICLE = """<!DOCTYPE html>
<html><head>
<title>Library hours cut | Eastfold Courier</title>
<meta property="og:site_name" content="Eastfold Courier">
<meta name="author" content="Rafael Duarte">
<meta property="article:published_time" content="2026-01-19T18:05:00+01:00">
</head><body>
<nav>Home | Sport | Weather</nav>
<article><h1>Library hours cut</h1>
<p>Eastfold's central library will close two hours earlier from February, the
borough's culture office announced on Monday.</p>
<p>"Nobody wants this, but the heating bill has doubled," said Greta Lindqvist,
who leads the culture office. Readers' groups said they would petition the council.</p>
</article>
<footer>Eastfold Courier, all rights reserved</footer>
</body></html>
"""
FIRST_PARAGRAPH = (
    "Eastfold's central library will close two hours earlier from February, the "
    "borough's culture office announced on Monday."
)
LATIN_PAGE = (
    "<html><body><p>The caf\u00e9 on Mill Lane will close, its owner said.</p></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

_stop = threading.Event()
_seen_user_agents: list[str] = []


class Site(BaseHTTPRequestHandler):
    """A tiny news site with the failures a real one can have."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        _seen_user_agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/plain": lambda: self._send(200, "text/plain", FIRST_PARAGRAPH.encode()),
            "/no-type": lambda: self._send(200, None, ARTICLE.encode()),
            "/latin-header": lambda: self._send(
                200, "text/html; charset=iso-8859-1", LATIN_PAGE.encode("latin-1")
            ),
            "/latin-meta": lambda: self._send(
                200,
                "text/html",
                b'<meta charset="windows-1252">' + LATIN_PAGE.encode("cp1252"),
            ),
            "/undeclared-latin": lambda: self._send(200, "text/html", LATIN_PAGE.encode("cp1252")),
            "/gone": lambda: self._send(404, "text/html", b"<h1>Not here</h1>"),
            "/removed": lambda: self._send(410, "text/html", b"<h1>Gone</h1>"),
            "/broken": lambda: self._send(503, "text/html", b"<h1>Down</h1>"),
            "/members": lambda: self._send(403, "text/html", b"<h1>Subscribe</h1>"),
            "/image": lambda: self._send(200, "image/png", PNG),
            "/report.pdf": lambda: self._send(200, "application/pdf", b"%PDF-1.4\n"),
            "/old-address": lambda: self._redirect("/article"),
            "/loop": lambda: self._redirect("/loop"),
            "/to-ftp": lambda: self._redirect("ftp://files.eastfold.example/a.txt"),
            "/empty": lambda: self._send(200, "text/html", b"<html><body></body></html>"),
            "/slow": self._slow,
            "/trickle": self._trickle,
            "/huge-declared": self._huge_declared,
            "/endless": self._endless,
        }
        routes.get(self.path, lambda: self._send(404, "text/plain", b"no route"))()

    def _send(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        _stop.wait(3)  # far beyond the test's timeout; teardown releases it
        self._quietly(lambda: self._send(200, "text/html", ARTICLE.encode()))

    def _trickle(self) -> None:
        """Each byte arrives quickly, but the whole page would take seconds."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for byte in ARTICLE.encode():
            if _stop.wait(0.02) or not self._quietly(lambda b=byte: self._write(bytes([b]))):
                return

    def _huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "50000000")
        self.end_headers()
        self._quietly(lambda: self._write(b"<html>" + b" " * 1000))

    def _endless(self) -> None:
        """No Content-Length and no end: only a client that caps its reading returns."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"more words " * 1500 + b"</p>"
        while not _stop.is_set() and self._quietly(lambda: self._write(chunk)):
            pass

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    @staticmethod
    def _quietly(action: object) -> bool:
        """Run ``action``; False once the client has hung up."""
        try:
            action()  # type: ignore[operator]
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    _stop.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _stop.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=2)


def fetch_error(url: str, **options: float) -> IngestError:
    with pytest.raises(IngestError) as caught:
        fetch_url(url, **options)  # type: ignore[arg-type]
    return caught.value


def test_article_page_gives_text_metadata_and_address(site: str) -> None:
    article = fetch_url(f"{site}/article")
    assert article.text == (
        FIRST_PARAGRAPH + "\n\n"
        '"Nobody wants this, but the heating bill has doubled," said Greta Lindqvist, '
        "who leads the culture office. Readers' groups said they would petition the council."
    )
    assert article.title == "Library hours cut"
    assert article.byline == "Rafael Duarte"
    assert article.outlet == "Eastfold Courier"
    assert article.published_at == datetime(2026, 1, 19, 17, 5, tzinfo=UTC)
    assert (article.url, article.source_kind) == (f"{site}/article", "url")


def test_requests_say_they_come_from_claimdesk(site: str) -> None:
    _seen_user_agents.clear()
    with httpx.Client() as client:
        fetch_url(f"{site}/article", client=client)
    assert _seen_user_agents == ["Claimdesk/0.1"]


def test_redirect_is_followed_and_the_final_address_kept(site: str) -> None:
    article = fetch_url(f"{site}/old-address")
    assert article.url == f"{site}/article"
    assert article.title == "Library hours cut"


def test_plain_text_page_is_read_as_text(site: str) -> None:
    article = fetch_url(f"{site}/plain")
    assert (article.text, article.title, article.url) == (FIRST_PARAGRAPH, None, f"{site}/plain")


def test_page_without_content_type_is_recognised_as_html(site: str) -> None:
    assert fetch_url(f"{site}/no-type").title == "Library hours cut"


@pytest.mark.parametrize("path", ["/latin-header", "/latin-meta"])
def test_charset_comes_from_the_header_or_the_meta_tag(site: str, path: str) -> None:
    assert fetch_url(site + path).text == "The café on Mill Lane will close, its owner said."


def test_undeclared_non_utf8_page_is_refused_not_guessed(site: str) -> None:
    error = fetch_error(f"{site}/undeclared-latin")
    assert error.status_code == 422
    assert error.message.startswith(f"The page at {site}/undeclared-latin is not UTF-8 text")


@pytest.mark.parametrize("path", ["/gone", "/removed"])
def test_missing_page_is_a_404_naming_the_address(site: str, path: str) -> None:
    error = fetch_error(site + path)
    code = 404 if path == "/gone" else 410
    assert error.status_code == 404
    assert error.message == (
        f"The page at {site}{path} was not found (HTTP {code}). Check the address, "
        "or paste the article text instead."
    )


def test_server_error_is_a_502_with_the_code(site: str) -> None:
    error = fetch_error(f"{site}/broken")
    assert error.status_code == 502
    assert error.message == (
        f"The site at {site}/broken answered with an error (HTTP 503). "
        "Try again later, or paste the article text instead."
    )


def test_paywall_refusal_suggests_pasting_the_text(site: str) -> None:
    error = fetch_error(f"{site}/members")
    assert error.status_code == 502
    assert "(HTTP 403)" in error.message
    assert error.message.endswith("paste the article text instead.")


def test_slow_site_times_out_with_a_clear_message(site: str) -> None:
    error = fetch_error(f"{site}/slow", timeout=0.2)
    assert error.status_code == 504
    assert error.message == (
        f"127.0.0.1 took longer than 0.2 seconds to send the page at {site}/slow. "
        "Try again later, or paste the article text instead."
    )


def test_timeout_covers_the_whole_download_not_each_read(site: str) -> None:
    error = fetch_error(f"{site}/trickle", timeout=0.3)
    assert error.status_code == 504


def test_declared_length_over_the_cap_is_refused_before_reading(site: str) -> None:
    error = fetch_error(f"{site}/huge-declared", max_bytes=10_000)
    assert error.status_code == 413
    assert error.message == (
        f"The page at {site}/huge-declared is too large (50.0 MB); the limit is "
        "10,000 bytes. Split it up or paste only the article text."
    )


def test_endless_body_is_cut_off_at_the_cap(site: str) -> None:
    error = fetch_error(f"{site}/endless", max_bytes=100_000)
    assert error.status_code == 413
    assert error.message.startswith(f"The page at {site}/endless is too large")


def test_image_is_refused_as_not_a_web_page(site: str) -> None:
    error = fetch_error(f"{site}/image")
    assert error.status_code == 415
    assert error.message == (
        f"The address {site}/image leads to image/png content, not a web page. Claimdesk "
        "reads web pages and plain text from addresses, and accepts plain text (.txt), "
        "Markdown (.md), web pages (.html, .htm), Word (.docx), PDF as uploads."
    )


def test_linked_pdf_suggests_uploading_it(site: str) -> None:
    error = fetch_error(f"{site}/report.pdf")
    assert error.status_code == 415
    assert "Download it and upload the file instead." in error.message


def test_redirect_loop_gives_up(site: str) -> None:
    error = fetch_error(f"{site}/loop")
    assert error.status_code == 502
    assert error.message == (
        f"The page at {site}/loop redirected too many times without arriving anywhere. "
        "Open it in a browser and paste the final address."
    )


def test_redirect_to_another_protocol_is_refused(site: str) -> None:
    error = fetch_error(f"{site}/to-ftp")
    assert error.status_code == 502
    assert "redirected to an address Claimdesk cannot fetch" in error.message


def test_page_with_no_text_has_no_readable_text(site: str) -> None:
    error = fetch_error(f"{site}/empty")
    assert error.status_code == 422
    assert error.message.startswith(f"The page at {site}/empty has no readable text.")


def test_refused_connection_is_a_502() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = fetch_error(f"http://127.0.0.1:{port}/article")
    assert error.status_code == 502
    assert error.message == (
        "Claimdesk could not connect to 127.0.0.1. Check the address, or try again later."
    )


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("ftp://files.eastfold.example/a.txt", ""),
        ("file:///etc/hosts", ""),
        ("eastfold.example/news", " Add https:// at the start."),
    ],
)
def test_only_http_addresses_are_fetched(url: str, hint: str) -> None:
    error = fetch_error(url)
    assert error.status_code == 400
    assert error.message == (
        f"“{url}” is not a web address Claimdesk can fetch: only addresses starting "
        f"with http:// or https:// work.{hint}"
    )

"""Reading web pages: trafilatura for the main text, a plain tag stripper as fallback.

Uploaded .html files and fetched pages both come through ``read_html``, so an
article reads the same whichever way it arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

import trafilatura
from trafilatura.settings import set_date_params

from app.ingest.article import (
    ParsedArticle,
    SourceKind,
    clean_field,
    parse_iso_date,
    require_text,
)

# Only elements that are never visible: skipping more (nav, head) would swallow the
# whole article when broken markup never closes them.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "select"}
)
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
     "section", "article", "main", "blockquote", "pre", "header", "footer", "aside",
     "figure", "figcaption", "hr", "dl", "dt", "dd", "address", "body"}
)  # fmt: skip
_AUTHOR_KEYS = ("author", "byl", "dc.creator", "parsely-author", "sailthru.author")
_OUTLET_KEYS = ("og:site_name", "application-name", "publisher")
_DATE_KEYS = (
    "article:published_time", "datepublished", "dc.date", "dc.date.issued", "pubdate",
    "parsely-pub-date", "sailthru.date", "date",
)  # fmt: skip
_TITLE_KEYS = ("og:title", "twitter:title")
_BY_PREFIX = re.compile(r"^\s*by\s+", re.I)
_SPACES = re.compile(r"\s+")


@dataclass
class _PageParts:
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    text: str = ""


@dataclass
class _StrippedPage:
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    text: str = ""


def read_html(markup: str, *, url: str | None, source_kind: SourceKind, what: str) -> ParsedArticle:
    """Extract an article from ``markup``; raise 422 (via ``require_text``) if empty.

    ``what`` names the source in error messages ("The file", "The page at ...").
    """
    stripped = strip_tags(markup)
    main = _trafilatura_parts(markup, url)
    text = main.text or stripped.text
    title = clean_field(main.title) or _meta_title(stripped)
    return ParsedArticle(
        text=_drop_leading_title(require_text(text, what), title),
        title=title,
        byline=_clean_byline(main.byline or _first_meta(stripped, _AUTHOR_KEYS)),
        outlet=clean_field(main.outlet or _first_meta(stripped, _OUTLET_KEYS)),
        published_at=parse_iso_date(_first_meta(stripped, _DATE_KEYS)) or main.published_at,
        url=url or main.url,
        source_kind=source_kind,
    )


def _trafilatura_parts(markup: str, url: str | None) -> _PageParts:
    """Main text and metadata per trafilatura; empty parts when it finds nothing."""
    try:
        doc = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception:  # a crash in the extractor must not lose the upload: fall back
        return _PageParts()
    if doc is None or isinstance(doc, dict):
        return _PageParts()
    text = doc.text or ""
    return _PageParts(
        title=doc.title,
        byline=doc.author,
        outlet=doc.sitename,
        published_at=parse_iso_date(doc.date),
        # The page's own canonical address (link rel=canonical, og:url), if absolute.
        url=doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None,
        # trafilatura puts one block per line; stored articles separate paragraphs
        # with a blank line, as every other reader does.
        text=text.replace("\n", "\n\n"),
    )


def strip_tags(markup: str) -> _StrippedPage:
    """Visible text, ``<title>`` and ``<meta>`` values by a forgiving tag stripper."""
    parser = _TagStripper()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser has raised on odd markup in some Python releases
        return _StrippedPage()
    return _StrippedPage(
        title=" ".join(parser.title_parts), meta=parser.meta, text="".join(parser.parts)
    )


class _TagStripper(HTMLParser):
    """Collects text outside scripts, styles and navigation; blocks become paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip_depth = 0
        self._in_title = False
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # An unclosed <title> ends where the page visibly starts.
        self._in_title = self._in_title and tag not in _BLOCKS
        if tag == "meta":
            self._record_meta(dict(attrs))
        elif tag == "title":
            self._in_title = True
        elif tag in _SKIPPED:
            self._skip_depth += 1
        self._break(tag)
        self._in_pre = self._in_pre or tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._record_meta(dict(attrs))
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "head"):
            self._in_title = False
        elif tag in _SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        self._in_pre = self._in_pre and tag != "pre"
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data.strip())
        elif not self._skip_depth:
            self.parts.append(data if self._in_pre else _SPACES.sub(" ", data))

    def _break(self, tag: str) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def _record_meta(self, attrs: dict[str, str | None]) -> None:
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content and key.lower() not in self.meta:
            self.meta[key.lower()] = content


def _first_meta(page: _StrippedPage, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = page.meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


def _meta_title(page: _StrippedPage) -> str | None:
    return clean_field(_first_meta(page, _TITLE_KEYS)) or clean_field(page.title)


def _clean_byline(value: str | None) -> str | None:
    return clean_field(_BY_PREFIX.sub("", value)) if value else None


def _drop_leading_title(text: str, title: str | None) -> str:
    """Drop the headline from the top of the text when it repeats the title."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if first.strip().casefold() == title.casefold() and rest.strip():
        return rest.strip()
    return text

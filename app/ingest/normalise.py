"""Text and URL normalisation, so stored articles look tidy and duplicates are caught.

``normalise_text`` produces the text that is stored and that claim offsets point
into; ``text_hash`` and ``canonical_url`` produce dedupe keys only (never shown).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.ingest.errors import IngestError

# Line breaks that are not "\n": Windows/old-Mac endings, form and vertical feeds
# (pypdf puts form feeds between pages), Unicode line/paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
# Control characters except \n and \t, plus invisible characters that only cause
# trouble in stored text (byte-order mark, zero-width space).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u200b]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'", "`": "'",
    }
)  # fmt: skip

_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc", "cmpid", "ocid", "sr_share",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_text(text: str) -> str:
    """Return ``text`` tidied for storage.

    Unicode NFC; every line break becomes ``\\n``; control characters other than
    ``\\n``/``\\t`` are removed; runs of spaces and tabs inside a line become one
    space; lines are trimmed; at most one blank line separates paragraphs; the
    whole text is stripped.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def dedupe_key(text: str) -> str:
    """The text ``text_hash`` hashes: case, spacing and quote style do not count."""
    folded = normalise_text(text).casefold().translate(_QUOTES)
    return " ".join(folded.split())


def text_hash(text: str) -> str:
    """SHA-256 hex digest of ``dedupe_key(text)``, for spotting duplicate articles."""
    return hashlib.sha256(dedupe_key(text).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """Return one spelling of ``url`` for dedupe.

    Lowercases scheme and host, drops the fragment, tracking parameters (``utm_*``,
    ``fbclid``, ...) and default ports, sorts the remaining query parameters, and
    drops a trailing slash from the path (the bare host keeps ``/``).
    Raises ``IngestError`` (400) when ``url`` has no scheme or host.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        raise _bad_url(url) from None
    if not scheme or not parts.hostname:
        raise _bad_url(url)
    netloc = _canonical_netloc(scheme, parts.netloc, parts.hostname, port)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _canonical_query(parts.query), ""))


def _bad_url(url: str) -> IngestError:
    return IngestError(
        f"“{url}” is not a complete web address. Paste the full address, starting with https://.",
        400,
    )


def _canonical_netloc(scheme: str, netloc: str, hostname: str, port: int | None) -> str:
    userinfo = netloc.rpartition("@")[0]
    host = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def _canonical_query(query: str) -> str:
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    return urlencode(sorted(pairs))


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)

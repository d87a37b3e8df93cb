"""Turning uploaded or fetched bytes into text without guessing.

Bytes are decoded by their byte-order mark, else by a declared charset (HTTP
header, ``<meta charset>``, XML declaration), else as UTF-8. Anything else is
refused with a message, rather than decoded as cp1252 and silently garbled.
"""

from __future__ import annotations

import codecs
import re

from app.ingest.errors import IngestError

ACCEPTED_TYPES = "plain text (.txt), Markdown (.md), web pages (.html, .htm), Word (.docx), PDF"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a Word document or other ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old-style (.doc) Word document"),
    (b"{\\rtf", "an RTF document"),
)
# HTML treats these labels as windows-1252 (WHATWG Encoding), and so do browsers.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def unsupported(what: str) -> IngestError:
    """415 saying ``what`` went wrong and which types we do accept."""
    return IngestError(f"{what} Claimdesk accepts {ACCEPTED_TYPES}.", 415)


def reject_binary(data: bytes, what: str) -> None:
    """Raise 415 when bytes that should be text are a known binary format or garbage."""
    head = data[:4096]
    if _bom_codec(head) is not None:
        return
    for magic, name in _MAGIC:
        if head.startswith(magic):
            raise unsupported(f"{what} is {name}, not text.")
    if head and len(_CONTROL_BYTES.findall(head)) > max(1, len(head) // 100):
        raise unsupported(f"{what} contains binary data, not text.")


def decode_text(data: bytes, *, declared: str | None, what: str) -> str:
    """Decode ``data`` by BOM, then ``declared`` charset, then UTF-8; else raise 422."""
    codec = _bom_codec(data) or _known_codec(declared) or "utf-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise IngestError(_undecodable_message(what, codec, declared), 422) from None


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or its XML declaration, if any."""
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _known_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        b"".decode(name)  # refuses codecs that are not text encodings (rot13, base64)
    except LookupError:
        return None
    return name


def _undecodable_message(what: str, codec: str, declared: str | None) -> str:
    if declared and codec != "utf-8":
        return (
            f"{what} says its text is in the {declared} encoding, but it is not. "
            "Save it again as UTF-8 text and upload it once more."
        )
    return (
        f"{what} is not UTF-8 text, so its characters cannot be read reliably. "
        "Save it again as UTF-8 (in most editors: Save As, encoding UTF-8) and "
        "upload it once more, or paste the text instead."
    )


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(lowercased media type, charset) from a Content-Type value; Nones when absent."""
    if not value or not value.strip():
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset":
            charset = raw.strip().strip("\"'") or None
    return media.strip().lower() or None, charset

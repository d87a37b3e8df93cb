"""Page furniture, bylines and author notes: text that is never a claim.

A claim is dropped when the line it sits on looks like site furniture ("E-mail this page",
"Printer friendly version", "Copyright ...", "Click here ..."), a byline ("By Ana Ruiz",
"Staff writer ... contributed to this report") or an author note ("X is a contributor to ...").
"""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"^\s*(?:by\s+[A-Z]|e-?mail\s+(?:this|the|to)|print(?:er)?[- ]friendly|copyright|©|"
    r"click\s+here|share\s+(?:this|on)|follow\s+(?:us|@)|follow\s+(?:\S+\s+){1,3}on\s+(?:twitter|facebook|instagram)|related\s*:|advertisement|"
    r"sign\s+up|subscribe|read\s+more|photo\s*:|image\s*:|caption\s*:)",
    re.IGNORECASE,
)
_BYLINE_TAIL = re.compile(
    r"(?:contributed\s+(?:to\s+)?this\s+report|is\s+an?\s+(?:\w+\s+){0,3}"
    r"(?:contributor|correspondent|writer|reporter|editor|columnist)\b|"
    r"e-?mail\s+the\s+writers?|all\s+rights\s+reserved)",
    re.IGNORECASE,
)


def _line(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo : hi if hi >= 0 else len(text)]


def is_furniture(text: str, start: int, end: int) -> bool:
    """Whether the claim ``text[start:end]`` sits on a furniture, byline or bio line."""
    line = _line(text, start, end)
    if _FURNITURE.search(line):
        return True
    return bool(_BYLINE_TAIL.search(line)) and len(line) < 400

"""Find direct quotations by their marks, paragraph by paragraph.

Rules:
- Double marks only open and close a quotation: straight ``"``, curly ``“ ”``, low ``„``,
  guillemets ``« »`` and the typewriter pairs ``` `` ``` / ``''``. Single marks are left alone
  (they double as apostrophes) except that a stray one at the edge of a quotation is trimmed.
- A straight ``"`` opens when it follows a space or the paragraph start and is followed by a
  non-space; it closes when it follows a non-space; otherwise it toggles.
- Inside a quotation opened by a curly mark, straight marks are nested quoting and ignored,
  and the other way round.
- A quotation left open at the end of a paragraph ends there (newspaper style: the next
  paragraph reopens it); ``open_end`` records that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
TYPEWRITER_OPEN = "``"
TYPEWRITER_CLOSE = "''"
_MARK = re.compile(r"``|''|[“”„«»\"]")
_OPEN_CONTEXT = frozenset(" \t\n([{—–-/\u00a0")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` bound the text between the marks (trimmed)."""

    open_mark: int  # offset of the opening mark
    close_end: int  # offset just after the closing mark (paragraph end when open_end)
    start: int
    end: int
    open_end: bool


@dataclass(frozen=True, slots=True)
class _Mark:
    pos: int
    length: int
    role: str  # "open", "close" or "either"
    curly: bool


def _classify_straight(text: str, pos: int, lo: int, hi: int) -> str:
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + 1] if pos + 1 < hi else " "
    if before in _OPEN_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return "either"


def _classify_closer(text: str, pos: int, lo: int, hi: int) -> str:
    """A closing curly mark typed where an opening one belongs (paragraph start, after a
    space, before a word) may open."""
    before_open = pos == lo or text[pos - 1] in _OPEN_CONTEXT
    after = text[pos + 1] if pos + 1 < hi else " "
    return "either" if before_open and not after.isspace() else "close"


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    found: list[_Mark] = []
    for match in _MARK.finditer(text, lo, hi):
        pos, mark = match.start(), match.group(0)
        if mark == TYPEWRITER_OPEN:
            found.append(_Mark(pos, 2, "open", True))
        elif mark == TYPEWRITER_CLOSE:
            after_space = pos == lo or text[pos - 1] in _OPEN_CONTEXT
            found.append(_Mark(pos, 2, "either" if after_space else "close", True))
        elif mark in OPENERS:
            found.append(_Mark(pos, 1, "open", True))
        elif mark in CLOSERS:
            found.append(_Mark(pos, 1, _classify_closer(text, pos, lo, hi), True))
        else:
            found.append(_Mark(pos, 1, _classify_straight(text, pos, lo, hi), False))
    return found


def _has_closing_single(text: str, start: int, end: int) -> bool:
    for pos in range(start, end):
        if text[pos] in "'’" and (pos + 1 >= end or not text[pos + 1].isalpha()):
            return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in "'‘" and not _has_closing_single(text, start + 1, end):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _make(text: str, open_mark: _Mark, close_at: int, close_len: int, open_end: bool) -> Quote:
    start, end = _trim(text, open_mark.pos + open_mark.length, close_at)
    return Quote(open_mark.pos, close_at + close_len, start, end, open_end)


def quotes_in_paragraph(text: str, lo: int, hi: int) -> list[Quote]:
    """Quotations in ``text[lo:hi]`` (one paragraph), in order."""
    found: list[Quote] = []
    current: _Mark | None = None
    for mark in _marks(text, lo, hi):
        if current is None:
            if mark.role != "close":
                current = mark
            continue
        if mark.curly != current.curly and not (mark.role == "close" and mark.length == 2):
            continue  # nested quoting in the other style
        if mark.role == "either" and mark.curly and mark.length == 1:
            mark = _Mark(mark.pos, 1, "close", True)
        if mark.role == "open":  # an unclosed quotation followed by a new one
            found.append(_make(text, current, mark.pos, 0, False))
            current = mark
            continue
        found.append(_make(text, current, mark.pos, mark.length, False))
        current = None
    if current is not None:
        found.append(_make(text, current, hi, 0, True))
    return [quote for quote in found if quote.end > quote.start]

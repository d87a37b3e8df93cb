"""Claims before their speakers are resolved, and the parsed article they come from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from app.extract.mentions import Mention
from app.extract.model import Chunk
from app.extract.quotes import Quote
from app.extract.types import ClaimKind


@dataclass(slots=True)
class Draft:
    """A claim found at one place; ``mention`` is None when it continues the last speaker."""

    start: int
    end: int
    kind: ClaimKind
    cue: str
    mention: Mention | None
    sentence_start: int
    sentence_end: int
    quote: Quote | None = None
    nested_cue: bool = False  # its content is itself a reported claim


@dataclass(slots=True)
class Article:
    """The article text with its parsed chunks and quotations."""

    text: str
    chunks: list[Chunk]
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote] = field(default_factory=list)
    _chunk_starts: list[int] = field(default_factory=list)
    _paragraph_starts: list[int] = field(default_factory=list)
    _quote_starts: list[int] = field(default_factory=list)
    _doc_offsets: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._doc_offsets = {id(chunk.doc): chunk.offset for chunk in self.chunks}
        self._chunk_starts = [chunk.offset for chunk in self.chunks]
        self._paragraph_starts = [lo for lo, _ in self.paragraphs]

    def set_quotes(self, quotes: list[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda quote: quote.start)
        self._quote_starts = [quote.start for quote in self.quotes]

    @property
    def paragraph_starts(self) -> list[int]:
        return self._paragraph_starts

    def offset_of(self, token: Token) -> int:
        """Offset of ``token`` in the article text."""
        return self._doc_offsets.get(id(token.doc), 0) + token.idx

    def doc_offset(self, token: Token) -> int:
        """Offset in the article of the chunk ``token`` belongs to."""
        return self._doc_offsets.get(id(token.doc), 0)

    def chunk_at(self, pos: int) -> Chunk | None:
        index = bisect.bisect_right(self._chunk_starts, pos) - 1
        if index < 0:
            return None
        chunk = self.chunks[index]
        return chunk if pos < chunk.offset + len(chunk.doc.text) + 1 else None

    def tokens_between(self, lo: int, hi: int) -> list[Token]:
        """Tokens of one chunk starting in [lo, hi)."""
        chunk = self.chunk_at(lo)
        if chunk is None:
            return []
        doc: Doc = chunk.doc
        lo_rel = max(0, lo - chunk.offset)
        hi_rel = min(len(doc.text), hi - chunk.offset)
        if hi_rel <= lo_rel:
            return []
        span = doc.char_span(lo_rel, hi_rel, alignment_mode="expand")
        if span is None:
            return []
        return [tok for tok in span if lo <= chunk.offset + tok.idx < hi]

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)
        return self.paragraphs[index] if self.paragraphs else (0, len(self.text))

    def quotes_within(self, start: int, end: int) -> list[Quote]:
        """Quotations whose text starts inside [start, end)."""
        first = bisect.bisect_left(self._quote_starts, start)
        last = bisect.bisect_left(self._quote_starts, end)
        return self.quotes[first:last]

    def in_quote(self, pos: int) -> Quote | None:
        index = bisect.bisect_right(self._quote_starts, pos) - 1
        if index >= 0 and pos < self.quotes[index].end:
            return self.quotes[index]
        return None


class SpanIndex:
    """Answers "does any of these spans cover/overlap this one?" in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_end: list[int] = []
        running = -1
        for _, end in ordered:
            running = max(running, end)
            self._max_end.append(running)

    def _reach(self, pos: int) -> int:
        """The furthest end among spans starting at or before ``pos``."""
        index = bisect.bisect_right(self._starts, pos) - 1
        return self._max_end[index] if index >= 0 else -1

    def covers(self, start: int, end: int, slack: int = 0) -> bool:
        return self._reach(start) + slack >= end

    def contains_point(self, pos: int) -> bool:
        return self._reach(pos) > pos

    def overlaps(self, start: int, end: int) -> bool:
        return self._reach(end - 1) > start

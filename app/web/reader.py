"""Split an article into paragraphs of plain and highlighted pieces for the reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.models import Claim


@dataclass
class Piece:
    text: str
    claim: Claim | None = None


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)


def non_overlapping(claims: list[Claim]) -> list[Claim]:
    """Highlights cannot nest in HTML; keep the earlier (then longer) of overlapping claims."""
    kept: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        if not kept or claim.start >= kept[-1].end:
            kept.append(claim)
    return kept


def paragraphs(text: str, claims: list[Claim]) -> list[Paragraph]:
    """The article as paragraphs (split on blank lines), claims marked where they stand."""
    marks = non_overlapping([c for c in claims if 0 <= c.start < c.end <= len(text)])
    result: list[Paragraph] = []
    position = 0
    for block in text.split("\n\n"):
        block_start = text.find(block, position)
        block_end = block_start + len(block)
        position = block_end
        paragraph = Paragraph()
        cursor = block_start
        for claim in marks:
            start, end = max(claim.start, block_start), min(claim.end, block_end)
            if start >= end:
                continue
            if start > cursor:
                paragraph.pieces.append(Piece(text[cursor:start]))
            paragraph.pieces.append(Piece(text[start:end], claim))
            cursor = end
        if cursor < block_end:
            paragraph.pieces.append(Piece(text[cursor:block_end]))
        if paragraph.pieces:
            result.append(paragraph)
    return result

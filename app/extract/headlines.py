"""Headline and standfirst attributions of the form ``Speaker: what they said``.

A short line (under 200 characters) that opens with one to four capitalised words and a colon
reports what follows the colon, unless the label is page furniture ("Photo:", "Update:").
"""

from __future__ import annotations

import re

from app.extract.drafts import Article, Draft
from app.extract.mentions import Mention, classify

_LABEL_LINE = re.compile(r"([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,3}):\s+(\S.*)")
_MAX_LINE = 200
_NOT_SPEAKERS = frozenset({
    "photo", "photos", "image", "video", "watch", "read", "related", "update", "updated",
    "correction", "source", "sources", "note", "editor's note", "opinion", "analysis",
    "breaking", "exclusive", "live", "listen", "see", "also", "more", "credit", "caption",
    "tags", "topics", "share", "email", "e-mail", "published", "posted", "by", "from", "to",
    "subject", "date", "warning", "q", "a", "question", "answer", "here", "why", "what",
    "how", "when", "where", "who", "the", "this", "that", "it", "and", "but", "so", "then",
})


def _label_claim(article: Article, lo: int, hi: int) -> Draft | None:
    line = article.text[lo:hi]
    match = _LABEL_LINE.fullmatch(line)
    if match is None or hi - lo > _MAX_LINE or match.group(1).lower() in _NOT_SPEAKERS:
        return None
    if match.group(1).split()[0].lower() in _NOT_SPEAKERS:
        return None
    start, end = lo + match.start(2), hi
    while end > start and article.text[end - 1] in " .":
        end -= 1
    if end - start < 8:
        return None
    words = match.group(1).split()
    kind = classify(words, words[-1].lower(), True, False)
    mention = Mention(match.group(1), lo, lo + len(match.group(1)), words[-1].lower(), kind,
                      True, False)
    return Draft(start, end, "indirect", ":", mention, lo, hi)


def label_claims(article: Article) -> list[Draft]:
    """Claims from ``Speaker: text`` lines."""
    found: list[Draft] = []
    for lo, hi in article.paragraphs:
        if hi - lo <= _MAX_LINE and ":" in article.text[lo:hi]:
            draft = _label_claim(article, lo, hi)
            if draft is not None:
                found.append(draft)
    return found

"""Markdown to plain prose: the words stay, the syntax goes.

A leading heading (ATX ``# Title`` or Setext ``Title`` + ``===``) becomes the
title; YAML front matter gives title, author/byline and date; emphasis, code
marks, list and quote markers are dropped; links keep their text; images and
link reference definitions disappear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_FIELD = re.compile(r"^([A-Za-z_]+)[ \t]*:[ \t]*(.*)$", re.M)
_ATX_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RULE = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_REFERENCE_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?")

_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[([^\]]*)\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # code spans
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _em_, not snake_case
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),  # backslash escapes
)


@dataclass(frozen=True, slots=True)
class MarkdownParts:
    text: str
    title: str | None
    byline: str | None
    date: str | None


def strip_markdown(source: str) -> MarkdownParts:
    """Split ``source`` into prose text and the metadata it carries."""
    fields, body = _front_matter(source.replace("\r\n", "\n"))
    title, lines = _leading_title(_plain_lines(body.split("\n")))
    return MarkdownParts(
        text="\n".join(lines),
        title=fields.get("title") or title,
        byline=fields.get("author") or fields.get("byline"),
        date=fields.get("date"),
    )


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    found = _FRONT_MATTER.match(source)
    if not found:
        return {}, source
    fields = {
        key.lower(): value.strip().strip("\"'")
        for key, value in _FRONT_FIELD.findall(found.group(1))
    }
    return fields, source[found.end() :]


_Line = tuple[str, bool]  # (plain text, is a heading)


def _plain_lines(lines: list[str]) -> list[_Line]:
    """Each line without block syntax; a Setext underline marks the line above a heading."""
    out: list[_Line] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        elif in_fence:
            out.append((line, False))
        elif _SETEXT_RULE.match(line) and out and out[-1][0].strip():
            out[-1] = (out[-1][0], True)
        elif not (_THEMATIC_BREAK.match(line) or _REFERENCE_DEF.match(line)):
            out.append(_plain_line(line))
    return out


def _plain_line(line: str) -> _Line:
    heading = _ATX_HEADING.match(line)
    if heading:
        return _inline(heading.group(2)), True
    return _inline(_BLOCK_PREFIX.sub("", line, count=1)), False


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return text


def _leading_title(lines: list[_Line]) -> tuple[str | None, list[str]]:
    """The first non-blank line is the title if it is a heading."""
    first = next((i for i, (text, _) in enumerate(lines) if text.strip()), None)
    if first is not None and lines[first][1]:
        return lines[first][0].strip() or None, [text for text, _ in lines[first + 1 :]]
    return None, [text for text, _ in lines]

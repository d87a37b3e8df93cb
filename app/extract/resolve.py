"""Who a speaker mention refers to, across the whole article.

Rules:
- Names: runs of capitalised words are collected from the article; titles ("Mr", "Kremlin
  spokesman", "Secretary of State") are dropped from a run's front, and a bare surname or
  "Mr/Ms/Dr Surname" becomes the longest run that ends with the same surname.
- "he"/"she" point to the latest person before them (a speaker, or the subject of a main
  clause of narration); "it" to the latest organisation, government or document; "they" to
  the latest group or organisation.
- A definite description ("the group", "the ministry", "the official") points to the latest
  earlier speaker or subject whose words contain the same head noun, or for organisation words
  to the latest organisation.
- Anything else is named as the article names it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from app.extract.lexicon import (
    GOVERNMENT_WORDS,
    HONORIFICS,
    ORGANISATION_WORDS,
)
from app.extract.mentions import PERSON_PRONOUNS, QUANTIFIER_HEADS, Mention, person_name_tail
from app.extract.types import ClaimantKind

_PARTICLE = r"(?:van|von|de|der|den|da|di|du|del|la|le|bin|al|el|ibn|ben|dos|das|ter)(?= [A-Z])"
_ABBREVIATION = r"(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof)\."
_CAPITALISED_WORD = rf"(?:(?:[A-Z]\.){{1,3}}|{_ABBREVIATION}|[A-Z][\w’'-]*|{_PARTICLE})"
_CAPITALISED_RUN = re.compile(rf"{_CAPITALISED_WORD}(?:[ \u00a0]{_CAPITALISED_WORD})*")
_LOOKBACK = 200
_NOT_NAME_WORDS = ORGANISATION_WORDS | GOVERNMENT_WORDS | {"the", "a", "an"}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved claimant."""

    name: str
    kind: ClaimantKind


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def name_table(text: str) -> dict[str, list[tuple[int, str]]]:
    """Surname (lower-cased) -> every (offset, full name) the article gives for it."""
    table: dict[str, list[tuple[int, str]]] = {}
    for match in _CAPITALISED_RUN.finditer(text):
        words = [_strip_possessive(word) for word in match.group(0).split()]
        name = person_name_tail(words)
        if name is None:
            continue
        table.setdefault(name[-1].lower(), []).append((match.start(), " ".join(name)))
    return table


def _full_name(names: dict[str, list[tuple[int, str]]], surname: str, pos: int) -> str | None:
    """The latest full name with this surname before ``pos``, else the first one after."""
    found = names.get(surname.lower())
    if not found:
        return None
    index = bisect.bisect_right(found, (pos, "\uffff")) - 1
    return found[index][1] if index >= 0 else found[0][1]


@dataclass(slots=True)
class Resolver:
    """Resolves mentions in text order, remembering who has been talked about."""

    names: dict[str, list[tuple[int, str]]]
    history: list[tuple[Mention, Speaker]] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)

    def note(self, mention: Mention, speaker: Speaker) -> None:
        self.history.append((mention, speaker))
        if mention.pronoun is None and mention.text != speaker.name:
            known = self.aliases.setdefault(speaker.name, [])
            if mention.text not in known:
                known.append(mention.text)

    def _recent(self) -> list[tuple[Mention, Speaker]]:
        return self.history[-_LOOKBACK:][::-1]

    def _latest(self, kinds: tuple[str, ...], before: int) -> Speaker | None:
        for mention, speaker in self._recent():
            if mention.start < before and speaker.kind in kinds:
                return speaker
        return None

    def _description(self, mention: Mention) -> Speaker | None:
        head = mention.head
        for earlier, speaker in self._recent():
            if earlier.start >= mention.start or earlier.text.lower() == mention.text.lower():
                continue
            if re.search(rf"\b{re.escape(head)}\b", earlier.text.lower()):
                return speaker
        if head in GOVERNMENT_WORDS:
            return self._latest(("government",), mention.start)
        if head in ORGANISATION_WORDS:
            return self._latest(("organisation",), mention.start)
        return None

    def _part_of_group(self, mention: Mention) -> Speaker:
        """"One said ...", "many said ...": a member or part of the latest group."""
        group = self._latest(("group",), mention.start)
        if group is None:
            return Speaker(mention.text, "unnamed")
        if mention.head in ("one", "another"):
            return Speaker(f"one of {group.name}", "unnamed")
        return group

    def _named(self, mention: Mention) -> Speaker:
        words = [_strip_possessive(word) for word in mention.text.split()]
        if not words:
            return Speaker(mention.text, mention.kind)
        own = person_name_tail(words) if not mention.plural else None
        if own is not None and mention.kind == "person":
            return Speaker(" ".join(own), "person")
        last = words[-1]
        full = _full_name(self.names, last, mention.end) if last[:1].isupper() else None
        bare_surname = len(words) == 1 and not mention.plural
        if full is not None and (mention.kind == "person" or bare_surname):
            return Speaker(full, "person")
        if mention.kind == "person" and mention.proper:
            if words[0].lower() in HONORIFICS and len(words) > 1:
                return Speaker(" ".join(words[1:]), "person")
            if len(words) == 1:
                return Speaker(mention.text, "organisation")
        return Speaker(mention.text, mention.kind)

    def resolve(self, mention: Mention) -> Speaker:
        """The claimant ``mention`` refers to; remembered for later mentions."""
        speaker = self._resolve(mention)
        self.note(mention, speaker)
        return speaker

    def _resolve(self, mention: Mention) -> Speaker:
        word = mention.text.lower()
        if word in PERSON_PRONOUNS:
            return self._latest(("person", "unnamed"), mention.start) or Speaker(
                mention.text, "unnamed")
        if word == "it":
            found = self._latest(("organisation", "government", "document"), mention.start)
            return found or Speaker(mention.text, "unnamed")
        if word in ("they", "them"):
            found = self._latest(("group", "organisation", "government"), mention.start)
            return found or Speaker(mention.text, "group")
        if word in QUANTIFIER_HEADS:
            return self._part_of_group(mention)
        if word.startswith("the ") and not any(w[:1].isupper() for w in mention.text.split()[1:]):
            found = self._description(mention)
            if found is not None:
                return found
        return self._named(mention)

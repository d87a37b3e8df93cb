"""The words that name a speaker at an attribution site, and what kind of speaker they name."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from app.extract.lexicon import (
    DOCUMENT_WORDS,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    ORGANISATION_WORDS,
    PERSON_NOUNS,
)
from app.extract.types import ClaimantKind

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "them"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
QUANTIFIER_HEADS = frozenset({
    "one", "some", "many", "most", "each", "several", "none", "all", "two", "three", "few",
    "both", "any", "another", "others", "half", "majority", "minority", "number",
})
_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod",
                        "case", "flat", "predet", "npadvmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker as the article names them at one place."""

    text: str
    start: int
    end: int
    head: str  # lower-cased head word
    kind: ClaimantKind
    proper: bool  # headed by a proper noun
    plural: bool

    @property
    def pronoun(self) -> str | None:
        word = self.text.lower()
        return word if word in PERSON_PRONOUNS | THING_PRONOUNS else None


def _span_edges(head: Token) -> tuple[int, int]:
    """Token indices [left, right] of the noun phrase a subject heads (no clauses)."""
    left = head.i
    right = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_DEPS:
            left = min(left, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "case" and child.i == right + 1):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ == "of" and head.lower_ in QUANTIFIER_HEADS:
            right = max(right, child.right_edge.i)
        elif child.dep_ in ("cc", "conj") and child.i == right + 1 or child.dep_ == "conj":
            if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                right = max(right, _span_edges(child)[1])
    while left < head.i and head.doc[left].is_punct:
        left += 1
    return left, right


def classify(words: list[str], head: str, proper: bool, plural: bool) -> ClaimantKind:
    """Person, organisation, government, group, document or unnamed, from the words alone."""
    lowered = {word.lower().strip(".,'’") for word in words}
    if head in PERSON_PRONOUNS or lowered & HONORIFICS:
        return "person"
    if head in DOCUMENT_WORDS and not proper:
        return "document"
    if lowered & GOVERNMENT_WORDS and (proper or head in GOVERNMENT_WORDS):
        return "government"
    if head in GROUP_NOUNS or (plural and not proper):
        return "group"
    if lowered & ORGANISATION_WORDS or head in THING_PRONOUNS:
        return "organisation"
    if proper:
        is_acronym = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
        return "organisation" if is_acronym else "person"
    if head in PERSON_NOUNS:
        return "unnamed"
    return "unnamed"


def mention_from(head: Token, offset: int) -> Mention:
    """The speaker phrase headed by ``head`` (a token of a chunk starting at ``offset``)."""
    left, right = _span_edges(head)
    doc = head.doc
    span = doc[left : right + 1]
    words = [token.text for token in span]
    proper = head.pos_ == "PROPN" or (head.tag_ in ("NNP", "NNPS"))
    plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "them")
    kind = classify(words, head.lower_, proper, plural)
    start = offset + span.start_char
    return Mention(span.text, start, start + len(span.text), head.lower_, kind, proper, plural)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, following shared subjects up through
    coordination, participle clauses and relative clauses."""
    seen = 0
    current = verb
    while seen < 6:
        seen += 1
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    return current.head
                return child
        if current.dep_ in ("agent",):
            return None
        if current.dep_ in ("conj", "advcl", "xcomp", "acl", "pcomp") and current.head is not current:
            current = current.head
            continue
        if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head
        return None
    return None

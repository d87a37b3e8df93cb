"""The words that name a speaker at an attribution site, and what kind of speaker they name."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

from app.extract.lexicon import (
    DOCUMENT_WORDS,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    ORGANISATION_WORDS,
    PERSON_NOUNS,
    PERSON_TITLES,
    PLACE_WORDS,
    REPORTING_VERBS,
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
_CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep"})
_NON_PERSON_WORDS = ORGANISATION_WORDS | GOVERNMENT_WORDS | DOCUMENT_WORDS | PLACE_WORDS
_LEADING_JUNK = frozenset({"ADP", "SCONJ", "CCONJ", "ADV", "PUNCT", "VERB", "AUX"})


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
        if _part_of_name(head, child, right):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            right = max(right, _span_edges(child)[1])
    doc = head.doc
    while left < head.i and (doc[left].pos_ in _LEADING_JUNK or doc[left].is_quote):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].pos_ in ("CCONJ", "ADP")):
        right -= 1
    return left, right


def _part_of_name(head: Token, child: Token, right: int) -> bool:
    if child.dep_ in ("compound", "flat") or (child.dep_ == "case" and child.i == right + 1):
        return True
    return child.dep_ == "prep" and child.lower_ == "of" and _of_belongs(head, child)


def _of_belongs(head: Token, prep: Token) -> bool:
    """"one of the witnesses", "Times of India": an of-phrase that is part of the name."""
    if head.lower_ in QUANTIFIER_HEADS:
        return True
    objects = [child for child in prep.children if child.dep_ == "pobj"]
    return head.pos_ == "PROPN" and bool(objects) and objects[0].pos_ == "PROPN"


def person_name_tail(words: list[str]) -> list[str] | None:
    """The person's name at the end of a run of words ("Deputy Attorney Ana Lind" ->
    ["Ana", "Lind"]), or None when the run does not end in a first name and surname."""
    tail: list[str] = []
    for word in reversed(words):
        low = word.lower().strip(".,'’")
        if low in PERSON_TITLES or low in HONORIFICS or low in STOP_WORDS:
            break
        if low in _NON_PERSON_WORDS:
            return None
        if not (word[:1].isupper() or low in NAME_PARTICLES):
            break
        if word.isupper() and len(word) > 1 and "." not in word:
            return None
        tail.insert(0, word)
    core = [word for word in tail if word.lower() not in NAME_PARTICLES]
    if len(core) < 2:
        return None
    keep = 3 if len(core) >= 3 and len(core[-2].rstrip(".")) == 1 else 2
    kept: list[str] = []
    for word in reversed(tail):
        if keep == 0:
            break
        kept.insert(0, word)
        if word.lower() not in NAME_PARTICLES:
            keep -= 1
    return kept


def _looks_like_person_name(words: list[str]) -> bool:
    return person_name_tail(words) is not None


def classify(words: list[str], head: str, proper: bool, plural: bool) -> ClaimantKind:
    """Person, organisation, government, group, document or unnamed, from the words alone."""
    lowered = {word.lower().strip(".,'’") for word in words}
    if head in PERSON_PRONOUNS or lowered & HONORIFICS:
        return "person"
    if proper and not plural and _looks_like_person_name(words):
        return "person"
    if head in QUANTIFIER_HEADS:
        return "unnamed" if head in ("one", "another") else "group"
    if head in DOCUMENT_WORDS and not proper:
        return "document"
    if lowered & GOVERNMENT_WORDS and (proper or head in GOVERNMENT_WORDS):
        return "government"
    if head in GROUP_NOUNS or plural:
        return "group"
    if lowered & ORGANISATION_WORDS or head in THING_PRONOUNS:
        return "organisation"
    if proper:
        is_acronym = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
        return "organisation" if is_acronym else "person"
    if head in PERSON_NOUNS:
        return "unnamed"
    return "document"


def _name_after_title(head: Token, right: int) -> int:
    """"Ambassador to the Union Ana Lind": extend a title to the name that follows it."""
    doc = head.doc
    subtree_end = head.right_edge.i
    index = right + 1
    while index <= subtree_end and index - right < 12:
        token = doc[index]
        if token.text == "," or token.dep_ in ("relcl", "acl"):
            break
        if token.pos_ == "PROPN" and index + 1 <= subtree_end and doc[index + 1].pos_ == "PROPN":
            end = index
            while end + 1 <= subtree_end and doc[end + 1].pos_ == "PROPN":
                end += 1
            words = [tok.text for tok in doc[index : end + 1]]
            return end if _looks_like_person_name(words) else right
        index += 1
    return right


def _appositive_name(head: Token) -> Token | None:
    """"the mayor, Petra Lindqvist, said": the name in apposition to a description."""
    if head.pos_ == "PROPN":
        return None
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    return None


def mention_from(head: Token, offset: int) -> Mention:
    """The speaker phrase headed by ``head`` (a token of a chunk starting at ``offset``)."""
    head = _appositive_name(head) or head
    left, right = _span_edges(head)
    if head.lower_ in PERSON_TITLES and head.pos_ != "PRON":
        right = _name_after_title(head, right)
    doc = head.doc
    span = doc[left : right + 1]
    words = [token.text for token in span]
    proper = head.pos_ == "PROPN" or (head.tag_ in ("NNP", "NNPS"))
    plural = (head.tag_ == "NNPS" or (head.tag_ == "NNS" and head.text.islower())
              or head.lower_ in ("they", "them"))
    kind = classify(words, head.lower_, proper, plural)
    start = offset + span.start_char
    return Mention(span.text, start, start + len(span.text), head.lower_, kind, proper, plural)


def _misattached_conj(current: Token) -> Token | None:
    """"X said Y did A and added ...": the parser often hangs "added" under Y's verb."""
    head = current.head
    if (current.dep_ == "conj" and current.lower_ in REPORTING_VERBS and current.pos_ == "VERB"
            and head.lower_ not in REPORTING_VERBS and head.dep_ == "ccomp"
            and head.head.lower_ in REPORTING_VERBS):
        return head.head
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, following shared subjects up through
    coordination, participle clauses and relative clauses."""
    current = verb
    for _ in range(6):
        jump = _misattached_conj(current)
        if jump is not None:
            current = jump
            continue
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    return current.head
                return child
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head
        if current.dep_ in _CLIMB_DEPS and current.head is not current:
            current = current.head
            continue
        return None
    return None

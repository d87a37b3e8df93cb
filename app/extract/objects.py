"""Claims carried by a verb's object rather than a clause.

Rules (the subject is found as for reported speech; "I/we/you" outside quotations and
anything inside a quotation are skipped):
- ``called for X`` / ``pushed for X`` / ``insisted on X``: X.
- ``called on X to Y``, ``urged X to Y``, ``told X to Y``: "X to Y".
- ``called X Y``, ``cited X``, ``denied X``, ``vowed to Y``: the object with its predicate or
  the infinitive clause.
- A participle naming something ("a group called the Fund") is not a claim.
"""

from __future__ import annotations

from spacy.tokens import Token

from app.extract.drafts import Article, Draft
from app.extract.lexicon import (
    ADDRESSEE_VERBS,
    DIRECT_OBJECT_VERBS,
    INFINITIVE_VERBS,
    LABELLING_VERBS,
    OBJECT_VERBS,
    PREPOSITION_OBJECT_VERBS,
)
from app.extract.mentions import FIRST_PERSON, mention_from, subject_of
from app.extract.model import Chunk, sentence_of, tokens_with_lower
from app.extract.reported import claim_kind, trim_content

_PREPOSITION_OBJECTS = frozenset({"for", "on", "against", "of", "that"})
_MIN_CHARS = 6
_OBJECT_WORDS = frozenset(OBJECT_VERBS)
_MIN_WORDS = 2


def _edges(tokens: list[Token]) -> tuple[Token, Token]:
    left = min((tok.left_edge for tok in tokens), key=lambda tok: tok.i)
    right = max((tok.right_edge for tok in tokens), key=lambda tok: tok.i)
    return left, right


def _children(verb: Token, deps: tuple[str, ...]) -> list[Token]:
    return [child for child in verb.children if child.dep_ in deps and child.i > verb.i]


def _preposition_object(verb: Token) -> list[Token]:
    for child in _children(verb, ("prep",)):
        if child.lower_ in _PREPOSITION_OBJECTS:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            return objects + _children(verb, ("xcomp",)) if objects else []
    return []


def _object_tokens(verb: Token) -> list[Token]:
    """The tokens whose subtrees make up what the verb reports (empty when none)."""
    word = verb.lower_
    if word in PREPOSITION_OBJECT_VERBS and not _children(verb, ("dobj",)):
        found = _preposition_object(verb)
        if found:
            return found
    infinitives = _children(verb, ("xcomp",))
    objects = _children(verb, ("dobj",))
    if word in ADDRESSEE_VERBS and objects and infinitives:
        return objects + infinitives
    if word in LABELLING_VERBS:
        predicates = _children(verb, ("oprd", "ccomp")) + [
            p for p in _children(verb, ("prep",)) if p.lower_ == "as"]
        if predicates:
            return objects + predicates
    if word in DIRECT_OBJECT_VERBS and objects:
        judged = [p for p in _children(verb, ("prep",)) if p.lower_ in ("as", "for")]
        return objects + judged
    if word in INFINITIVE_VERBS and infinitives and not objects:
        return infinitives
    return []


def _object_claim(article: Article, chunk: Chunk, verb: Token) -> Draft | None:
    if verb.lower_ not in OBJECT_VERBS or verb.pos_ != "VERB" or verb.dep_ == "amod":
        return None
    if verb.dep_ == "acl" and verb.tag_ != "VBG":  # "a group called the Fund" names it
        return None
    if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    if article.in_quote(chunk.offset + verb.idx) is not None:
        return None
    objects = _object_tokens(verb)
    speaker = subject_of(verb)
    if not objects or speaker is None or speaker.lower_ in FIRST_PERSON:
        return None
    if speaker.dep_ == "nsubjpass" and speaker.head is verb:
        return None
    left, right = _edges(objects)
    start, end = trim_content(article.text, chunk.offset + left.idx,
                              chunk.offset + right.idx + len(right.text))
    if end - start < _MIN_CHARS or len(article.text[start:end].split()) < _MIN_WORDS:
        return None
    sent = sentence_of(verb)
    return Draft(start, end, claim_kind(article, start, end), verb.text,
                 mention_from(speaker, chunk.offset), chunk.offset + sent.start_char,
                 chunk.offset + sent.end_char)


def object_claims(article: Article) -> list[Draft]:
    """Claims carried by objects of verbs like call, cite, urge, vow, in text order."""
    found: list[Draft] = []
    for chunk in article.chunks:
        for token in tokens_with_lower(chunk.doc, _OBJECT_WORDS):
            draft = _object_claim(article, chunk, token)
            if draft is not None:
                found.append(draft)
    return found

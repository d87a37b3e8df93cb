"""The extractor's contract: what every extractor returns, whoever calls it.

The worker, the CLI (`claimdesk extract`) and the tests all go through
`app.extract.extract_claims` / `extract_many`, so one code path serves them all.
Offsets are Python string offsets into the text exactly as given:
``text[claim.start:claim.end] == claim.content`` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

ClaimKind = Literal["direct", "indirect", "mixed"]
ClaimantKind = Literal["person", "organisation", "government", "group", "document", "unnamed"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a claim and what it counts.

    ``low``/``high`` bound the value (``more than 70`` -> low 71, high None;
    ``about 100`` -> low 100, high 100, approx True; ``dozens`` -> 24..99).
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    approx: bool
    unit: str | None  # "people", "vehicles", "usd", "km", ... (None when bare)
    counts: str | None  # what is counted: "killed", "injured", "evacuated", ...


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    claimant: str  # resolved: the fullest name the article gives
    claimant_kind: ClaimantKind
    mention: str  # words at the attribution site ("he", "Mr Peskov", "the ministry")
    mention_start: int
    mention_end: int
    content: str
    start: int
    end: int
    cue: str
    kind: ClaimKind
    sentence_start: int
    sentence_end: int
    quantities: tuple[Quantity, ...] = ()
    # Other names the article uses for the same claimant (for actor aliases).
    claimant_aliases: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["quantities"] = [asdict(q) for q in self.quantities]
        data["claimant_aliases"] = list(self.claimant_aliases)
        return data


class Extractor(Protocol):
    """Anything that turns article text into claims."""

    version: str

    def extract(self, text: str) -> list[ExtractedClaim]: ...

    def extract_many(self, texts: list[str]) -> list[list[ExtractedClaim]]: ...

"""Claim features as JSON, for storing them beside the claim instead of re-parsing it.

Parsing a claim with spaCy costs milliseconds; the suggester compares each new article
with up to ~80 stored claims, so it reads their stored features instead (see
app/services/claim_features.py). What is stored must be thrown away when it would no
longer be what `analyse_claims` says today:

- `FEATURES_VERSION`: bump it when the way features are read changes (the parse, the
  model, the rules of app/relate/features.py or quantities.py).
- The version tag also carries fingerprints of the `ClaimFeatures` fields (a field added,
  removed or retyped) and of the word lists the features are read with, so such changes
  make stored features stale without anyone remembering to bump.
- `basis(claim)` fingerprints what the analysis reads of one claim (content, sentence,
  cue, known quantities): an edited claim no longer matches its stored features.

(De)serialisation is generic over the dataclasses: sets become sorted lists, tuples lists,
dataclasses objects. Reading tolerates a stored object with fields the class no longer has
(ignored) and lacks fields that have a default (the default); without one it gives None,
and the caller re-analyses.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from app.relate import lexicon
from app.relate.facts import ClaimFacts
from app.relate.features import ClaimFeatures

FEATURES_VERSION = "1"


class Unreadable(ValueError):
    """A stored value that does not fit the type it should be read as."""


def to_json(value: Any) -> Any:
    """A JSON-able form of a features value (dataclasses, sets, tuples, scalars)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (frozenset, set)):
        items = [to_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON (and jsonb) has no infinities
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in claim features")


def from_json(kind: Any, data: Any) -> Any:
    """Read `data` (from `to_json`) back as type `kind`. Raises Unreadable on a mismatch."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return from_json(option, data)
            except Unreadable:
                continue
        raise Unreadable(f"{data!r} is none of {kind}")
    if origin in (frozenset, set, tuple, list):
        if not isinstance(data, list):
            raise Unreadable(f"expected a list for {kind}, got {data!r}")
        args = typing.get_args(kind)
        if origin is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
            if len(args) != len(data):
                raise Unreadable(f"expected {len(args)} items for {kind}, got {data!r}")
            return tuple(from_json(arg, item) for arg, item in zip(args, data, strict=True))
        item_kind = args[0] if args else Any
        items = [from_json(item_kind, item) for item in data]
        return frozenset(items) if origin is frozenset else origin(items)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_from_json(kind, data)
    if kind is Any:
        return data
    if kind is float and isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    if kind in (str, int, bool) and type(data) is kind:
        return data
    raise Unreadable(f"expected {kind}, got {data!r}")


def _dataclass_from_json(kind: type, data: Any) -> Any:
    if not isinstance(data, Mapping):
        raise Unreadable(f"expected an object for {kind.__name__}, got {data!r}")
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        if field.name in data:
            values[field.name] = from_json(hints[field.name], data[field.name])
        elif (field.default is dataclasses.MISSING
              and field.default_factory is dataclasses.MISSING):
            raise Unreadable(f"{kind.__name__}.{field.name} is not stored")
    return kind(**values)


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def features_to_json(features: ClaimFeatures) -> dict[str, Any]:
    return typing.cast(dict[str, Any], to_json(features))


def features_from_json(data: Any) -> ClaimFeatures | None:
    """The stored features, or None when they cannot be read as today's ClaimFeatures."""
    try:
        return typing.cast(ClaimFeatures, from_json(ClaimFeatures, data))
    except (Unreadable, TypeError):
        return None


def _shape(kind: Any, seen: frozenset[type] = frozenset()) -> Any:
    """Field names and types of a dataclass, nested dataclasses spelled out."""
    if dataclasses.is_dataclass(kind) and isinstance(kind, type) and kind not in seen:
        hints = _hints(kind)
        return [kind.__name__, [(f.name, _shape(hints[f.name], seen | {kind}))
                                for f in dataclasses.fields(kind)]]
    args = typing.get_args(kind)
    if args:
        return [repr(typing.get_origin(kind)), [_shape(arg, seen) for arg in args]]
    return repr(kind)


# The word lists app/relate/features.py and quantities.py read features with.
WORD_LISTS = ("CONTRAST_MARKERS", "HOSTILE_LABELS", "SYMPATHETIC_LABELS", "LIGHT_PREDICATES",
              "NEGATION_WORDS", "STANCE_AGAINST", "STANCE_FOR", "COUNTED_SYNONYMS",
              "GENERIC_COUNTED")


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return sorted([str(k), _canonical(v)] for k, v in value.items())
    if isinstance(value, (frozenset, set)):
        return sorted(str(item) for item in value)
    if isinstance(value, (tuple, list)):
        return [_canonical(item) for item in value]
    return value


def _word_lists() -> Any:
    return [[name, _canonical(getattr(lexicon, name, None))] for name in WORD_LISTS]


@cache
def version_tag() -> str:
    """What stored features must carry to be used: the version and the fingerprints."""
    schema = hashlib.sha1(json.dumps(_shape(ClaimFeatures)).encode()).hexdigest()[:8]
    words = hashlib.sha1(json.dumps(_word_lists()).encode()).hexdigest()[:8]
    return f"{FEATURES_VERSION}.{schema}.{words}"


def basis(claim: ClaimFacts) -> str:
    """Fingerprint of what `analyse_claims` reads of a claim."""
    quantities = "" if claim.quantities is None else json.dumps(to_json(claim.quantities))
    return basis_of(claim.content, claim.context, claim.cue, quantities)


def basis_of(content: str, context: str, cue: str, quantities: str = "") -> str:
    """`basis` from the strings themselves (`quantities`: as JSON, "" when not known).
    NUL separates them: Postgres text never holds one."""
    key = "\0".join((content, context, cue, quantities))
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()

"""Numbers in claim text, with what they count, their unit and their range.

A pure function of the claim text (offsets are shifted by ``offset`` so that they point into
the article). Rules:

- Numbers: digits with thousands separators or decimals (``1,500``, ``2.5``), optionally with
  a scale (``million``, ``billion``, ``thousand``, ``m``, ``bn``, ``k``); spelled-out numbers
  from "one" to "ninety-nine" with "hundred"/"thousand"/"million" ("twenty-five", "three
  hundred"); "a dozen" (12).
- Vague amounts: "dozens" 24..99, "scores" 40..99, "hundreds" 200..999, "thousands"
  2,000..9,999, "tens of thousands" 20,000..99,999, "hundreds of thousands" 200,000..999,999,
  "millions" 2,000,000..999,999,999; all approximate.
- Range words before a number: "more than"/"over"/"above" N -> low N+1 (N when N is a
  fraction), no upper bound; "at least" -> low N;
  "up to"/"as many as"/"at most"/"no more than" -> high N; "fewer than"/"less than"/"under"
  -> high N-1; "about"/"around"/"nearly"/"almost"/"roughly"/"approximately"/"some"/
  "an estimated" -> low = high = N, approximate. "between X and Y" and "X to Y"/"X-Y" give
  low X, high Y. A bare number is exact (low = high = N).
- Unit: a currency sign or word gives "usd", "gbp", "eur" (the unit of "$3m" is usd, value
  3,000,000); "%"/"percent" gives "percent"; otherwise the first known unit noun within the
  next four words ("four armoured vehicles" -> "vehicles"; "people", "troops", "km", ...).
- Counts: what the number counts, from the nearest event word in the same clause: "killed"
  (killed, dead, deaths, died), "injured", "evacuated", "missing", "arrested", "displaced",
  "destroyed"; else "troops" or "vehicles" for those units, "money" for currency, "percent".
"""

from __future__ import annotations

import re

from app.extract.types import Quantity

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12}
_VAGUE = [
    ("hundreds of thousands", 200_000, 999_999), ("tens of thousands", 20_000, 99_999),
    ("millions", 2_000_000, 999_999_999), ("thousands", 2_000, 9_999),
    ("hundreds", 200, 999), ("dozens", 24, 99), ("scores", 40, 99),
]
_CURRENCY_SIGNS = {"$": "usd", "£": "gbp", "€": "eur", "¥": "jpy"}
_CURRENCY_WORDS = {"dollars": "usd", "dollar": "usd", "pounds": "gbp", "euros": "eur",
                   "euro": "eur", "yen": "jpy", "rupees": "inr", "roubles": "rub",
                   "rubles": "rub", "yuan": "cny"}
_UNITS = {
    "people": "people", "persons": "people", "person": "people", "civilians": "people",
    "residents": "people", "children": "people", "inhabitants": "people", "victims": "people",
    "troops": "troops", "soldiers": "troops", "servicemen": "troops", "fighters": "troops",
    "militants": "troops", "vehicles": "vehicles", "vehicle": "vehicles", "tanks": "vehicles",
    "trucks": "vehicles", "cars": "vehicles", "km": "km", "kilometres": "km",
    "kilometers": "km", "miles": "miles", "metres": "m", "meters": "m", "hours": "hours",
    "days": "days", "weeks": "weeks", "months": "months", "years": "years",
    "villages": "villages", "homes": "homes", "houses": "homes", "buildings": "buildings",
    "tonnes": "tonnes", "tons": "tonnes", "votes": "votes", "jobs": "jobs",
    "megabytes": "megabytes", "times": "times", "countries": "countries", "deaths": "people",
    "dead": "people", "bodies": "people", "refugees": "people", "migrants": "people",
    "inmates": "people", "officers": "people", "workers": "people", "users": "people",
}
_EVENTS = {
    "killed": "killed", "dead": "killed", "deaths": "killed", "died": "killed",
    "death": "killed", "killing": "killed", "injured": "injured", "wounded": "injured",
    "hurt": "injured", "evacuated": "evacuated", "missing": "missing", "arrested": "arrested",
    "detained": "arrested", "displaced": "displaced", "homeless": "displaced",
    "destroyed": "destroyed", "deported": "deported", "rescued": "rescued",
}
_NUMBER = re.compile(
    r"(?:(?P<sign>[$£€¥])\s?)?(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|mn|bn|tn|m|b|k)\b)?"
    r"(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?P<words>(?:" + "|".join(sorted(_SMALL, key=len, reverse=True)) +
    r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s(?:hundred|thousand|million|billion))*|a dozen)\b",
    re.IGNORECASE,
)
_BEFORE = [
    (re.compile(r"(?:more than|over|above|in excess of)\s+$", re.I), "more"),
    (re.compile(r"at least\s+$", re.I), "least"),
    (re.compile(r"(?:up to|as many as|at most|no more than)\s+$", re.I), "most"),
    (re.compile(r"(?:fewer than|less than|under|below)\s+$", re.I), "less"),
    (re.compile(r"(?:about|around|nearly|almost|roughly|approximately|some|an estimated|"
                r"close to|estimated)\s+$", re.I), "approx"),
]
_RANGE_AFTER = re.compile(r"\s*(?:to|-|–|and)\s*(?P<sign>[$£€])?(?P<digits>\d[\d,]*(?:\.\d+)?)")
_WORD = re.compile(r"[A-Za-z]+")
_WORD_RANGE_AFTER = re.compile(
    r"(\s*(?:to|-|–|and|or)\s*)(?P<words>(?:" + "|".join(sorted(_SMALL, key=len, reverse=True))
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s(?:hundred|thousand|million|billion))*)\b",
    re.IGNORECASE,
)


def _word_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    for part in re.split(r"[- ]", words.lower()):
        if part == "a" or not part:
            continue
        if part == "dozen":
            current = 12
        elif part in _SMALL:
            current += _SMALL[part]
        elif part == "hundred":
            current = max(current, 1) * 100
        elif part in _SCALES:
            total += max(current, 1) * _SCALES[part]
            current = 0
        else:
            return None
    return total + current


def _bounds(kind: str | None, value: float) -> tuple[float | None, float | None, bool]:
    step = 1.0 if value == int(value) else 0.0
    if kind == "more":
        return value + step, None, False
    if kind == "least":
        return value, None, False
    if kind == "most":
        return None, value, False
    if kind == "less":
        return None, value - step, False
    return value, value, kind == "approx"


def _range_kind(text: str, start: int) -> str | None:
    head = text[max(0, start - 20) : start]
    for pattern, kind in _BEFORE:
        if pattern.search(head):
            return kind
    return None


def _unit_and_counts(text: str, end: int, currency: str | None,
                     percent: bool) -> tuple[str | None, str | None]:
    after = [w.lower() for w in _WORD.findall(text[end : end + 60])][:4]
    unit = currency or ("percent" if percent else None)
    for word in after:
        if unit is None and word in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[word]
        if unit is None and word in _UNITS:
            unit = _UNITS[word]
    clause_end = len(text)
    for stop in (";", ". ", " but ", " while "):
        found = text.find(stop, end)
        if found >= 0:
            clause_end = min(clause_end, found)
    following = [w.lower() for w in _WORD.findall(text[end:clause_end])][:10]
    preceding = [w.lower() for w in _WORD.findall(text[max(0, end - 80) : end])][-6:]
    for word in following + list(reversed(preceding)):
        if word in _EVENTS:
            return unit, _EVENTS[word]
    fallback = {"troops": "troops", "vehicles": "vehicles", "percent": "percent"}
    if unit in fallback:
        return unit, fallback[unit]
    if unit in ("usd", "gbp", "eur", "jpy", "inr", "rub", "cny"):
        return unit, "money"
    return unit, None


def _make(text: str, offset: int, span: tuple[int, int], low: float | None,
          high: float | None, approx: bool, currency: str | None, percent: bool) -> Quantity:
    start, end = span
    unit, counts = _unit_and_counts(text, end, currency, percent)
    return Quantity(text[start:end], start + offset, end + offset, low, high, approx, unit,
                    counts)


def _digit_quantities(text: str, offset: int, taken: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        if any(lo <= match.start() < hi for lo, hi in taken):
            continue
        value = float(match.group("digits").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1.0)
        sign = match.group("sign")
        currency = _CURRENCY_SIGNS.get(sign) if sign else None
        low, high, approx = _bounds(_range_kind(text, match.start()), value)
        end = match.end()
        between = text[max(0, match.start() - 8) : match.start()].lower().endswith("between ")
        second = _RANGE_AFTER.match(text, end)
        if second is not None and (between or second.group(0).strip()[:1] in "-–t"):
            top = float(second.group("digits").replace(",", "")) * _SCALES.get(scale, 1.0)
            low, high, approx, end = value, top, False, second.end()
            taken.append((second.start(), second.end()))
        found.append(_make(text, offset, (match.start(), end), low, high, approx, currency,
                           bool(match.group("percent"))))
        taken.append((match.start(), end))
    return found


def _word_quantities(text: str, offset: int, taken: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    lowered = text.lower()
    for phrase, low, high in _VAGUE:
        for match in re.finditer(rf"\b{phrase}\b", lowered):
            if any(lo <= match.start() < hi for lo, hi in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(_make(text, offset, (match.start(), match.end()), low, high, True,
                               None, False))
    for match in _WORD_NUMBER.finditer(text):
        if any(lo <= match.start() < hi for lo, hi in taken):
            continue
        value = _word_value(match.group("words"))
        if value is None:
            continue
        low_v, high_v, approx = _bounds(_range_kind(text, match.start()), value)
        end = match.end()
        second = _WORD_RANGE_AFTER.match(text, end)
        top = _word_value(second.group("words")) if second is not None else None
        between = text[max(0, match.start() - 8) : match.start()].lower().endswith("between ")
        if second is not None and top is not None and (between or "and" not in second.group(1)):
            low_v, high_v, approx, end = value, top, False, second.end()
            taken.append((second.start(), second.end()))
        taken.append((match.start(), end))
        found.append(_make(text, offset, (match.start(), end), low_v, high_v, approx,
                           None, False))
    return found


def find_quantities(content: str, offset: int = 0) -> list[Quantity]:
    """Every quantity in ``content``, in text order; offsets are ``offset`` + position."""
    try:
        taken: list[tuple[int, int]] = []
        found = _digit_quantities(content, offset, taken)
        found += _word_quantities(content, offset, taken)
    except (ValueError, OverflowError):
        return []
    return sorted(found, key=lambda quantity: quantity.start)

"""Synthetic news articles for the soak: quotes and reported speech by named people, so every
article gives the extractor something to find, and a serial so no two texts are the same."""

from __future__ import annotations

import random

FIRST = ["Ada", "Tomas", "Ines", "Marek", "Sophie", "Jakob", "Irena", "Pavel", "Lena", "Oskar"]
LAST = ["Morrow", "Adler", "Varga", "Hollin", "Landry", "Lenner", "Voss", "Reyl", "Brandt", "Kova"]
ROLES = [
    "the mayor",
    "a spokesperson for the ministry",
    "the company's chief executive",
    "who chairs the residents' group",
    "an engineer at the water board",
]
TOPICS = ["ferry fares", "the dam repairs", "the new bridge", "school meals", "the harbour tax"]
OUTLETS = ["Meridian Wire", "The Tordessa Herald", "Brenna Valley Courier", "Soak Gazette"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_article(
    serial: int, rng: random.Random | None = None, paragraphs: int = 4
) -> dict[str, str]:
    rng = rng or random.Random(serial)
    topic = rng.choice(TOPICS)
    title = f"Row over {topic} deepens (report {serial})"
    parts = [f"{title}\n"]
    for _ in range(paragraphs):
        who, role, n = person(rng), rng.choice(ROLES), rng.randint(2, 900)
        parts.append(
            f"\u201cThe plan for {topic} will cost {n} million euros,\u201d said {who}, {role}."
        )
        other = person(rng)
        parts.append(
            f"{other} said the figure was closer to {n + rng.randint(1, 50)} million and that "
            f"the council had known for months."
        )
        parts.append(f"According to {person(rng)}, {rng.randint(3, 80)} families were affected.")
    parts.append(f"Reference {serial}-{rng.getrandbits(48):x}.")
    return {"title": title, "outlet": rng.choice(OUTLETS), "text": "\n\n".join(parts)}

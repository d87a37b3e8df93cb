"""Compare extractor versions such as 1.2.0 or 0.0.1-quotes."""

from __future__ import annotations

import re


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-", 1)[0]))


def older_than(version: str | None, threshold: str) -> bool:
    """A claim set made by no version, or an older one, needs re-extraction."""
    return version is None or version_tuple(version) < version_tuple(threshold)

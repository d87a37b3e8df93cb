"""Quantities in claim text (stub, replaced below)."""

from __future__ import annotations

from app.extract.types import Quantity


def find_quantities(content: str, offset: int = 0) -> list[Quantity]:
    return []

"""Ids typed into addresses and forms."""

from __future__ import annotations


def is_id(text: str) -> bool:
    """Whether `text` is a whole number a bigint column takes: ASCII digits only ('²' and '٣'
    pass str.isdigit() but int() refuses or reads them), at most 18 of them."""
    return text.isascii() and text.isdigit() and len(text) <= 18

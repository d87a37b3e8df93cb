"""Relating claims: suggest conflicting accounts and group them into disputes."""

from app.relate.facts import ClaimFacts, QuantityFacts, facts_from_mapping
from app.relate.grouping import group_disputes
from app.relate.offline import add_dispute_keys
from app.relate.suggest import DEFAULT_SETTINGS, RelateSettings, Suggestion, suggest_conflicts

__all__ = [
    "DEFAULT_SETTINGS",
    "ClaimFacts",
    "QuantityFacts",
    "RelateSettings",
    "Suggestion",
    "add_dispute_keys",
    "facts_from_mapping",
    "group_disputes",
    "suggest_conflicts",
]

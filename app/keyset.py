"""Keyset pagination: an ordered list of sort columns, the WHERE that continues after a row,
and the opaque cursor (base64url JSON of that row's sort key) that travels in links."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, or_, true
from sqlalchemy.sql.elements import UnaryExpression

from app.errors import UserError

ValueType = Literal["datetime", "text", "int"]

BAD_CURSOR = (
    "This page link is damaged or out of date. Go back to the first page and page forward again."
)


@dataclass(frozen=True)
class SortColumn:
    """One column of a sort order. NULLs always sort last, whichever the direction."""

    expr: SQLColumnExpression[Any]
    descending: bool
    value_type: ValueType
    nullable: bool = False

    def order_by(self) -> UnaryExpression[Any]:
        ordered = self.expr.desc() if self.descending else self.expr.asc()
        return ordered.nulls_last() if self.nullable else ordered

    def strictly_after(self, value: Any) -> ColumnElement[bool]:
        if value is None:
            return false()  # NULLs come last: nothing sorts after them in this column
        beyond = self.expr < value if self.descending else self.expr > value
        return or_(beyond, self.expr.is_(None)) if self.nullable else beyond

    def equal_to(self, value: Any) -> ColumnElement[bool]:
        return self.expr.is_(None) if value is None else self.expr == value


def after_clause(columns: Sequence[SortColumn], key: Sequence[Any]) -> ColumnElement[bool]:
    """Rows that sort strictly after `key`: lexicographic, spelled out so NULLs work."""
    branches: list[ColumnElement[bool]] = []
    for i, column in enumerate(columns):
        prefix_equal = [c.equal_to(v) for c, v in zip(columns[:i], key[:i], strict=True)]
        branches.append(and_(true(), *prefix_equal, column.strictly_after(key[i])))
    return or_(*branches)


def encode_cursor(order: str, columns: Sequence[SortColumn], key: Sequence[Any]) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    raw = json.dumps({"o": order, "k": values}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: str, columns: Sequence[SortColumn]) -> list[Any]:
    """The sort key inside `cursor`, checked against the order it must belong to."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise UserError(BAD_CURSOR) from None
    if not isinstance(data, dict) or not isinstance(data.get("k"), list):
        raise UserError(BAD_CURSOR)
    if data.get("o") != order:
        raise UserError(
            "This page link was made for another sort order. Go back to the first page."
        )
    values: list[Any] = data["k"]
    if len(values) != len(columns):
        raise UserError(BAD_CURSOR)
    return [_typed(v, c) for v, c in zip(values, columns, strict=True)]


def _typed(value: Any, column: SortColumn) -> Any:
    if value is None and column.nullable:
        return None
    if column.value_type == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if column.value_type == "text" and isinstance(value, str):
        return value
    if column.value_type == "datetime" and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise UserError(BAD_CURSOR)

"""The activity page: every editorial change, filterable by who, what and when, keyset paged,
and the same view as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select

from app.auth import Journalist, is_editor
from app.config import get_settings
from app.db import SessionDep
from app.export import neutralise_formula
from app.models import Actor, User
from app.queries import ACTIVITY_ACTIONS, ActivityRow, iter_activity, page_activity
from app.query_params import ActivityFiltersDep
from app.web.claims import link
from app.web.render import render

router = APIRouter()
ACTIVITY_COLUMNS = ("at", "user", "entity_type", "entity_id", "action", "old", "new", "version")


def activity_cells(row: ActivityRow) -> list[str]:
    def text(value: object) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    cells = [row.at.isoformat(), row.username or "", row.entity_type, str(row.entity_id),
             row.action, text(row.old), text(row.new),
             "" if row.version is None else str(row.version)]
    return [neutralise_formula(c) if i not in (3, 7) else c for i, c in enumerate(cells)]


def iter_activity_csv(rows: Iterable[ActivityRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACTIVITY_COLUMNS)
    for row in rows:
        writer.writerow(activity_cells(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def merged_actor_ids(session: SessionDep, rows: list[ActivityRow]) -> set[int]:
    """Merge events whose duplicate is still merged: those get an "undo merge" button."""
    ids = {r.new["merged"]["id"] for r in rows
           if r.action == "merge" and isinstance(r.new, dict)}
    if not ids:
        return set()
    still = select(Actor.id).where(Actor.id.in_(ids), Actor.merged_into_id.is_not(None))
    return set(session.scalars(still))


@router.get("/activity", include_in_schema=False)
def activity_page(
    request: Request, session: SessionDep, user: Journalist, filters: ActivityFiltersDep
) -> Response:
    page = page_activity(session, filters, get_settings().page_size)
    params = filters.to_params()
    next_params = {**params, "cursor": page.next_cursor} if page.next_cursor else None
    context = {
        "filters": filters,
        "page": page,
        "actions": ACTIVITY_ACTIONS,
        "users": session.scalars(select(User.username).order_by(User.username)).all(),
        "still_merged": merged_actor_ids(session, page.items),
        "editable": is_editor(user),
        "next_url": link("/activity", next_params) if next_params else None,
        "first_url": link("/activity", params) if filters.cursor else None,
        "csv_url": link("/activity.csv", params),
    }
    return render(request, "activity.html", context, block="rows")


@router.get("/activity.csv", include_in_schema=False)
def activity_csv(session: SessionDep, user: Journalist, filters: ActivityFiltersDep) -> Response:
    name = f"activity-{datetime.now(UTC).date().isoformat()}.csv"
    return StreamingResponse(
        iter_activity_csv(iter_activity(session, filters)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

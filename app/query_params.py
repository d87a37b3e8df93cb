"""Filters as FastAPI dependencies: every claims view (page, export, API) declares the same
documented query parameters, and app.queries validates them with messages for people.

Parameters are taken as text on purpose: a malformed date gets our sentence ("must be a date
like 2026-11-16") as a 400, not FastAPI's generic 422.

They are `async def` because they do no I/O: FastAPI runs a plain `def` dependency in a worker
thread, and that hand-off is a measurable share of a small page's CPU."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Query, Request

from app.auth import CurrentUser
from app.queries import ActivityFilters, ActorFilters, ClaimFilters


async def claim_filters(
    q: Annotated[
        str,
        Query(
            description="Words to find in the claim or its article's title "
            '(web search syntax: "exact phrase", or, -word).'
        ),
    ] = "",
    claimant: Annotated[
        str, Query(description="A claimant id, or part of a name or alias (case-insensitive).")
    ] = "",
    outlet: Annotated[str, Query(description="The outlet's name (case-insensitive).")] = "",
    kind: Annotated[str, Query(description="direct, indirect or mixed.")] = "",
    status: Annotated[str, Query(description="Review status, e.g. contested.")] = "",
    article_id: Annotated[str, Query(description="Only claims in this article.")] = "",
    date_from: Annotated[
        str, Query(description="Published on or after this day, YYYY-MM-DD (UTC).")
    ] = "",
    date_to: Annotated[
        str, Query(description="Published on or before this day, YYYY-MM-DD (UTC).")
    ] = "",
    days: Annotated[str, Query(description="Published in the last N days.")] = "",
    tag: Annotated[str, Query(description="Claims with this tag.")] = "",
    assigned: Annotated[
        str, Query(description="'me': claims assigned to the signed-in user.")
    ] = "",
    sort: Annotated[str, Query(description="newest (default), oldest, claimant or outlet.")] = "",
    cursor: Annotated[str, Query(description="The `next` value of the previous page.")] = "",
    user: CurrentUser = None,
) -> ClaimFilters:
    filters = ClaimFilters.parse(
        {
            "q": q,
            "claimant": claimant,
            "outlet": outlet,
            "kind": kind,
            "status": status,
            "article_id": article_id,
            "date_from": date_from,
            "date_to": date_to,
            "days": days,
            "tag": tag,
            "assigned": assigned,
            "sort": sort,
            "cursor": cursor,
        }
    )
    return replace(filters, assignee_id=user.id if user else None)


async def actor_filters(
    name: Annotated[str, Query(description="Part of a name or alias (case-insensitive).")] = "",
    kind: Annotated[
        str, Query(description="person, organisation, government, group, document or unnamed.")
    ] = "",
    cursor: Annotated[str, Query(description="The `next` value of the previous page.")] = "",
) -> ActorFilters:
    return ActorFilters.parse({"name": name, "kind": kind, "cursor": cursor})


async def activity_filters(
    user: Annotated[str, Query(description="Who made the change (user name).")] = "",
    action: Annotated[str, Query(description="The kind of change, e.g. status.")] = "",
    date_from: Annotated[str, Query(description="On or after this day, YYYY-MM-DD.")] = "",
    date_to: Annotated[str, Query(description="On or before this day, YYYY-MM-DD.")] = "",
    cursor: Annotated[str, Query(description="The `next` value of the previous page.")] = "",
) -> ActivityFilters:
    return ActivityFilters.parse(
        {
            "user": user,
            "action": action,
            "date_from": date_from,
            "date_to": date_to,
            "cursor": cursor,
        }
    )


async def page_claim_filters(request: Request, user: CurrentUser = None) -> ClaimFilters:
    """The same filters for the HTML pages, read straight from the query string.

    The pages are not in the OpenAPI schema, so nothing needs the 13 declared parameters
    there; FastAPI's reading and validating them one by one cost ~0.2 ms of CPU a request,
    for text that `ClaimFilters.parse` checks anyway (a repeated parameter counts by its
    last value either way)."""
    filters = ClaimFilters.parse(request.query_params)
    return replace(filters, assignee_id=user.id if user else None)


ClaimFiltersDep = Annotated[ClaimFilters, Depends(claim_filters)]
PageClaimFiltersDep = Annotated[ClaimFilters, Depends(page_claim_filters)]
ActorFiltersDep = Annotated[ActorFilters, Depends(actor_filters)]
ActivityFiltersDep = Annotated[ActivityFilters, Depends(activity_filters)]

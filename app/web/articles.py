"""Articles: add (paste, upload, URL), list, read with highlighted claims, retry extraction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from app.auth import Journalist, Reader
from app.config import get_settings
from app.db import SessionDep
from app.ingest.errors import IngestError
from app.ingest.readers import ParsedArticle, read_pasted, read_upload
from app.models import Article, Claim, ExtractionStatus, User
from app.services.articles import Stored, fetch_article, requeue_extraction, store_article
from app.web.errors import UserError
from app.web.reader import paragraphs
from app.web.render import render

router = APIRouter()
PAGE = 50


def get_article(session: SessionDep, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise UserError(f"There is no article {article_id}. It may have been removed.", 404)
    return article


def stored_response(session: SessionDep, stored: Stored) -> Response:
    session.commit()
    suffix = "" if stored.created else "?duplicate=1"
    return RedirectResponse(f"/articles/{stored.article.id}{suffix}", status_code=303)


def ingest_or_refuse(session: SessionDep, parsed: ParsedArticle, user: User) -> Response:
    return stored_response(session, store_article(session, parsed=parsed, user=user))


@router.get("/articles", include_in_schema=False)
def list_articles(
    request: Request,
    session: SessionDep,
    user: Reader,
    before: Annotated[int | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
) -> Response:
    query = select(Article).order_by(Article.id.desc()).limit(PAGE + 1)
    if before:
        query = query.where(Article.id < before)
    if status:
        query = query.where(Article.extraction_status == status)
    rows = list(session.scalars(query))
    counted = session.execute(
        select(Claim.article_id, func.count())
        .where(Claim.article_id.in_([a.id for a in rows[:PAGE]]), Claim.deleted_at.is_(None))
        .group_by(Claim.article_id)
    )
    counts = {article_id: n for article_id, n in counted}
    next_before = rows[PAGE - 1].id if len(rows) > PAGE else None
    return render(
        request,
        "articles.html",
        {"articles": rows[:PAGE], "counts": counts, "next_before": next_before, "status": status},
    )


@router.get("/articles/new", include_in_schema=False)
def new_article(request: Request, user: Journalist) -> Response:
    return render(
        request, "article_new.html", {"limit_mb": get_settings().max_upload_bytes // 1_000_000}
    )


@router.post("/articles", include_in_schema=False)
def add_pasted(
    request: Request,
    session: SessionDep,
    user: Journalist,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
) -> Response:
    try:
        parsed = read_pasted(
            text,
            title=title or None,
            outlet=outlet or None,
            url=url or None,
            max_bytes=get_settings().max_upload_bytes,
        )
    except IngestError as exc:
        raise UserError(exc.message, exc.status_code) from exc
    return ingest_or_refuse(session, parsed, user)


@router.post("/articles/upload", include_in_schema=False)
async def add_upload(
    request: Request, session: SessionDep, user: Journalist, file: Annotated[UploadFile, File()]
) -> Response:
    limit = get_settings().max_upload_bytes
    if file.size is not None and file.size > limit:
        raise UserError(f"The file is larger than the {limit // 1_000_000} MB limit.", 413)
    data = await file.read(limit + 1)
    try:
        parsed = read_upload(file.filename or "", data, file.content_type, max_bytes=limit)
    except IngestError as exc:
        raise UserError(exc.message, exc.status_code) from exc
    return ingest_or_refuse(session, parsed, user)


@router.post("/articles/fetch", include_in_schema=False)
def add_from_url(
    request: Request, session: SessionDep, user: Journalist, url: Annotated[str, Form()] = ""
) -> Response:
    if not url.strip():
        raise UserError("Give the address of the article to fetch, starting with https://.", 422)
    try:
        parsed = fetch_article(url.strip())
    except IngestError as exc:
        raise UserError(exc.message, exc.status_code) from exc
    return ingest_or_refuse(session, parsed, user)


@router.get("/articles/{article_id}", include_in_schema=False)
def read_article(
    request: Request, session: SessionDep, user: Reader, article_id: int, duplicate: int = 0
) -> Response:
    article = get_article(session, article_id)
    return render(request, "article.html", reader_context(session, article, bool(duplicate)))


def reader_context(
    session: SessionDep, article: Article, duplicate: bool = False
) -> dict[str, object]:
    claims = list(
        session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start))
    )
    return {
        "article": article,
        "claims": claims,
        "claim_count": len(claims),
        "paragraphs": paragraphs(article.text, claims),
        "duplicate": duplicate,
    }


@router.get("/articles/{article_id}/status", include_in_schema=False)
def article_status(
    request: Request, session: SessionDep, user: Reader, article_id: int, was: str = ""
) -> Response:
    """The polled progress fragment; when extraction ends the page reloads with its claims."""
    article = get_article(session, article_id)
    finished = article.extraction_status in (ExtractionStatus.done, ExtractionStatus.failed)
    headers = (
        {"HX-Refresh": "true"} if finished and was and was != article.extraction_status else None
    )
    return render(
        request, "article.html", reader_context(session, article), block="progress", headers=headers
    )


@router.post("/articles/{article_id}/extract", include_in_schema=False)
def retry_extraction(
    request: Request, session: SessionDep, user: Journalist, article_id: int
) -> Response:
    article = get_article(session, article_id)
    if article.extraction_status in (ExtractionStatus.queued, ExtractionStatus.running):
        raise UserError("Extraction of this article is already under way.", 409)
    requeue_extraction(session, article=article)
    session.commit()
    return RedirectResponse(f"/articles/{article.id}", status_code=303)

"""Articles over JSON: add by text or URL, read status, list."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import select

from app.api.errors import FETCH_FAILED
from app.auth import Journalist, Reader
from app.config import get_settings
from app.db import SessionDep
from app.ingest.errors import IngestError
from app.ingest.readers import ParsedArticle, read_pasted
from app.models import Article
from app.services.articles import fetch_article, store_article
from app.web.errors import UserError

router = APIRouter(prefix="/api/v1/articles", tags=["articles"])


class ArticleIn(BaseModel):
    text: str | None = Field(default=None, description="The article's text; or give `url`.")
    url: str | None = Field(default=None, description="Fetched when `text` is absent.")
    title: str | None = Field(default=None, max_length=500)
    outlet: str | None = Field(default=None, max_length=200)
    byline: str | None = Field(default=None, max_length=500)
    published_at: datetime | None = None

    @model_validator(mode="after")
    def text_or_url(self) -> ArticleIn:
        if not (self.text or "").strip() and not (self.url or "").strip():
            raise ValueError("Give the article's `text`, or a `url` to fetch it from.")
        return self


class ArticleCreated(BaseModel):
    id: int
    extraction_status: str
    duplicate: bool = False


class ArticleOut(BaseModel):
    id: int
    title: str
    outlet: str | None
    byline: str | None
    url: str | None
    published_at: datetime | None
    ingested_at: datetime
    extraction_status: str
    extraction_error: str | None
    extractor_version: str | None
    text: str | None = None


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    next: int | None


def article_out(article: Article, *, with_text: bool = False) -> ArticleOut:
    return ArticleOut(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        byline=article.byline,
        url=article.url,
        published_at=article.published_at,
        ingested_at=article.ingested_at,
        extraction_status=article.extraction_status,
        extraction_error=article.extraction_error,
        extractor_version=article.extractor_version,
        text=article.text if with_text else None,
    )


def parse_body(body: ArticleIn) -> ParsedArticle:
    settings = get_settings()
    if body.text and body.text.strip():
        parsed = read_pasted(
            body.text,
            title=body.title,
            outlet=body.outlet,
            url=body.url,
            max_bytes=settings.max_upload_bytes,
        )
    else:
        parsed = fetch_article((body.url or "").strip())
    return replace(
        parsed,
        title=body.title or parsed.title,
        outlet=body.outlet or parsed.outlet,
        byline=body.byline or parsed.byline,
        published_at=body.published_at or parsed.published_at,
    )


@router.post(
    "",
    status_code=201,
    response_model=ArticleCreated,
    responses={
        200: {"model": ArticleCreated, "description": "Already stored: the existing article"},
        **FETCH_FAILED,
    },
)
def create_article(body: ArticleIn, session: SessionDep, user: Journalist) -> JSONResponse:
    try:
        parsed = parse_body(body)
    except IngestError as exc:
        raise UserError(exc.message, exc.status_code) from exc
    stored = store_article(session, parsed=parsed, user=user)
    session.commit()
    result = ArticleCreated(
        id=stored.article.id,
        extraction_status=stored.article.extraction_status,
        duplicate=not stored.created,
    )
    return JSONResponse(result.model_dump(), status_code=201 if stored.created else 200)


@router.get("", response_model=ArticlePage)
def list_articles(
    session: SessionDep,
    user: Reader,
    before: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> ArticlePage:
    query = select(Article).order_by(Article.id.desc()).limit(limit + 1)
    if before:
        query = query.where(Article.id < before)
    rows = list(session.scalars(query))
    following = rows[limit - 1].id if len(rows) > limit else None
    return ArticlePage(items=[article_out(a) for a in rows[:limit]], next=following)


@router.get("/{article_id}", response_model=ArticleOut)
def get_article(article_id: int, session: SessionDep, user: Reader) -> ArticleOut:
    article = session.get(Article, article_id)
    if article is None:
        raise UserError(f"There is no article {article_id}.", 404)
    return article_out(article, with_text=True)

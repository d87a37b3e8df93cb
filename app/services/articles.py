"""Store an ingested article once, and queue its extraction in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.ingest.guard import fetch_public_url
from app.ingest.normalise import canonical_url, normalise_text, text_hash
from app.ingest.readers import ParsedArticle
from app.jobs import enqueue_extraction
from app.models import Article, ExtractionStatus, User


@dataclass(frozen=True)
class Stored:
    article: Article
    created: bool  # False: the article was already here, nothing was added


def find_duplicate(session: Session, *, digest: str, url: str | None) -> Article | None:
    condition = Article.text_hash == digest
    if url:
        condition = or_(condition, Article.canonical_url == url)
    return session.scalars(select(Article).where(condition).limit(1)).first()


def store_article(session: Session, *, parsed: ParsedArticle, user: User | None) -> Stored:
    text = normalise_text(parsed.text)
    digest = text_hash(text)
    url = canonical_url(parsed.url) if parsed.url else None
    existing = find_duplicate(session, digest=digest, url=url)
    if existing is not None:
        return Stored(existing, created=False)
    article = Article(
        url=parsed.url,
        canonical_url=url,
        outlet=(parsed.outlet or None) and parsed.outlet[:200],
        title=(parsed.title or first_line(text))[:500],
        byline=parsed.byline,
        published_at=parsed.published_at,
        text=text,
        text_hash=digest,
        source_kind=parsed.source_kind,
        ingested_by_id=user.id if user else None,
        extraction_status=ExtractionStatus.queued.value,
    )
    session.add(article)
    session.flush()
    enqueue_extraction(session, article_id=article.id)
    return Stored(article, created=True)


def requeue_extraction(session: Session, *, article: Article) -> None:
    article.extraction_status = ExtractionStatus.queued.value
    article.extraction_error = None
    session.flush()
    enqueue_extraction(session, article_id=article.id)


def fetch_article(url: str) -> ParsedArticle:
    """Fetch a page with the configured limits; private addresses only where allowed."""
    settings = get_settings()
    return fetch_public_url(
        url,
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_upload_bytes,
        allow_private=settings.fetch_allow_private,
    )


def first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= 120 else line[:117].rsplit(" ", 1)[0] + "…"

"""Accounts: password hashing, API tokens, session cookies, CSRF and role checks."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.config import get_settings
from app.db import SessionDep
from app.models import ROLE_RANK, ApiToken, Role, User, UserSession

SESSION_COOKIE = "cd_session"
CSRF_COOKIE = "cd_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_hasher = PasswordHasher()


class NotAuthenticated(Exception):
    """No valid session or token: the browser goes to the login page, the API gets 401."""


class Forbidden(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Exception):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, *, username: str, password: str, role: Role) -> User:
    if len(password) < 8:
        raise ValueError("A password needs at least 8 characters.")
    user = User(username=username, password_hash=hash_password(password), role=role.value)
    session.add(user)
    session.flush()
    return user


def issue_api_token(session: Session, *, user: User) -> str:
    token = "cd_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=digest(token)))
    session.flush()
    return token


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        hash_password(password)  # same work either way, so timing does not reveal names
        return None
    return user if verify_password(user.password_hash, password) else None


def start_session(session: Session, *, user: User) -> str:
    token = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=get_settings().session_hours)
    session.add(UserSession(token_hash=digest(token), user_id=user.id, expires_at=expires))
    session.flush()
    return token


def end_session(session: Session, *, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))


# Every request signs its user in with one of these. Built once: a statement built per request
# was also hashed per request into SQLAlchemy's compiled-statement cache key (~0.2 ms of CPU);
# a module-level one keeps its key.
_USER_BY_TOKEN = (
    select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)
_USER_BY_SESSION = (
    select(User)
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.expires_at > bindparam("now"),
    )
)


def user_from_bearer(session: Session, header: str) -> User | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    # One query for the token and its user (every API request pays for this lookup).
    user = session.scalar(_USER_BY_TOKEN, {"token_hash": digest(token.strip())})
    if user is None or not user.is_active:
        return None
    return user


def user_from_cookie(session: Session, token: str) -> User | None:
    user = session.scalar(
        _USER_BY_SESSION, {"token_hash": digest(token), "now": datetime.now(UTC)}
    )
    if user is None or not user.is_active:
        return None
    return user


async def current_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, by API token or session cookie; None for an anonymous reader.

    Async: an anonymous request needs no worker thread here; a signed-in one takes one for
    its lookup."""
    if "user" in request.state._state:
        cached: User | None = request.state.user
        return cached
    user: User | None = None
    header = request.headers.get("authorization")
    if header:
        user = await run_in_threadpool(user_from_bearer, session, header)
        if user is None:
            raise NotAuthenticated()
    elif token := request.cookies.get(SESSION_COOKIE):
        user = await run_in_threadpool(user_from_cookie, session, token)
    request.state.user = user
    return user


CurrentUser = Annotated[User | None, Depends(current_user)]


async def require_reader(user: CurrentUser) -> User | None:
    # async: no I/O here, so FastAPI need not hand it to a worker thread (a hop per request)
    if user is None and not get_settings().public_read:
        raise NotAuthenticated()
    return user


@dataclass(frozen=True)
class RoleCheck:
    """A route's role requirement; tests read `role` to know who may write where."""

    role: Role

    async def __call__(self, user: CurrentUser) -> User:  # no I/O: no thread hop
        if user is None:
            raise NotAuthenticated()
        if user.rank < ROLE_RANK[self.role]:
            raise Forbidden(
                f"This needs the {self.role.value} role; you are signed in as a {user.role}."
            )
        return user


def require_role(role: Role) -> object:
    return Depends(RoleCheck(role))


def is_editor(user: User | None) -> bool:
    return user is not None and user.rank >= ROLE_RANK[Role.editor]


Reader = Annotated[User | None, Depends(require_reader)]
Journalist = Annotated[User, require_role(Role.journalist)]
Editor = Annotated[User, require_role(Role.editor)]
Admin = Annotated[User, require_role(Role.admin)]


def csrf_token(request: Request) -> str:
    """The token pages embed in forms (and htmx sends as a header)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def csrf_protect(request: Request) -> None:
    """Double-submit check for every cookie-authenticated or login write."""
    if request.method not in UNSAFE_METHODS or request.headers.get("authorization"):
        return
    if SESSION_COOKIE not in request.cookies and request.url.path != "/login":
        return  # nothing to ride on: the route's own auth check answers 401
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not expected or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()

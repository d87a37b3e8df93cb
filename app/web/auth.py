"""Login and logout pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.auth import SESSION_COOKIE, authenticate, end_session, start_session
from app.config import get_settings
from app.db import SessionDep
from app.services.throttle import MAX_FAILURES, clear_failures, record_failure, retry_after
from app.web.render import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only ever redirect within this site after login."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    name = username.strip()
    ip = request.client.host if request.client else "unknown"
    wait = retry_after(session, username=name, ip=ip)
    if wait:
        minutes = (wait + 59) // 60
        return render(
            request,
            "login.html",
            {
                "next": safe_next(next),
                "error": f"Too many failed attempts ({MAX_FAILURES}) for this name from here. "
                f"Try again in {minutes} minute{'' if minutes == 1 else 's'}.",
            },
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    user = authenticate(session, username=name, password=password)
    if user is None:
        record_failure(session, username=name, ip=ip)
        session.commit()
        return render(
            request,
            "login.html",
            {"next": safe_next(next), "error": "That name and password do not match an account."},
            status_code=401,
        )
    clear_failures(session, username=name, ip=ip)
    token = start_session(session, user=user)
    session.commit()
    response = RedirectResponse(safe_next(next), status_code=303)
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: SessionDep) -> Response:
    if token := request.cookies.get(SESSION_COOKIE):
        end_session(session, token=token)
        session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response

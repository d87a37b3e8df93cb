"""Admins manage accounts: list, create, change role, deactivate. Editors cannot."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.auth import Admin
from app.db import SessionDep
from app.errors import UserError
from app.models import Role, User
from app.services.claims import InvalidEdit
from app.services.users import add_user, deactivate, list_users, set_role
from app.web.render import render

router = APIRouter(prefix="/admin")
Text = Annotated[str, Form()]


def target_user(session: SessionDep, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(f"There is no user {user_id}.", 404)
    return user


def done() -> Response:
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/users", include_in_schema=False)
def users_page(request: Request, session: SessionDep, admin: Admin) -> Response:
    return render(request, "admin_users.html",
                  {"users": list_users(session), "roles": [r.value for r in Role]})


@router.post("/users", include_in_schema=False)
def create_account(
    session: SessionDep, admin: Admin, username: Text = "", password: Text = "",
    role: Text = "journalist",
) -> Response:
    try:
        add_user(session, admin=admin, username=username, password=password, role=role)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return done()


@router.post("/users/{user_id}/role", include_in_schema=False)
def change_role(session: SessionDep, admin: Admin, user_id: int, role: Text = "") -> Response:
    try:
        set_role(session, admin=admin, user=target_user(session, user_id), role=role)
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return done()


@router.post("/users/{user_id}/deactivate", include_in_schema=False)
def deactivate_account(session: SessionDep, admin: Admin, user_id: int) -> Response:
    try:
        deactivate(session, admin=admin, user=target_user(session, user_id))
    except InvalidEdit as invalid:
        raise UserError(invalid.message, 422) from invalid
    session.commit()
    return done()

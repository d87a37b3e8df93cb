"""Accounts an admin manages: create, change role, deactivate. Each change is audited."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import create_user
from app.models import Role, User, UserSession
from app.services.audit import record
from app.services.claims import InvalidEdit


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def active_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_active).order_by(User.username)))


def add_user(session: Session, *, admin: User, username: str, password: str, role: str) -> User:
    name = username.strip()
    if not name or len(name) > 80:
        raise InvalidEdit("A user name has 1 to 80 characters.")
    if role not in Role.__members__:
        raise InvalidEdit(f"The role must be one of: {', '.join(Role.__members__)}.")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise InvalidEdit(f"There is already a user called {name}.")
    try:
        user = create_user(session, username=name, password=password, role=Role(role))
    except (ValueError, IntegrityError) as exc:
        raise InvalidEdit(str(exc)) from exc
    record(session, user=admin, entity_type="user", entity_id=user.id, action="create",
           new={"username": name, "role": role})
    return user


def set_role(session: Session, *, admin: User, user: User, role: str) -> None:
    if role not in Role.__members__:
        raise InvalidEdit(f"The role must be one of: {', '.join(Role.__members__)}.")
    if user.id == admin.id and role != Role.admin.value:
        raise InvalidEdit("You cannot take the admin role from yourself.")
    if user.role != role:
        record(session, user=admin, entity_type="user", entity_id=user.id, action="role",
               old=user.role, new=role)
        user.role = role
    session.flush()


def deactivate(session: Session, *, admin: User, user: User) -> None:
    """The account can no longer sign in; its sessions end now. Its history stays."""
    if user.id == admin.id:
        raise InvalidEdit("You cannot deactivate your own account.")
    if user.is_active:
        record(session, user=admin, entity_type="user", entity_id=user.id, action="deactivate",
               old="active", new="inactive")
        user.is_active = False
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.flush()

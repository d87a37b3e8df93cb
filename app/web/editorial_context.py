"""What a claim's page shows about its editorial life: history, notes, who can be assigned."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import menus
from app.auth import is_editor
from app.models import Claim, User
from app.services.audit import history, usernames
from app.services.notes import notes_on
from app.services.users import active_users


def editorial_context(session: Session, claim: Claim, user: User | None) -> dict[str, Any]:
    events = list(reversed(history(session, entity_type="claim", entity_id=claim.id)))
    return {
        "claim": claim,
        "editable": is_editor(user),
        "events": events,
        "event_users": usernames(session, events),
        "notes": notes_on(session, entity_type="claim", entity_id=claim.id),
        "assignable": active_users(session) if is_editor(user) else [],
        "tags": [t.name for t in claim.tags],
        "tag_suggestions": menus.tag_suggestions(session) if is_editor(user) else [],
        "assignee": session.get(User, claim.assigned_to_id) if claim.assigned_to_id else None,
    }

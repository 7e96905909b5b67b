"""Confirming that a person who asked for an assessment may see a child's record.

A request for a child already on record does not link the person who sent it: knowing a UPN
and a date of birth proves nothing (UK GDPR Art 9). An officer who has checked who they are
confirms the link here; until then the case does not appear in their account.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from shared.db import db
from shared.models import Case, ChildLink, Event, Relationship, User
from shared.services.chronology import record_event
from shared.services.errors import ServiceError


@dataclass(frozen=True)
class PendingLink:
    user: User
    relationship: Relationship


def pending_links(case: Case) -> list[PendingLink]:
    """People whose requests wait for an officer to confirm their link to the child."""
    events = db.session.scalars(select(Event).where(Event.case_id == case.id,
                                                    Event.data["link_pending"].astext == "true")
                                .order_by(Event.at, Event.id))
    linked = set(db.session.scalars(select(ChildLink.user_id).where(ChildLink.child_id == case.child_id)))
    found: dict[str, PendingLink] = {}
    for event in events:
        user_id = event.data.get("pending_user_id")
        if not user_id or uuid.UUID(user_id) in linked or user_id in found:
            continue
        user = db.session.get(User, uuid.UUID(user_id))
        if user is not None:
            found[user_id] = PendingLink(user, Relationship(event.data["pending_relationship"]))
    return list(found.values())


def confirm_link(case: Case, user_id: uuid.UUID, *, actor: User) -> ChildLink:
    """Link a person who is waiting, after the officer has checked who they are."""
    pending = next((p for p in pending_links(case) if p.user.id == user_id), None)
    if pending is None:
        raise ServiceError("That person is not waiting to be linked to this child")
    link = ChildLink(user_id=pending.user.id, child_id=case.child_id, relationship_kind=pending.relationship)
    db.session.add(link)
    record_event(case, "link_confirmed",
                 f"{actor.full_name} confirmed {pending.user.full_name} may see {case.child.full_name}'s record "
                 f"({'young person' if pending.relationship == Relationship.YOUNG_PERSON_SELF else 'parent with parental responsibility'})",
                 actor=actor, data={"user_id": str(pending.user.id)})
    return link

"""Reading the people the council writes to about a child (`FamilyContact`)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.db import db
from shared.models import Case, FamilyContact


def contacts_for_child(child_id: uuid.UUID) -> list[FamilyContact]:
    stmt = (select(FamilyContact).where(FamilyContact.child_id == child_id)
            .order_by(FamilyContact.created_at, FamilyContact.id))
    return list(db.session.scalars(stmt))


def contact_for_case(case: Case, contact_id: uuid.UUID) -> FamilyContact | None:
    """A contact, only through the case (already loaded through the user's visibility rules)."""
    contact = db.session.get(FamilyContact, contact_id)
    return contact if contact is not None and contact.child_id == case.child_id else None

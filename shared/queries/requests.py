"""Request drafts: only ever loaded for their owner."""

from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select

from shared.control_characters import without_control_characters
from shared.db import db
from shared.models import DraftStatus, RequestDraft, School, User
from shared.queries.schools import school_by_urn


def draft_for_owner(user: User, draft_id: uuid.UUID) -> RequestDraft | None:
    """One draft, only if `user` owns it (anyone else gets None, so a 404)."""
    stmt = select(RequestDraft).where(RequestDraft.id == draft_id, RequestDraft.owner_id == user.id)
    return db.session.scalars(stmt).first()


def unsent_drafts(user: User, limit: int = 50) -> list[RequestDraft]:
    """The user's requests not yet sent, most recently changed first."""
    stmt = (select(RequestDraft)
            .where(RequestDraft.owner_id == user.id, RequestDraft.status == DraftStatus.DRAFT)
            .order_by(RequestDraft.updated_at.desc(), RequestDraft.id).limit(limit))
    return list(db.session.scalars(stmt))


def schools_matching(text: str, limit: int = 300) -> list[School]:
    """Schools whose name contains `text` or whose URN starts with it, by name; every school
    when `text` is empty. A search term loses any control characters (PostgreSQL cannot compare
    a NUL)."""
    stmt = select(School)
    words = without_control_characters(text or "").strip()
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(School.name).like(pattern.lower()), School.urn.startswith(words)))
    return list(db.session.scalars(stmt.order_by(School.name, School.urn).limit(limit)))


def schools_matching_with(text: str, chosen_urn: str | None) -> list[School]:
    """`schools_matching`, with the school already chosen (by URN) first if the search left it out,
    so a search never drops the person's answer."""
    schools = schools_matching(text)
    if chosen_urn and all(school.urn != chosen_urn for school in schools):
        stored = school_by_urn(chosen_urn)
        if stored is not None:
            schools.insert(0, stored)
    return schools

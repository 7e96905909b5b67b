"""Reading a case's chronology: its events, plus each use of an adviser's access."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared.db import db
from shared.models import AccessLog, Case, Document, Event, Role, User


@dataclass(frozen=True)
class Entry:
    """One line of the chronology (who, when, what, and any related document)."""

    at: datetime
    summary: str
    actor_name: str | None
    document_name: str | None = None
    document_id: uuid.UUID | None = None


def events_for_case(case: Case, limit: int = 500, *, staff: bool = False) -> list[Event]:
    """Newest first. Staff-only events only when `staff` is true (staff pages and exports)."""
    stmt = select(Event).where(Event.case_id == case.id)
    if not staff:
        stmt = stmt.where(Event.staff_only.is_(False))
    stmt = stmt.options(selectinload(Event.actor)).order_by(Event.at.desc(), Event.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def chronology(case: Case, limit: int = 500, *, staff: bool = False) -> list[Entry]:
    """Newest first: every event the reader may see (staff-only ones only for `staff`), and
    every view of the case by a SENDIASS adviser."""
    events = events_for_case(case, limit, staff=staff)
    document_ids = {e.document_id for e in events if e.document_id}
    names = {}
    if document_ids:
        names = dict(db.session.execute(select(Document.id, Document.filename)
                                        .where(Document.id.in_(document_ids))).all())
    entries = [Entry(e.at, e.summary, e.actor.full_name if e.actor else None, names.get(e.document_id),
                     e.document_id) for e in events]
    views = db.session.execute(
        select(AccessLog.at, User.full_name).join(User, User.id == AccessLog.user_id)
        .where(AccessLog.case_id == case.id, User.role == Role.SENDIASS_ADVISER)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit)).all()
    entries += [Entry(at, f"{name} (SENDIASS adviser) looked at this case", name) for at, name in views]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]

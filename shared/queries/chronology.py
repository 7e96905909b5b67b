"""Reading a case's chronology."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared.db import db
from shared.models import Case, Event


def events_for_case(case: Case, limit: int = 500) -> list[Event]:
    stmt = (select(Event).where(Event.case_id == case.id).options(selectinload(Event.actor))
            .order_by(Event.at.desc(), Event.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))

"""Writing the chronology: every change to a case is an append-only event."""

from __future__ import annotations

from shared.db import db
from shared.models import Case, Event, User


def record_event(case: Case, kind: str, summary: str, *, actor: User | None, data: dict | None = None,
                 document_id=None, notice_id=None) -> Event:
    """Append one event to the case's chronology (who, when, what, related documents)."""
    event = Event(case_id=case.id, kind=kind, summary=summary, actor_id=actor.id if actor else None,
                  data=data or {}, document_id=document_id, notice_id=notice_id)
    db.session.add(event)
    return event

"""Writing the chronology: every change to a case is an append-only event."""

from __future__ import annotations

from shared.db import db
from shared.models import Case, Event, User


def record_event(case: Case, kind: str, summary: str, *, actor: User | None, data: dict | None = None,
                 document_id=None, notice_id=None, staff_only: bool = False) -> Event:
    """Append one event to the case's chronology (who, when, what, related documents).
    `staff_only` keeps it off every portal view and portal export: use it for what could put a
    child at risk if the family or a school read it (UK GDPR Art 23 and DPA 2018 Sch 3 restrict
    disclosure in those cases; a subject access request is still answered by a person)."""
    event = Event(case_id=case.id, kind=kind, summary=summary, actor_id=actor.id if actor else None,
                  data=data or {}, document_id=document_id, notice_id=notice_id, staff_only=staff_only)
    db.session.add(event)
    return event

"""A case's key dates and next step, from its record and chronology."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import date_in_england
from shared.domain.key_dates import KeyDate, assessment_key_dates, assessment_next_step
from shared.models import Case, CaseKind, Event

DECISION_EVENTS = ("agree_to_assess", "refuse_to_assess")


def _first_event_on(case: Case, kinds: tuple[str, ...]) -> date | None:
    at = db.session.execute(select(func.min(Event.at)).where(Event.case_id == case.id, Event.kind.in_(kinds))).scalar()
    return date_in_england(at) if at else None


def key_dates_for(case: Case, today: date) -> tuple[list[KeyDate], str]:
    """The clocks for this case's stage, and what happens next in plain English."""
    if case.kind != CaseKind.EHC_ASSESSMENT:
        return [], ""
    closed_on = date_in_england(case.closed_at) if case.closed_at else None
    dates = assessment_key_dates(case.received_on, case.status, today,
                                 decided_on=_first_event_on(case, DECISION_EVENTS), closed_on=closed_on)
    return dates, assessment_next_step(case.received_on, case.status)

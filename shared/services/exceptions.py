"""Recording why a statutory time limit may be missed (SEND Regulations 2014 regs 5(4), 8(2),
10(4), 13(3)). The due dates stay where the law puts them; the family is told which exception
the council relies on, and the case's chronology and SEN2 reporting carry it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.domain.clocks import ExceptionReason, RecordedException
from shared.models import Case, StatutoryException, User
from shared.models.advice import AdviceRequest
from shared.outbox import add_outbox_message
from shared.services.advice import CHANGE_EMAIL_JOB
from shared.services.chronology import record_event
from shared.services.decisions import family_recipients
from shared.services.errors import ServiceError


def record_exception(case: Case, *, reason: ExceptionReason, starts_on: date, ends_on: date | None, note: str,
                     actor: User, today: date, advice: AdviceRequest | None = None) -> StatutoryException:
    """Record one exception, checked by the rules in `shared.domain.clocks`."""
    if starts_on > today:
        raise ServiceError("The start date must be today or in the past")
    if ends_on is not None and ends_on > today:
        raise ServiceError("The end date must be today or in the past: leave it empty if it continues")
    if reason is ExceptionReason.MISSED_APPOINTMENT:
        if advice is None or advice.case_id != case.id:
            raise ServiceError("A missed appointment excuses only an advice giver's deadline: choose whose advice")
    elif advice is not None:
        raise ServiceError("Only a missed appointment is recorded against one advice request")
    if not note.strip():
        raise ServiceError("Say what happened")
    try:
        RecordedException(reason, starts_on, ends_on, note)
    except ValueError as error:
        raise ServiceError(_plain(error, reason)) from None
    exception = StatutoryException(case_id=case.id, reason=reason, starts_on=starts_on, ends_on=ends_on,
                                   note=note.strip(), recorded_by_id=actor.id,
                                   advice_request_id=advice.id if advice else None)
    db.session.add(exception)
    db.session.flush()
    if reason is not ExceptionReason.MISSED_APPOINTMENT:
        # The family must be told which exception the council relies on.
        for member in family_recipients(case):
            add_outbox_message(CHANGE_EMAIL_JOB, {"change": "exception_recorded", "exception_id": str(exception.id),
                                                  "user_id": str(member.id)})
    label = reason.short_label.capitalize()
    record_event(case, "exception_recorded", f"{label} recorded: {reason.description}", actor=actor,
                 data={"reason": reason.value, "starts_on": starts_on.isoformat(),
                       "ends_on": ends_on.isoformat() if ends_on else None})
    return exception


def _plain(error: ValueError, reason: ExceptionReason) -> str:
    if reason.needs_four_weeks and "4 weeks" in str(error):
        return "This exception needs a continuous period of at least 4 weeks"
    if "before it starts" in str(error):
        return "The end date must be the same as or after the start date"
    return "Check the dates"


def exceptions_for_case(case: Case) -> list[StatutoryException]:
    stmt = (select(StatutoryException).where(StatutoryException.case_id == case.id)
            .order_by(StatutoryException.starts_on, StatutoryException.recorded_at, StatutoryException.id))
    return list(db.session.scalars(stmt))

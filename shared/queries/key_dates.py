"""A case's key dates and next step, from its record and chronology."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import appeal_deadline, date_in_england
from shared.domain.key_dates import KeyDate, assessment_key_dates, assessment_next_step
from shared.models import Case, CaseKind, Event, Notice
from shared.notices.appeal_rights import period_text
from shared.notices.formatting import long_date_with_weekday
from shared.services.exceptions import exceptions_for_case

DECISION_EVENTS = ("agree_to_assess", "refuse_to_assess")
# The appealable decisions that close an assessment case, by the status they leave it in.
APPEALABLE_CLOSING = {"refused": "refuse_to_assess", "not_issuing": "decide_not_to_issue_plan"}


def _first_event_on(case: Case, kinds: tuple[str, ...]) -> date | None:
    at = db.session.execute(select(func.min(Event.at)).where(Event.case_id == case.id, Event.kind.in_(kinds))).scalar()
    return date_in_england(at) if at else None


def draft_window(case: Case) -> tuple[date | None, date | None]:
    """While the draft plan is with the family: the last day of their window (reg 13(1)) and the
    day they first responded to that draft (None until they do)."""
    from shared.services.plans import current_draft, response_window, responses_for

    if case.status != "draft_issued":
        return None, None
    draft = current_draft(case)
    if draft is None or draft.issued_on is None:
        return None, None
    _, last_day = response_window(draft)
    responded = [r.submitted_on for r in responses_for(case) if r.plan_version_id == draft.id]
    return last_day, min(responded) if responded else None


def key_dates_for(case: Case, today: date, *, reader: str = "staff") -> tuple[list[KeyDate], str]:
    """The clocks for this case's stage, and what happens next in plain English, worded for the
    reader (`shared.domain.key_dates.READERS`: "parent", "young_person", "other" or "staff")."""
    for_family = reader in ("parent", "young_person")
    if case.kind == CaseKind.SECTION_19:
        from shared.queries.section19 import s19_key_dates  # Section 19 counts school days

        return s19_key_dates(case, today)
    if case.kind != CaseKind.EHC_ASSESSMENT:
        return [], ""
    closed_on = date_in_england(case.closed_at) if case.closed_at else None
    recorded = [e.as_rule() for e in exceptions_for_case(case) if e.advice_request_id is None]
    respond_by, responded_on = draft_window(case)
    dates = assessment_key_dates(case.received_on, case.status, today,
                                 decided_on=_first_event_on(case, DECISION_EVENTS), closed_on=closed_on,
                                 exceptions=recorded, respond_by=respond_by,
                                 responded_on=responded_on if responded_on and responded_on <= today else None,
                                 for_family=for_family)
    next_step = assessment_next_step(case.received_on, case.status, respond_by=respond_by, reader=reader)
    appeal = appeal_sentence(case, for_family=for_family)
    return dates, f"{next_step} {appeal}" if appeal else next_step


def appeal_sentence(case: Case, *, for_family: bool = True) -> str:
    """For a refusal to assess or a decision not to issue a plan: the last day for appealing,
    counted from the date of the family's first letter (Tribunal Rules r.20; the earliest, so the
    date is safe for every recipient however each was sent), with the statutory
    period and the date to rely on under r.12(2) and r.12(3)."""
    decision_type = APPEALABLE_CLOSING.get(case.status)
    if decision_type is None:
        return ""
    letter_date = db.session.execute(
        select(func.min(Notice.issued_on)).where(Notice.case_id == case.id, Notice.decision_type == decision_type)
    ).scalar()
    if letter_date is None:
        return ""
    deadline = appeal_deadline(letter_date)
    opening = ("If you want to appeal, the Tribunal must receive your appeal by" if for_family
               else "If the family appeal, the Tribunal must receive the appeal by")
    return f"{opening} {long_date_with_weekday(deadline.rely_on)}. {period_text(deadline, 'the letter')}."


def advice_rows(case: Case, today: date) -> list[tuple]:
    """Each advice request with where its own 6-week clock stands (reg 8(1)), in words."""
    from shared.domain import clocks
    from shared.services.advice import advice_for_case

    missed = {}
    for exception in exceptions_for_case(case):
        if exception.advice_request_id:
            missed.setdefault(exception.advice_request_id, []).append(exception.as_rule())
    rows = []
    for advice in advice_for_case(case):
        status = clocks.clock_status(clocks.Clock.ADVICE_6_WEEKS, advice.due_on, today, done_on=advice.received_on,
                                     exceptions=missed.get(advice.id, ()))
        text = "Cancelled" if advice.status.value == "cancelled" else clocks.plain_english(status)
        rows.append((advice, status, text))
    return rows

"""Following up a request for the children-not-in-school register information (new EA 1996
s.436D, Children's Wellbeing and Schools Act 2026; docs/home-education.md, "The parent's
information duty").

The scheduler (`shared.jobs.scheduler.follow_up_ehe_information`) calls
`queue_information_follow_ups` every minute or so. For each request still waiting for an answer
on an open case it queues, once:

- a reminder to the parents from `remind_on` (the setting `ehe_information_reminder_days` before
  the date to answer by, never on or before the day of the request) up to that date: one
  `send_ehe_information_email` outbox row per parent with an account (`family_recipients`), or
  one to the parent email on the notification when nobody has an account, as for the letter;
- a notice to the officer from the day after that date (`overdue_from`): the case's assigned
  officer, else the officer who sent the request, else the SEND team's address.

"Once" is kept by the chronology: each follow-up writes its event (`ehe_information_reminder`,
`ehe_information_overdue`, with the request's id) in the same transaction as its outbox rows, and a
request with that event is not picked again. The chronology is append-only, so the record of what
was sent is also what stops it being sent twice; the request rows are locked (SKIP LOCKED) while a
pass looks at them, so two schedulers never both queue one. A request that is answered, or whose
case is closed (the request lapses with it: there is no other way to withdraw one), is never
followed up; the mail job checks again when it sends.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import String, select

from shared.db import db
from shared.domain.ehe_information import is_overdue, reminder_due
from shared.models import Case, EheInformationRequest, Event
from shared.notices.formatting import long_date
from shared.outbox import add_outbox_message
from shared.queries.ehe import notification_for_case
from shared.services.chronology import record_event
from shared.services.decisions import family_recipients

MAIL_JOB = "send_ehe_information_email"
REMINDER_EVENT = "ehe_information_reminder"
OVERDUE_EVENT = "ehe_information_overdue"


def _followed_up(kind: str):
    """The request already has this follow-up on its case's chronology."""
    return (select(Event.id)
            .where(Event.case_id == EheInformationRequest.case_id, Event.kind == kind,
                   Event.data["request_id"].astext == EheInformationRequest.id.cast(String))
            .exists())


def _waiting(kind: str):
    """Unanswered requests on open cases without this follow-up yet, in a fixed order, locked."""
    return (select(EheInformationRequest, Case)
            .join(Case, Case.id == EheInformationRequest.case_id)
            .where(EheInformationRequest.answered_on.is_(None), Case.closed_at.is_(None), ~_followed_up(kind))
            .order_by(EheInformationRequest.due_on, EheInformationRequest.id)
            .with_for_update(of=EheInformationRequest, skip_locked=True))


def queue_information_follow_ups(today: date, *, lead_days: int) -> tuple[int, int]:
    """Queue the reminders and the overdue notices that are due `today`, each once; returns
    (reminders, overdue notices) queued. Runs in the caller's transaction (the scheduler commits)."""
    candidates = db.session.execute(_waiting(REMINDER_EVENT).where(
        EheInformationRequest.due_on >= today, EheInformationRequest.due_on <= today + timedelta(days=lead_days)))
    reminders = [(request, case) for request, case in candidates
                 if reminder_due(request.requested_on, request.due_on, lead_days, today)]
    for request, case in reminders:
        _queue_reminder(request, case)
    overdue = [(request, case) for request, case in db.session.execute(
        _waiting(OVERDUE_EVENT).where(EheInformationRequest.due_on < today)) if is_overdue(request.due_on, today)]
    for request, case in overdue:
        add_outbox_message(MAIL_JOB, {"request_id": str(request.id), "kind": "overdue"})
        record_event(case, OVERDUE_EVENT,
                     f"The parents have not given the register information asked for on {long_date(request.requested_on)}:"
                     f" it was due by {long_date(request.due_on)}. The officer has been told.",
                     actor=None, data={"request_id": str(request.id), "due_on": request.due_on.isoformat()})
    db.session.flush()
    return len(reminders), len(overdue)


def _queue_reminder(request: EheInformationRequest, case: Case) -> None:
    """One email to each parent with an account, or to the email on the notification."""
    recipients = family_recipients(case)
    for user in recipients:
        add_outbox_message(MAIL_JOB, {"request_id": str(request.id), "kind": "reminder", "user_id": str(user.id)})
    sent_to = [user.full_name for user in recipients]
    if not recipients:
        notification = notification_for_case(case)
        if notification is not None and notification.parent_email:
            add_outbox_message(MAIL_JOB, {"request_id": str(request.id), "kind": "reminder",
                                          "recipient": "notification"})
            sent_to = [notification.parent_names or notification.parent_email]
    summary = (f"Reminder sent to {', '.join(sent_to)}: the register information is due by {long_date(request.due_on)}"
               if sent_to else
               f"No reminder sent: we have no email address for the parents (the register information is due by "
               f"{long_date(request.due_on)})")
    record_event(case, REMINDER_EVENT, summary, actor=None,
                 data={"request_id": str(request.id), "due_on": request.due_on.isoformat(),
                       "recipients": len(sent_to)})

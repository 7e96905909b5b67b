"""Emails that say what changed on a case at a step that sends no notice.

A decision goes out as a notice (shared/jobs/notices.py). Other steps that families and officers
should hear about are queued by their service as a `send_change_email` outbox row, one per
recipient, with the kind of change (`change`) and ids only. Each email names what changed, for
which child and case, what happens next and where to look: never "you have new information".
What arrived (the advice itself) stays out of the email; it is read on the case page.

Changes:

- `advice_received` (shared.services.advice.receive_advice): to each member of the family linked
  to the child (`recipient` "family", `user_id`), and to the assigned officer, or the SEND team
  when nobody is assigned (`recipient` "officer").
- `exception_recorded` (shared.services.exceptions.record_exception): to each member of the
  family, naming the exception (a)-(d) the council relies on. Not sent for an advice giver's
  missed appointment, which does not excuse the council's own deadlines.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from shared import mail
from shared.db import db
from shared.domain import clocks
from shared.domain.key_dates import assessment_next_step
from shared.models import Case, ChildLink, CouncilContacts, Relationship, StatutoryException, User
from shared.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from shared.queries.key_dates import draft_window
from shared.web.filters import long_date


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


# Who the advice is from, in a sentence ("Advice from the educational psychologist has arrived").
ADVICE_FROM = {
    AdviceKind.SCHOOL: "the school or setting",
    AdviceKind.EDUCATIONAL_PSYCHOLOGIST: "the educational psychologist",
    AdviceKind.HEALTH: "health services",
    AdviceKind.SOCIAL_CARE: "social care",
    AdviceKind.OTHER: "a professional we asked",
}


def officer_address(case: Case) -> str | None:
    """The assigned officer, or the SEND team when nobody is assigned (None if neither is known)."""
    if case.assigned_officer is not None:
        return case.assigned_officer.email
    contacts = db.session.get(CouncilContacts, 1)
    return contacts.send_team_email if contacts and contacts.send_team_email else None


def _family_link(user_id: str, case: Case) -> ChildLink | None:
    """The recipient's link to the child, still there when the email is sent (or None)."""
    return db.session.scalars(select(ChildLink).where(ChildLink.user_id == uuid.UUID(user_id),
                                                      ChildLink.child_id == case.child_id)).first()


def _advice_progress(case: Case) -> tuple[int, int]:
    """(received, asked for), leaving out cancelled requests."""
    statuses = list(db.session.scalars(select(AdviceRequest.status).where(
        AdviceRequest.case_id == case.id, AdviceRequest.status != AdviceStatus.CANCELLED)))
    return sum(status == AdviceStatus.RECEIVED for status in statuses), len(statuses)


def _advice_next_step(case: Case, reader: str) -> str:
    if case.status != "assessing":
        respond_by, _ = draft_window(case)  # names the last day while the draft is with the family
        return assessment_next_step(case.received_on, case.status, respond_by=respond_by, reader=reader)
    received, asked = _advice_progress(case)
    waiting = ("We now have all the advice we asked for." if received >= asked else
               f"We now have {received} of the {asked} pieces of advice we asked for, and are waiting "
               "for the rest.")
    return (f"{waiting} When we have it all, we will decide whether to issue an EHC plan. If we decide "
            f"not to, we must tell you by {long_date(clocks.decision_not_to_issue_due(case.received_on))}. "
            f"If we issue one, the final plan is due by {long_date(clocks.final_plan_due(case.received_on))}.")


def advice_received(payload: dict, settings) -> Email | None:
    advice = db.session.get(AdviceRequest, uuid.UUID(payload["advice_request_id"]))
    if advice is None or advice.status != AdviceStatus.RECEIVED:
        return None
    case = db.session.get(Case, advice.case_id)
    base = settings.public_base_url.rstrip("/")
    council = settings.council_name
    if payload.get("recipient") == "officer":
        to = officer_address(case)
        if not to:
            return None
        timing = ("on time" if advice.received_on <= advice.due_on
                  else f"{(advice.received_on - advice.due_on).days} days late")
        return Email(to, f"Advice received: {case.reference}",
                     f"Advice from {advice.recipient_name} ({advice.kind.label}) has arrived for case "
                     f"{case.reference}, {timing} (it was due by {long_date(advice.due_on)}).\n\n"
                     f"It can be opened on the case page once it has been checked for viruses:\n"
                     f"{base}/staff/cases/{case.id}\n\n{council} SEND back-office")
    link = _family_link(payload["user_id"], case)
    if link is None:  # no longer linked to the child: tell them nothing about it
        return None
    person = db.session.get(User, link.user_id)
    own = link.relationship_kind == Relationship.YOUNG_PERSON_SELF
    whose, reader = ("your", "young_person") if own else (f"{case.child.first_name}'s", "parent")
    source = ADVICE_FROM[advice.kind]
    return Email(person.email, f"Advice from {source} has arrived: {case.reference}",
                 f"Dear {person.full_name},\n\n"
                 f"Advice from {source} has arrived for {whose} EHC needs assessment ({case.reference}).\n\n"
                 f"What happens next: {_advice_next_step(case, reader)}\n\n"
                 f"You can see where the assessment is up to, and its key dates, on the case page:\n"
                 f"{base}/cases/{case.id}\n\n{council} SEND team")


def exception_recorded(payload: dict, settings) -> Email | None:
    """The family is told which exception the council relies on (SEND Regulations 2014 regs 5(4),
    10(4), 13(3); statutory-rules.md section 1): the statutory dates do not move."""
    exception = db.session.get(StatutoryException, uuid.UUID(payload["exception_id"]))
    if exception is None:
        return None
    case = db.session.get(Case, exception.case_id)
    link = _family_link(payload["user_id"], case)
    if link is None:
        return None
    person = db.session.get(User, link.user_id)
    whose = "your" if link.relationship_kind == Relationship.YOUNG_PERSON_SELF else f"{case.child.first_name}'s"
    base = settings.public_base_url.rstrip("/")
    reason = exception.reason
    return Email(person.email, f"We may not meet a deadline for {whose} EHC needs assessment: {case.reference}",
                 f"Dear {person.full_name},\n\n"
                 f"We have recorded that {reason.description}, from {long_date(exception.starts_on)}"
                 f"{' to ' + long_date(exception.ends_on) if exception.ends_on else ''}. The law allows us more time "
                 f"when this happens ({reason.short_label} of the SEND Regulations 2014 time limits), so we may not "
                 f"meet the usual deadlines for {whose} EHC needs assessment ({case.reference}).\n\n"
                 f"The deadlines themselves do not change, and we must still act as soon as we can. You can see "
                 f"every key date on the case page:\n{base}/cases/{case.id}\n\n"
                 f"If you think this is wrong, contact us by replying to this email.\n\n{settings.council_name} SEND team")


CHANGES: dict[str, Callable[[dict, object], Email | None]] = {
    "advice_received": advice_received,
    "exception_recorded": exception_recorded,
}


def send_change_email(payload: dict, message_id: int) -> None:
    """Safe to run again: state is reloaded, and the Message-ID comes from the outbox row."""
    settings = current_app.config["SETTINGS"]
    email = CHANGES[payload["change"]](payload, settings)
    if email is None:
        return
    mail.send_email(settings, to=email.to, subject=email.subject, body_text=email.body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

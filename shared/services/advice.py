"""Asking for advice during an EHC needs assessment (SEND Regulations 2014 regs 6 and 8).

Each request has its own deadline: 6 weeks from the day the advice giver receives it (reg 8(1);
the email is sent the same day). The advice giver answers through a secure link that needs no
account: it is signed with the app's secret and a per-request nonce, works once, expires, and
an officer can revoke it. A reminder goes before the deadline and the officer is told when it
passes (`queue_advice_follow_ups`, run by the scheduler).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from shared.auth.tokens import make_token, read_token
from shared.db import db, utcnow
from shared.domain import clocks
from shared.models import Case, User
from shared.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from shared.outbox import add_outbox_message
from shared.services.chronology import record_event
from shared.services.decisions import family_recipients
from shared.services.documents import record_upload
from shared.services.errors import ServiceError

LINK_SALT = "advice-link"
LINK_GRACE = timedelta(days=28)  # a link still works for 4 weeks after the deadline: late advice is still advice
REMIND_BEFORE = timedelta(days=7)
ADVICE_STAGES = ("assessing",)
CHANGE_EMAIL_JOB = "send_change_email"


def request_advice(case: Case, *, kind: AdviceKind, name: str, email: str, actor: User, today: date) -> AdviceRequest:
    """Ask one body for advice and send them their link."""
    if case.status not in ADVICE_STAGES:
        raise ServiceError("Advice can be requested once the council has agreed to assess")
    due_on = clocks.advice_due(today)
    advice = AdviceRequest(case_id=case.id, kind=kind, recipient_name=name.strip(), recipient_email=email.strip().lower(),
                           requested_on=today, due_on=due_on, link_nonce=secrets.token_urlsafe(24),
                           link_expires_on=due_on + LINK_GRACE, requested_by_id=actor.id)
    db.session.add(advice)
    db.session.flush()
    add_outbox_message("send_advice_email", {"advice_request_id": str(advice.id), "kind": "request"})
    record_event(case, "advice_requested",
                 f"Advice requested from {advice.recipient_name} ({kind.label}), due by {due_on:%-d %B %Y}",
                 actor=actor, data={"advice_request_id": str(advice.id)})
    return advice


def link_token(advice: AdviceRequest) -> str:
    return make_token(current_app.config["SETTINGS"].secret_key, LINK_SALT,
                      {"a": str(advice.id), "n": advice.link_nonce})


@dataclass(frozen=True)
class LinkCheck:
    advice: AdviceRequest | None
    problem: str | None  # None when the link may be used


LINK_PROBLEMS = {
    "invalid": "This link is not right. Check you copied the whole link from the email.",
    "expired": "This link has expired. Contact the SEND team for a new one.",
    "used": "Advice has already been sent with this link. Contact the SEND team if you need to send more.",
    "revoked": "This link has been cancelled. Contact the SEND team for a new one.",
}


def check_link(token: str, today: date) -> LinkCheck:
    """Whether a link may be used: genuine, not used, not revoked, not expired."""
    payload = read_token(current_app.config["SETTINGS"].secret_key, LINK_SALT, token, max_age=400 * 24 * 3600)
    try:
        advice = db.session.get(AdviceRequest, uuid.UUID(payload["a"])) if payload else None
    except (KeyError, ValueError):
        advice = None
    if advice is None or not secrets.compare_digest(advice.link_nonce, payload.get("n", "")):
        return LinkCheck(None, "invalid")
    if advice.link_revoked_at is not None or advice.status == AdviceStatus.CANCELLED:
        return LinkCheck(advice, "revoked")
    if advice.link_used_at is not None or advice.status == AdviceStatus.RECEIVED:
        return LinkCheck(advice, "used")
    if today > advice.link_expires_on:
        return LinkCheck(advice, "expired")
    return LinkCheck(advice, None)


def receive_advice(advice: AdviceRequest, key: str, today: date) -> None:
    """The advice arrived through the link: close this request's deadline, use up the link, and
    queue an email saying so to each member of the family linked to the child and to the officer."""
    case = db.session.get(Case, advice.case_id)
    document = record_upload(case, None, key, uploader_name=f"{advice.recipient_name} ({advice.kind.label})")
    advice.document_id = document.id
    advice.status, advice.received_on, advice.link_used_at = AdviceStatus.RECEIVED, today, utcnow()
    timing = "on time" if today <= advice.due_on else f"{(today - advice.due_on).days} days late"
    record_event(case, "advice_received", f"Advice received from {advice.recipient_name} ({timing})",
                 actor=None, document_id=document.id, data={"advice_request_id": str(advice.id)})
    # Say what changed, to each member of the family and to the officer (shared.jobs.change_mail).
    change = {"change": "advice_received", "advice_request_id": str(advice.id)}
    for member in family_recipients(case):
        add_outbox_message(CHANGE_EMAIL_JOB, {**change, "recipient": "family", "user_id": str(member.id)})
    add_outbox_message(CHANGE_EMAIL_JOB, {**change, "recipient": "officer"})


def revoke_link(advice: AdviceRequest, *, actor: User) -> None:
    """Stop a link working at once (sent to the wrong person, or no longer needed)."""
    if advice.link_revoked_at is None:
        advice.link_revoked_at = utcnow()
        case = db.session.get(Case, advice.case_id)
        record_event(case, "advice_link_revoked", f"Advice link for {advice.recipient_name} cancelled",
                     actor=actor, data={"advice_request_id": str(advice.id)})


def advice_for_case(case: Case) -> list[AdviceRequest]:
    stmt = select(AdviceRequest).where(AdviceRequest.case_id == case.id).order_by(
        AdviceRequest.due_on, AdviceRequest.created_at, AdviceRequest.id)
    return list(db.session.scalars(stmt))


def queue_advice_follow_ups(today: date) -> tuple[int, int]:
    """Reminders for advice due within 7 days, and escalations for advice now overdue. Each is
    queued once (the request records it), so running this often is harmless."""
    open_requests = select(AdviceRequest).where(AdviceRequest.status == AdviceStatus.REQUESTED,
                                                AdviceRequest.link_revoked_at.is_(None))
    reminders = list(db.session.scalars(open_requests.where(
        AdviceRequest.reminder_queued_at.is_(None), AdviceRequest.due_on >= today,
        AdviceRequest.due_on <= today + REMIND_BEFORE).order_by(AdviceRequest.due_on, AdviceRequest.id)))
    for advice in reminders:
        advice.reminder_queued_at = utcnow()
        add_outbox_message("send_advice_email", {"advice_request_id": str(advice.id), "kind": "reminder"})
    overdue = list(db.session.scalars(open_requests.where(
        AdviceRequest.escalated_at.is_(None), AdviceRequest.due_on < today).order_by(AdviceRequest.due_on, AdviceRequest.id)))
    for advice in overdue:
        advice.escalated_at = utcnow()
        add_outbox_message("send_advice_email", {"advice_request_id": str(advice.id), "kind": "escalation"})
        record_event(db.session.get(Case, advice.case_id), "advice_overdue",
                     f"Advice from {advice.recipient_name} is overdue (it was due by {advice.due_on:%-d %B %Y})",
                     actor=None, data={"advice_request_id": str(advice.id)})
    return len(reminders), len(overdue)

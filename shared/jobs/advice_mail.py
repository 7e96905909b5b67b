"""Advice emails: the request with its secure link, the reminder, and the escalation to the officer."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.jobs.change_mail import officer_address
from shared.models import Case
from shared.models.advice import AdviceRequest, AdviceStatus
from shared.services.advice import link_token


def send_advice_email(payload: dict, message_id: int) -> None:
    settings = current_app.config["SETTINGS"]
    advice = db.session.get(AdviceRequest, uuid.UUID(payload["advice_request_id"]))
    if advice is None:
        return
    kind = payload["kind"]
    if kind in ("request", "reminder") and advice.status != AdviceStatus.REQUESTED:
        return  # answered or cancelled since: nothing to remind about
    case = db.session.get(Case, advice.case_id)
    due = f"{advice.due_on.day} {advice.due_on:%B %Y}"
    link = f"{settings.public_base_url.rstrip('/')}/advice/{link_token(advice)}"
    council = settings.council_name
    if kind == "escalation":
        to = officer_address(case)
        if not to:
            return
        subject = f"Advice overdue: {case.reference}"
        body = (f"Advice from {advice.recipient_name} ({advice.kind.label}) for case {case.reference} was due by "
                f"{due} and has not arrived. Contact them, or record why it is late.\n\n{council} SEND back-office")
    else:
        to = advice.recipient_email
        first = "Reminder: " if kind == "reminder" else ""
        subject = f"{first}Advice needed for an EHC needs assessment ({case.reference}) by {due}"
        body = (f"Dear {advice.recipient_name},\n\n{council} is carrying out an education, health and care needs "
                f"assessment for {case.child.full_name}, born {case.child.date_of_birth.day} "
                f"{case.child.date_of_birth:%B %Y}. We are asking for your advice "
                f"({advice.kind.label.lower()}) under regulation 6 of the SEND Regulations 2014.\n\n"
                f"Please send it by {due} (6 weeks from our request, regulation 8). Upload it here; you do not "
                f"need an account, and the link works once:\n{link}\n\nIf you cannot give advice in time, tell "
                f"us as soon as you can.\n\n{council} SEND team")
    mail.send_email(settings, to=to, subject=subject, body_text=body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

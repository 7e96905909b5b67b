"""The email that confirms a request for an EHC needs assessment was received (journeys 1, 2)."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import RequestDraft
from shared.services.ehc_requests import decision_due, fields_of
from shared.web.filters import long_date


def send_ehc_request_email(payload: dict, message_id: int) -> None:
    """To the person who sent the request, or (for a school's request) to the parent whose
    email the school gave. Safe to run again: the Message-ID comes from the outbox row."""
    settings = current_app.config["SETTINGS"]
    draft = db.session.get(RequestDraft, uuid.UUID(payload["draft_id"]))
    if draft is None or draft.case is None:
        return
    case = draft.case
    child = case.child
    if payload.get("recipient") == "parent":
        you = fields_of(draft, "you")
        to, name = you.get("parent_email", ""), you.get("parent_name", "")
        school = draft.owner.school.name if draft.owner.school else "Your child's school"
        opening = f"{school} has asked {settings.council_name} for an EHC needs assessment for {child.full_name}."
    else:
        to, name = draft.owner.email, draft.owner.full_name
        opening, school = "", ""
    if not to:
        return
    body = (f"Dear {name},\n\n" + (f"{opening}\n\n" if opening else "")
            + f"We have received {'the' if opening else 'your'} request for an EHC needs assessment for "
            f"{child.full_name}: reference "
            f"{case.reference}.\n\nWe must decide by {long_date(decision_due(case.received_on))} whether "
            f"to carry out an assessment. We will write to you with our decision.\n\n"
            + (f"You can send us reports and other documents on the case page: "
               f"{settings.public_base_url.rstrip('/')}/cases/{case.id}\n\n" if not opening else "")
            + f"{settings.council_name} SEND team")
    # The parent copied on a school's request did not make it: their subject says who did.
    subject = (f"{school} has asked for an EHC needs assessment for {child.first_name}: {case.reference}" if opening
               else f"We have received your request for an EHC needs assessment: {case.reference}")
    mail.send_email(settings, to=to, subject=subject, body_text=body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

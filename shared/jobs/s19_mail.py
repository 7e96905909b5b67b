"""The email that confirms a Section 19 referral was received (journey 7)."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import S19Referral


def send_s19_referral_email(payload: dict, message_id: int) -> None:
    """To the member of staff who made the referral. Safe to run again: the Message-ID comes
    from the outbox row."""
    settings = current_app.config["SETTINGS"]
    referral = db.session.get(S19Referral, uuid.UUID(payload["referral_id"]))
    if referral is None or referral.referrer is None:
        return
    case = referral.case
    body = (f"Dear {referral.referrer.full_name},\n\n"
            f"We have received your Section 19 referral for {case.child.full_name}: reference {case.reference}.\n\n"
            "The Section 19 lead will look at it and tell you and the family what we decide. You can see the "
            f"referral, its key dates and send medical evidence (if you have it) on the case page: "
            f"{settings.public_base_url.rstrip('/')}/cases/{case.id}\n\n"
            f"{settings.council_name} SEND team")
    mail.send_email(settings, to=referral.referrer.email,
                    subject=f"We have received your Section 19 referral: {case.reference}", body_text=body,
                    attachments=[], idempotency_key=f"outbox:{message_id}")

"""The email that confirms a home education notification or deletion return was received
(journey 6)."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import EheNotification, EheSource


def send_ehe_notification_email(payload: dict, message_id: int) -> None:
    """To the person who sent the notification. Safe to run again: the Message-ID comes from the
    outbox row."""
    settings = current_app.config["SETTINGS"]
    notification = db.session.get(EheNotification, uuid.UUID(payload["notification_id"]))
    if notification is None or notification.notified_by is None:
        return
    case, person = notification.case, notification.notified_by
    parent = notification.source is EheSource.PARENT
    # A parent notified that they are home educating; a school sent a deletion return (Education
    # (Pupil Registration) (England) Regulations 2006 reg 13): each is told about what they sent.
    what = (f"your notification that you are educating {case.child.full_name} at home" if parent
            else f"your deletion return for {case.child.full_name}")
    consent = ("\n\nThe child is registered at a special school, so the school must not remove the child's name "
               "until the council has decided whether to consent. We will write to the parents and the school."
               if notification.consent_required else "")
    body = (f"Dear {person.full_name},\n\n"
            f"We have received {what}: reference {case.reference}."
            f"{consent}\n\n"
            "The home education team will be in touch. You can see the case on: "
            f"{settings.public_base_url.rstrip('/')}/cases/{case.id}\n\n"
            f"{settings.council_name} SEND team")
    subject = "home education notification" if parent else "deletion return"
    mail.send_email(settings, to=person.email,
                    subject=f"We have received your {subject}: {case.reference}",
                    body_text=body, attachments=[], idempotency_key=f"outbox:{message_id}")

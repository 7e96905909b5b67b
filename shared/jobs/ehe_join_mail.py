"""The email that confirms a home education notification or deletion return joined to the child's
open case (shared/services/ehe_join.py; journey 6)."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import Case, User


def send_ehe_joined_email(payload: dict, message_id: int) -> None:
    """To the person whose notification or return was joined to the open case. A parent waiting
    for an officer to confirm their link gets no link to the case page (they cannot see it yet).
    Safe to run again: the Message-ID comes from the outbox row."""
    settings = current_app.config["SETTINGS"]
    case = db.session.get(Case, uuid.UUID(payload["case_id"]))
    person = db.session.get(User, uuid.UUID(payload["user_id"]))
    if case is None or person is None:
        return
    school = payload.get("source") == "school_deletion"
    what = "your deletion return for" if school else "your notification that you are educating"
    home = "" if school else " at home"
    if payload.get("link_pending"):
        after = ("Before you can see the case online, a member of the home education team will check who you are "
                 "and confirm you as the child's parent.")
    else:
        after = f"You can see the case on: {settings.public_base_url.rstrip('/')}/cases/{case.id}"
    body = (f"Dear {person.full_name},\n\n"
            f"We have received {what} {case.child.full_name}{home}. We already had a home education case for "
            f"{case.child.first_name}, so we have added what you told us to it: reference {case.reference}.\n\n"
            f"The home education team will be in touch. {after}\n\n"
            f"{settings.council_name} SEND team")
    mail.send_email(settings, to=person.email,
                    subject=f"We have received your {'deletion return' if school else 'home education notification'}: "
                            f"{case.reference}",
                    body_text=body, attachments=[], idempotency_key=f"outbox:{message_id}")

"""The email that confirms a school's children missing education report was received
(docs/children-missing-education.md)."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import CmeReport, CmeSource


def send_cme_report_email(payload: dict, message_id: int) -> None:
    """To the member of school staff who sent the report. Safe to run again: the Message-ID comes
    from the outbox row."""
    settings = current_app.config["SETTINGS"]
    report = db.session.get(CmeReport, uuid.UUID(payload["report_id"]))
    if report is None or report.reported_by is None:
        return
    case, person = report.case, report.reported_by
    what = ("the deletion from your admission register, with no known destination, of"
            if report.source is CmeSource.SCHOOL_DELETION
            else "the absence through illness of")
    body = (f"Dear {person.full_name},\n\n"
            f"We have received your report about {what} {case.child.full_name}: reference {case.reference}.\n\n"
            "The children missing education team will make enquiries and may contact the school. You can see "
            f"your reports on: {settings.public_base_url.rstrip('/')}/children-missing-education\n\n"
            f"{settings.council_name} SEND team")
    mail.send_email(settings, to=person.email,
                    subject=f"We have received your children missing education report: {case.reference}",
                    body_text=body, attachments=[], idempotency_key=f"outbox:{message_id}")

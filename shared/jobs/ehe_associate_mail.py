"""The email to an EHE associate when a visit is allocated to them or cancelled
(docs/ehe-associates.md). Only what the associate needs to make the visit: the child's name, the
address, the parents' names and contact details, and the planned date; never the case's notes,
reasons or safeguarding record."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.models import EheAssociateVisit, EheNotification
from shared.queries.ehe import notification_for_case
from shared.web.filters import long_date


def _allocated_body(visit: EheAssociateVisit, notification: EheNotification | None) -> str:
    contact = [notification.parent_names] if notification else []
    if notification and notification.parent_phone:
        contact.append(f"phone {notification.parent_phone}")
    if notification and notification.parent_email:
        contact.append(f"email {notification.parent_email}")
    address = notification.address if notification and notification.address else "not known: ask the team"
    return (f"Child: {visit.case.child.full_name}\n"
            f"Address: {address}\n"
            f"Parents or carers: {', '.join(c for c in contact if c) or 'not known: ask the team'}\n"
            f"Planned date: {long_date(visit.planned_on)}\n"
            f"Reference: {visit.case.reference}\n\n"
            "Please arrange the visit with the family, and send your report to the home education team "
            "afterwards with the miles you travelled.")


def send_ehe_associate_email(payload: dict, message_id: int) -> None:
    """To the associate: a visit allocated, or cancelled. Safe to run again: the Message-ID comes
    from the outbox row. An allocation is emailed even if the visit was cancelled before the job
    ran: the cancellation email follows it, so the associate always sees both in order."""
    settings = current_app.config["SETTINGS"]
    visit = db.session.get(EheAssociateVisit, uuid.UUID(payload["visit_id"]))
    if visit is None:
        return
    kind, associate, child = payload.get("kind"), visit.associate, visit.case.child
    if kind == "allocated":
        notification = notification_for_case(visit.case)
        subject = f"Home education visit: {child.full_name}, {long_date(visit.planned_on)}"
        body = (f"Dear {associate.name},\n\nThe home education team has allocated you a visit.\n\n"
                f"{_allocated_body(visit, notification)}")
    elif kind == "cancelled":
        subject = f"Home education visit cancelled: {child.full_name}, {long_date(visit.planned_on)}"
        body = (f"Dear {associate.name},\n\nThe home education visit to {child.full_name} planned for "
                f"{long_date(visit.planned_on)} (reference {visit.case.reference}) is cancelled. "
                "Please do not make the visit. Contact the home education team if you have already arranged it.")
    else:
        return
    body += f"\n\n{settings.council_name} home education team"
    mail.send_email(settings, to=associate.email, subject=subject, body_text=body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

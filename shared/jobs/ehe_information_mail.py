"""The follow-up emails for a request for the children-not-in-school register information (new EA
1996 s.436D; shared/services/ehe_information_follow_up.py): the reminder to a parent before the
date to answer by, and the notice to the officer once it has passed.

The reminder names the date and links to the portal page where the parent answers; it says
nothing the request letter did not. Neither is sent if the request has been answered or the case
closed since it was queued, nor a reminder to someone no longer linked to the child.
"""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.db import db
from shared.jobs.change_mail import officer_address
from shared.models import Case, EheInformationRequest, User
from shared.notices.formatting import long_date_with_weekday
from shared.queries.ehe import notification_for_case
from shared.services.decisions import family_recipients
from shared.web.filters import long_date


def _reminder(request: EheInformationRequest, case: Case, payload: dict, settings) -> tuple[str, str, str] | None:
    """(to, name, body) for a parent, or None when they should not get it any more."""
    if payload.get("user_id"):
        user = next((u for u in family_recipients(case) if str(u.id) == payload["user_id"]), None)
        if user is None or not user.email:
            return None  # no longer linked to the child
        to, name = user.email, user.full_name
    else:
        notification = notification_for_case(case)
        if notification is None or not notification.parent_email:
            return None
        to, name = notification.parent_email, notification.parent_names or "Parent or carer"
    officer = db.session.get(User, request.requested_by_id) if request.requested_by_id else None
    child = case.child.full_name
    link = f"{settings.public_base_url.rstrip('/')}/home-education/{case.id}/information"
    contact = (f"You can also email {officer.full_name} at {officer.email}." if officer and officer.email
               else "You can also email or phone the home education team.")
    body = (f"Dear {name},\n\n"
            f"On {long_date(request.requested_on)} we asked you for information about {child}'s education for the "
            "children not in school register (section 436D of the Education Act 1996): how much time each week "
            f"{child} is educated by you and by anyone else, who the others are, and the address if it has changed. "
            "We have not had your answer yet.\n\n"
            f"Please give us this information by {long_date_with_weekday(request.due_on)}.\n\n"
            f"The quickest way is in your account:\n{link}\n\n"
            f"{contact} If you have already sent us the information, you do not need to do anything.\n\n"
            f"Reference: {case.reference}\n\n"
            f"{settings.council_name} home education team")
    return to, name, body


def _officer_to(request: EheInformationRequest, case: Case) -> str | None:
    """The case's officer: the assigned officer, else whoever sent the request, else the team."""
    if case.assigned_officer is not None and case.assigned_officer.email:
        return case.assigned_officer.email
    requester = db.session.get(User, request.requested_by_id) if request.requested_by_id else None
    if requester is not None and requester.email:
        return requester.email
    return officer_address(case)


def send_ehe_information_email(payload: dict, message_id: int) -> None:
    """Send one follow-up email. Safe to run again: the Message-ID comes from the outbox row."""
    settings = current_app.config["SETTINGS"]
    request = db.session.get(EheInformationRequest, uuid.UUID(payload["request_id"]))
    if request is None or request.answered_on is not None:
        return  # answered since it was queued: nothing to follow up
    case = db.session.get(Case, request.case_id)
    if case is None or case.closed_at is not None:
        return
    child = case.child.full_name
    if payload.get("kind") == "reminder":
        reminder = _reminder(request, case, payload, settings)
        if reminder is None:
            return
        to, _, body = reminder
        subject = f"Reminder: please tell us about {child}'s education by {long_date(request.due_on)}"
    elif payload.get("kind") == "overdue":
        to = _officer_to(request, case)
        if not to:
            return
        subject = f"Information overdue: {child} ({case.reference})"
        body = (f"The parents of {child} ({case.reference}) have not given the children not in school register "
                f"information (section 436D of the Education Act 1996) we asked for on "
                f"{long_date(request.requested_on)}. It was due by {long_date(request.due_on)}.\n\n"
                "Contact the parents, or record the information yourself if you have it. The case:\n"
                f"{settings.public_base_url.rstrip('/')}/staff/home-education/cases/{case.id}\n\n"
                f"{settings.council_name} SEND back-office")
    else:
        return
    mail.send_email(settings, to=to, subject=subject, body_text=body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

"""Emails about the plan that are not decision notices: each names what changed and what to do.

- `family_responded`: to the case officer, when the family responds to the draft plan.
- `school_consulted`: to the school consulted about being named (CFA ss.39(2), 40(2)), with the
  link to answer in the portal; the draft itself is only shown there, behind the school's sign-in.
- `school_answered`: to the case officer, when the school answers.
"""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select

from shared import mail
from shared.db import db
from shared.jobs.change_mail import officer_address
from shared.models import Case, Role, User
from shared.models.plans import DraftResponse, SchoolConsultation
from shared.queries.school_memberships import approved_membership
from shared.web.filters import long_date


def _response_summary(response: DraftResponse) -> str:
    lines = []
    if response.preferred_school or response.preferred_setting_other:
        named = response.preferred_school.name if response.preferred_school else response.preferred_setting_other
        lines.append(f"- asked for {named} to be named in section I")
    if response.meeting_requested:
        lines.append("- asked for a meeting about the draft plan")
    if response.comments:
        lines.append("- made comments on the draft plan")
    if not response.in_time:
        lines.append("- responded after the 15-day window closed")
    return "\n".join(lines)


def send_plan_email(payload: dict, message_id: int) -> None:
    settings = current_app.config["SETTINGS"]
    case = db.session.get(Case, uuid.UUID(payload["case_id"]))
    if case is None:
        return
    council = settings.council_name
    staff_link = f"{settings.public_base_url.rstrip('/')}/staff/cases/{case.id}/plan"
    kind = payload["kind"]
    recipients: list[str] = []
    if kind == "family_responded":
        response = db.session.get(DraftResponse, uuid.UUID(payload["response_id"]))
        recipients = [a for a in [officer_address(case)] if a]
        subject = f"Response to the draft plan: {case.reference}"
        body = (f"{response.responder.full_name} has responded to the draft EHC plan for case {case.reference}. "
                f"They:\n{_response_summary(response)}\n\nRead the response and update the plan:\n{staff_link}\n\n"
                f"{council} SEND back-office")
    elif kind == "school_consulted":
        consultation = db.session.get(SchoolConsultation, uuid.UUID(payload["consultation_id"]))
        if consultation is None or consultation.answered_at is not None:
            return
        school = consultation.school
        staff = db.session.scalars(select(User.email).where(
            User.school_id == school.id, User.role == Role.SCHOOL_STAFF, User.is_active_account.is_(True),
            User.email_verified_at.is_not(None), approved_membership(User.id, school.id))).all()
        recipients = sorted({*([school.email] if school.email else []), *staff})
        link = f"{settings.public_base_url.rstrip('/')}/consultations/{consultation.id}"
        subject = f"Consultation about naming {school.name} in an EHC plan: reply by {long_date(consultation.reply_due)}"
        body = (f"Dear colleague,\n\n{council} intends to name {school.name} in section I of the education, health "
                f"and care plan of a child or young person (reference {case.reference}), and is consulting you as "
                f"sections 39 and 40 of the Children and Families Act 2014 require.\n\nPlease read the draft plan "
                f"and tell us whether you can meet their needs by {long_date(consultation.reply_due)} (15 days, "
                f"SEND Code of Practice 9.83). Sign in to your school's account to read the draft and answer:\n"
                f"{link}\n\n{council} SEND team")
    elif kind == "school_answered":
        consultation = db.session.get(SchoolConsultation, uuid.UUID(payload["consultation_id"]))
        recipients = [a for a in [officer_address(case)] if a]
        subject = f"{consultation.school.name} answered the consultation: {case.reference}"
        body = (f"{consultation.school.name} has answered the consultation about naming it in the EHC plan for case "
                f"{case.reference}:\n\n{consultation.answer.label}.\n\nRead the answer:\n{staff_link}\n\n"
                f"{council} SEND back-office")
    else:
        raise ValueError(f"unknown plan email kind {kind!r}")
    for number, to in enumerate(recipients):
        mail.send_email(settings, to=to, subject=subject, body_text=body, attachments=[],
                        idempotency_key=f"outbox:{message_id}:{number}")

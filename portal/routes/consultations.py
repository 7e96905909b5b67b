"""A school answers the council's consultation about naming it in a child's EHC plan (CFA 2014
ss.39(2), 40(2)), in 15 days (SEND Code of Practice 2015 para 9.83).

Only staff of the school consulted see a consultation (`consultation_for_school`; anything else
is a 404): the child's name, the reference and the draft plan that was sent with it. The school
consulted is often not the child's current school, so it never opens the case itself.
"""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_login import current_user

from portal.forms_plan import ConsultationAnswerForm
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.models.plans import ConsultationAnswer, SchoolConsultation
from shared.queries.school_consultations import case_of, consultations_with_cases
from shared.queries.school_memberships import approved_school
from shared.reports.plan_pdf import plan_context, plan_filename, plan_pdf
from shared.services import plans
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.downloads_pdf import send_pdf
from shared.web.pages import render_page
from shared.web.transactions import commits


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def reply_status(consultation: SchoolConsultation, today: date) -> tuple[str, bool]:
    """Where the school's reply stands, in words (never colour alone), and whether it is overdue.
    The 15 days are guidance (CoP 9.83), so "overdue" is a reminder, not a breach."""
    if consultation.answered_at is not None:
        return "Answered", False
    days_left = (consultation.reply_due - today).days
    if days_left < 0:
        return f"Not answered: overdue by {_days(-days_left)}", True
    if days_left == 0:
        return "Not answered: due today", False
    return f"Not answered: due in {_days(days_left)}", False


def _school_staff_only() -> None:
    if current_user.role != Role.SCHOOL_STAFF:
        abort(403)


def _consultation(consultation_id: uuid.UUID) -> SchoolConsultation:
    _school_staff_only()
    return plans.consultation_for_school(current_user, consultation_id) or abort(404)


@requires("portal:case:read")
def consultations():
    _school_staff_only()
    today = today_in_england()
    rows = [(c, case, *reply_status(c, today)) for c, case in consultations_with_cases(current_user)]
    return render_page("portal/plan/consultations.html", page_title="Consultations", rows=rows,
                       school=approved_school(current_user))


@requires("portal:case:write")
@commits
def consultation(consultation_id: uuid.UUID):
    found = _consultation(consultation_id)
    case = case_of(found)
    form = ConsultationAnswerForm()
    if found.answered_at is None and form.validate_on_submit():
        try:
            plans.answer_consultation(found, current_user, answer=ConsultationAnswer(form.answer.data),
                                      details=form.details.data or "")
        except ServiceError as error:
            form.details.errors = [*form.details.errors, str(error)]
        else:
            flash("Your answer has been sent to the council. Thank you.", "success")
            return redirect(url_for("portal.consultation", consultation_id=found.id))
    reply_text, overdue = reply_status(found, today_in_england())
    return render_page("portal/plan/consultation.html", page_title=f"Consultation about {case.child.full_name}",
                       form=form, consultation=found, case=case, reply_text=reply_text, overdue=overdue,
                       heading_level=3, **plan_context(found.plan_version))


@requires("portal:case:read")
def consultation_draft_pdf(consultation_id: uuid.UUID):
    found = _consultation(consultation_id)
    case = case_of(found)
    pdf = plan_pdf(case, found.plan_version, council_name=current_app.config["SETTINGS"].council_name)
    return send_pdf(pdf, plan_filename(case, found.plan_version))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/consultations", view_func=consultations)
    bp.add_url_rule("/consultations/<uuid:consultation_id>", view_func=consultation, methods=["GET", "POST"])
    bp.add_url_rule("/consultations/<uuid:consultation_id>/draft/pdf", view_func=consultation_draft_pdf)

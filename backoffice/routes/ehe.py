"""Elective home education in the back-office (journey 6; docs/home-education.md): the EHE
register, a case's notification and check-ins, and one form per action (the consent decision,
enquiries, check-ins, safeguarding concerns, the suitability judgement, the s.437(1) notice, the
return to school and, under the 2026 Act regime, the register details)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from backoffice import ehe_forms as forms
from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.ehe import CONTACT_PREFERENCES, reason_labels
from shared.models import Case, CaseKind
from shared.queries import ehe as q
from shared.queries.cases import case_for_user
from shared.services import ehe
from shared.services.errors import Conflict, ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


def _case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.EHE:
        abort(404)
    return case


@requires("backoffice:case:read")
def ehe_register():
    status = request.args.get("status", "open")
    if status not in q.STATUS_FILTERS:
        status = "open"
    due = request.args.get("due") == "yes"
    rows = q.ehe_register(current_user, status=status, due_only=due, today=today_in_england())
    return render_page("backoffice/ehe/register.html", page_title="Elective home education register", rows=rows,
                       chosen=status, filters=q.STATUS_FILTERS, due=due)


@requires("backoffice:case:read")
def ehe_case(case_id: uuid.UUID):
    case = _case(case_id)
    notification = q.notification_for_case(case) or abort(404)
    return render_page("backoffice/ehe/case.html", page_title=f"Home education: {case.child.full_name}", case=case,
                       n=notification, check_ins=q.check_ins_for_case(case), reasons=reason_labels(notification.reasons),
                       contact=[CONTACT_PREFERENCES.get(c, c) for c in notification.contact_preferences],
                       actions=[a for a in ACTIONS.values() if a.available(case)], cwsa=q.cwsa_in_force(),
                       start_form=forms.StartEnquiriesForm(version=case.version))


@dataclass(frozen=True)
class Action:
    slug: str
    title: str
    form: type
    states: frozenset[str]  # where it can be used; empty means any open state
    run: Callable
    done: str
    error_field: str
    intro: str = ""

    def available(self, case: Case) -> bool:
        if case.closed_at is not None:
            return False
        if self.slug == "register-details" and not q.cwsa_in_force():
            return False
        return not self.states or case.status in self.states


def _consent(case, f, today):
    ehe.decide_consent(case, give=f.decision.data == "give", reasons=f.reasons.data, actor=current_user,
                       expected_version=f.version.data, today=today)


def _check_in(case, f, today):
    ehe.record_check_in(case, held_on=f.held_on.data, kind=f.kind.data, outcome=f.outcome.data,
                        notes=f.notes.data or "", next_check_in_on=f.next_check_in_on.data, actor=current_user,
                        expected_version=f.version.data, today=today)


def _safeguarding(case, f, today):
    ehe.record_safeguarding_concern(case, concern=f.concern.data, actor=current_user, expected_version=f.version.data,
                                    today=today)


def _suitable(case, f, today):
    ehe.judge_suitable(case, reasons=f.reasons.data, actor=current_user, expected_version=f.version.data)


def _s437(case, f, today):
    ehe.serve_s437_notice(case, served_on=f.served_on.data, days=f.days.data, reasons=f.reasons.data,
                          actor=current_user, expected_version=f.version.data, today=today)


def _sao(case, f, today):
    ehe.issue_school_attendance_order(case, school_name=f.school_name.data, issued_on=f.issued_on.data,
                                      actor=current_user, expected_version=f.version.data, today=today)


def _return(case, f, today):
    ehe.record_return_to_school(case, school_name=f.school_name.data, returned_on=f.returned_on.data,
                                actor=current_user, expected_version=f.version.data, today=today)


def _register(case, f, today):
    ehe.record_register_details(case, hours_by_parents=f.hours_by_parents.data, hours_by_others=f.hours_by_others.data,
                                other_providers=f.other_providers.data or "", actor=current_user,
                                expected_version=f.version.data)


ACTIONS = {a.slug: a for a in (
    Action("consent", "Decide whether to consent", forms.ConsentForm, frozenset({"council_consent_required"}),
           _consent, "Decision recorded. The notice is being sent to the parents and the school.", "decision",
           "The school must not delete the child's name until the council decides. The parents and the school get a "
           "letter with the reasons. Home education decisions are not appealed to the SEND Tribunal: the letter gives "
           "the council's complaints procedure."),
    Action("check-in", "Record a check-in", forms.CheckInForm,
           frozenset({"notified", "enquiries", "suitable", "s437_notice", "school_attendance_order"}), _check_in,
           "Check-in recorded.", "held_on"),
    Action("safeguarding", "Record a safeguarding concern", forms.SafeguardingForm, frozenset(), _safeguarding,
           "Safeguarding concern recorded.", "concern"),
    Action("suitable", "Judge the education suitable", forms.SuitableForm, frozenset({"enquiries", "s437_notice"}),
           _suitable, "Judgement recorded.", "reasons"),
    Action("s437", "Serve a notice under section 437(1)", forms.S437Form, frozenset({"enquiries"}), _s437,
           "Notice recorded.", "served_on",
           "Use this when it appears the child is not receiving suitable education. The notice requires the parents to "
           "satisfy the council, within the period it gives, that the child is receiving suitable education. The "
           "period is at least 15 days beginning with the day of service (Education Act 1996, section 437(1) and "
           "(2))."),
    Action("attendance-order", "Record a school attendance order", forms.AttendanceOrderForm,
           frozenset({"s437_notice"}), _sao, "School attendance order recorded.", "issued_on",
           "Only once the period of the section 437(1) notice has ended and the parents have not satisfied the "
           "council that the child is receiving suitable education (Education Act 1996, section 437(3))."),
    Action("return", "Record a return to school", forms.ReturnForm,
           frozenset({"enquiries", "suitable", "s437_notice", "school_attendance_order"}), _return,
           "Return to school recorded. The case is closed.", "school_name"),
    Action("register-details", "Children not in school register details", forms.RegisterDetailsForm, frozenset(),
           _register, "Register details saved.", "hours_by_parents"),
)}


@requires("backoffice:case:write")
@commits
def ehe_action(case_id: uuid.UUID, slug: str):
    case = _case(case_id)
    action = ACTIONS.get(slug) or abort(404)
    if not action.available(case):
        abort(404)
    notification = q.notification_for_case(case) or abort(404)
    data = {"days": 15} if slug == "s437" else {}
    if slug == "register-details":
        data = {"hours_by_parents": notification.hours_by_parents, "hours_by_others": notification.hours_by_others,
                "other_providers": notification.other_providers}
    form = action.form(version=case.version, data=data) if request.method == "GET" else action.form()
    if form.validate_on_submit():
        try:
            action.run(case, form, today_in_england())
        except Conflict:
            raise
        except ServiceError as error:
            db.session.rollback()
            getattr(form, action.error_field).errors.append(str(error))
        else:
            flash(action.done, "success")
            return redirect(url_for("backoffice.ehe_case", case_id=case.id))
    return render_page("backoffice/ehe/action.html", page_title=action.title, case=case, form=form, action=action)


@requires("backoffice:case:write")
@commits
def ehe_start_enquiries(case_id: uuid.UUID):
    case = _case(case_id)
    form = forms.StartEnquiriesForm()
    if case.status not in ("notified", "suitable") or not form.validate_on_submit():
        abort(400)
    ehe.start_enquiries(case, actor=current_user, expected_version=form.version.data)
    flash("Enquiries started.", "success")
    return redirect(url_for("backoffice.ehe_case", case_id=case.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/home-education", view_func=ehe_register)
    bp.add_url_rule("/home-education/cases/<uuid:case_id>", view_func=ehe_case)
    bp.add_url_rule("/home-education/cases/<uuid:case_id>/enquiries", view_func=ehe_start_enquiries,
                    methods=["POST"])
    bp.add_url_rule("/home-education/cases/<uuid:case_id>/<slug>", view_func=ehe_action, methods=["GET", "POST"])


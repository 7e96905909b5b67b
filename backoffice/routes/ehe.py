"""Elective home education in the back-office (journey 6; docs/home-education.md): the EHE
register, a case's notification and check-ins, and one form per action (the consent decision,
enquiries, check-ins, safeguarding concerns, the suitability judgement, the s.437(1) notice, the
notice of intention to serve a school attendance order and the order (each sent as a letter, or
recorded when served outside the system), the return to school, the order's revocation (s.442)
and amendment (s.440) and, under the 2026 Act regime, the register details and the request for
them)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from backoffice import case_forms
from backoffice import ehe_forms as forms
from backoffice.case_actions import CaseAction, submit_action
from backoffice.pagination import page_number, pagination
from shared.domain.dates import today_in_england
from shared.domain.ehe import (
    CONTACT_PREFERENCES,
    ORDER_STATUSES,
    information_due_on,
    information_overdue,
    reason_labels,
    sao_in_force,
    sao_revocation_pending,
    sao_state,
)
from shared.models import Case, CaseKind, EheNotification
from shared.queries import ehe as q
from shared.queries.cases import case_for_user
from shared.queries.ehe_associates import visits_for_case
from shared.queries.ehe_sao import sao_warnings
from shared.queries.schools import all_schools
from shared.services import ehe, ehe_sao
from shared.services.ehe_associates import visits_allowed
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


def _case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.EHE:
        abort(404)
    return case


@requires("backoffice:ehe_register:read")
def ehe_register():
    status = request.args.get("status", "open")
    if status not in q.STATUS_FILTERS:
        status = "open"
    due, overdue = request.args.get("due") == "yes", request.args.get("information") == "overdue"
    result = q.ehe_register_page(current_user, status=status, due_only=due, today=today_in_england(),
                                 page=page_number(), overdue_only=overdue)
    kept = {key: value for key, value in (("status", status if status != "open" else ""),
                                          ("due", "yes" if due else ""),
                                          ("information", "overdue" if overdue else "")) if value}
    return render_page("backoffice/ehe/register.html", page_title="Elective home education register",
                       result=result, rows=result.rows, chosen=status, filters=q.STATUS_FILTERS, due=due,
                       sao_state=sao_state,
                       overdue=overdue,
                       pagination=pagination("backoffice.ehe_register", kept, result.page, result.pages,
                                             "Pages of the register"))


@requires("backoffice:case:read")
def ehe_case(case_id: uuid.UUID):
    case = _case(case_id)
    notification = q.notification_for_case(case) or abort(404)
    today = today_in_england()
    requests = q.information_requests_for_case(case)
    available = [a for a in ACTIONS.values() if a.available(case, notification)]
    order_in_force = case.status in ORDER_STATUSES and sao_in_force(notification.sao_issued_on,
                                                                     notification.sao_revoked_on)
    return render_page("backoffice/ehe/case.html", page_title=f"Home education: {case.child.full_name}", case=case,
                       n=notification, check_ins=q.check_ins_for_case(case), reasons=reason_labels(notification.reasons),
                       associate_visits=visits_for_case(case), visits_allowed=visits_allowed(case),
                       contact=[CONTACT_PREFERENCES.get(c, c) for c in notification.contact_preferences],
                       actions=[a for a in available if not a.slug.startswith("order-")],
                       order_actions=[a for a in available if a.slug.startswith("order-")],
                       order_in_force=order_in_force, sao_state=sao_state(notification.sao_issued_on,
                                                                          notification.sao_revoked_on,
                                                                          notification.sao_amended_on),
                       revocation_pending=_pending(notification), ehc_plan_governs=EHC_PLAN_GOVERNS,
                       sao_warnings=sao_warnings(case, notification.sao_issued_on) if order_in_force else [],
                       cwsa=q.cwsa_in_force(),
                       start_form=case_forms.StartEnquiriesForm(version=case.version), information_requests=requests,
                       information_overdue=any(information_overdue(r.due_on, r.answered_on, today) for r in requests)
                       and case.closed_at is None)


# EA 1996 s.441 (check): for a child with an EHC plan the order names the school in the plan and
# follows the plan; the parent's request under s.440 does not apply.
EHC_PLAN_GOVERNS = ("This child has an EHC plan, so the school named in the school attendance order is the school "
                    "named in the plan. When the plan names a different school, the order is amended to match "
                    "(Education Act 1996, section 441). A parent's request to name another school under section 440 "
                    "does not apply: to change the school, review the EHC plan.")


def _pending(n: EheNotification) -> bool:
    return sao_revocation_pending(n.sao_issued_on, n.sao_revoked_on, n.sao_revocation_requested_on,
                                  n.sao_revocation_refused_on)


@dataclass(frozen=True)
class Action(CaseAction):
    when: Callable[[EheNotification], bool] | None = None  # also needs this of the notification

    def available(self, case: Case, notification: EheNotification | None = None) -> bool:
        if case.closed_at is not None:
            return False
        if self.slug in ("register-details", "information") and not q.cwsa_in_force():
            return False
        if self.when is not None and (notification is None or not self.when(notification)):
            return False
        return super().available(case)


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


def _s437_send(case, f, today):
    ehe.send_s437_notice(case, days=f.days.data, reasons=f.reasons.data, actor=current_user,
                         expected_version=f.version.data, today=today)


def _sao_intention(case, f, today):
    ehe.send_sao_intention(case, school_id=f.school_id.data, alternative_ids=[f.alternative_1.data,
                                                                              f.alternative_2.data],
                           reasons=f.reasons.data, actor=current_user, expected_version=f.version.data, today=today)


def _sao_send(case, f, today):
    ehe.send_school_attendance_order(case, school_id=f.school_id.data, reasons=f.reasons.data, actor=current_user,
                                     expected_version=f.version.data, today=today)


def _order_request(case, f, today):
    ehe_sao.record_revocation_request(case, received_on=f.received_on.data, arrangements=f.arrangements.data,
                                      actor=current_user, expected_version=f.version.data, today=today)


def _order_revoke(case, f, today):
    ehe_sao.revoke_school_attendance_order(case, reasons=f.reasons.data, actor=current_user,
                                           expected_version=f.version.data, today=today)


def _order_refuse(case, f, today):
    names = getattr(f, "plan_names_school", None)  # asked only for a child with an EHC plan
    ehe_sao.refuse_revocation(case, reasons=f.reasons.data, plan_names_school=None if names is None else
                              names.data == "yes", actor=current_user, expected_version=f.version.data, today=today)


def _order_amend(case, f, today):
    ehe_sao.amend_school_named(case, school_id=f.school_id.data, requested_on=f.requested_on.data,
                               place_offered=f.place_offered.data == "yes", actor=current_user,
                               expected_version=f.version.data, today=today)


def _information(case, f, today):
    ehe.request_information(case, days=_information_days(), actor=current_user, expected_version=f.version.data,
                            today=today)


def _information_days() -> int:
    return current_app.config["SETTINGS"].ehe_information_days


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


ORDER = ORDER_STATUSES

ACTIONS = {a.slug: a for a in (
    Action("consent", "Decide whether to consent", forms.ConsentForm, frozenset({"council_consent_required"}),
           _consent, "Decision recorded. The notice is being sent to the parents and the school.", "decision",
           "The school must not delete the child's name until the council decides. The parents and the school get a "
           "letter with the reasons. Home education decisions are not appealed to the SEND Tribunal: the letter gives "
           "the council's complaints procedure."),
    Action("check-in", "Record a check-in", forms.CheckInForm,
           frozenset({"notified", "enquiries", "suitable", "s437_notice", "sao_intention", "school_attendance_order"}),
           _check_in,
           "Check-in recorded.", "held_on"),
    Action("safeguarding", "Record a safeguarding concern", case_forms.SafeguardingForm, frozenset(), _safeguarding,
           "Safeguarding concern recorded.", "concern"),
    Action("suitable", "Judge the education suitable", forms.SuitableForm,
           frozenset({"enquiries", "s437_notice", "sao_intention"}), _suitable, "Judgement recorded.", "reasons"),
    Action("s437-send", "Send a notice under section 437(1)", forms.S437SendForm, frozenset({"enquiries"}),
           _s437_send, "Notice sent. The letter is being sent to the parents.", "days",
           "Use this when it appears the child is not receiving suitable education. The letter tells the parents why, "
           "and requires them to satisfy the council, within the period it gives, that the child is receiving "
           "suitable full-time education. The period is at least 15 days beginning with the day the letter is sent "
           "(Education Act 1996, section 437(1) and (2)). It gives your name and email as the contact, and the "
           "council's complaints procedure."),
    Action("s437", "Record a notice served outside the system", forms.S437Form, frozenset({"enquiries"}), _s437,
           "Notice recorded.", "served_on",
           "Use this for a notice under section 437(1) the council served by other means. The period is at least 15 "
           "days beginning with the day of service (Education Act 1996, section 437(1) and (2))."),
    Action("sao-intention", "Send a notice of intention to serve a school attendance order", forms.SaoIntentionForm,
           frozenset({"s437_notice"}), _sao_intention,
           "Notice of intention sent. The letter is being sent to the parents and the school.", "school_id",
           "Only once the period of the section 437(1) notice has ended and the parents have not satisfied the "
           "council. The letter names the school the council intends to name and any suitable alternatives, and "
           "tells the parents they have 15 days, beginning with the day it is sent, to choose a different school "
           "(Education Act 1996, section 438(2) to (6)). A copy goes to the school."),
    Action("attendance-order-send", "Send the school attendance order", forms.SaoSendForm,
           frozenset({"sao_intention"}), _sao_send,
           "School attendance order sent. The letter is being sent to the parents and the school.", "school_id",
           "Only once the parents' 15 days to choose a school have ended. Name the school the parents chose, or the "
           "school in the notice of intention (Education Act 1996, section 437(3) and 438). A copy goes to the "
           "school."),
    Action("attendance-order", "Record a school attendance order made outside the system", forms.AttendanceOrderForm,
           frozenset({"s437_notice", "sao_intention"}), _sao, "School attendance order recorded.", "issued_on",
           "Only once the period of the section 437(1) notice has ended and the parents have not satisfied the "
           "council that the child is receiving suitable education (Education Act 1996, section 437(3)), and after "
           "the parents' 15 days to choose a school if a notice of intention was sent."),
    Action("return", "Record a return to school", forms.ReturnForm,
           frozenset({"enquiries", "suitable", "s437_notice", "sao_intention", "school_attendance_order"}), _return,
           "Return to school recorded. The case is closed.", "school_name"),
    Action("order-revocation-request", "Record an application to revoke the order", forms.SaoRevocationRequestForm,
           ORDER, _order_request, "Application to revoke the order recorded.", "arrangements",
           "The parents may ask the council at any time to revoke the school attendance order because they have "
           "arranged for the child to receive suitable education otherwise than at school (Education Act 1996, "
           "section 442). Record the day the application arrived and what the parents say about the education. Then "
           "revoke the order, or refuse with reasons.", lambda n: not _pending(n)),
    Action("order-revoke", "Revoke the order", forms.SaoRevokeForm, ORDER, _order_revoke,
           "School attendance order revoked. The letter is being sent to the parents and the school.", "reasons",
           "On the parents' application the council must revoke the order unless it is of the opinion that no "
           "satisfactory arrangements have been made for the child's education otherwise than at school (Education "
           "Act 1996, section 442). The council can also revoke it on its own initiative, for example after finding "
           "the education suitable. The case goes back to \"Education judged suitable\" and stays on the register "
           "(a case waiting for the council's consent keeps waiting for that decision). "
           "A copy of the letter goes to the school named."),
    Action("order-refuse", "Refuse to revoke the order", forms.SaoRefuseForm, ORDER, _order_refuse,
           "Refusal recorded. The letter is being sent to the parents.", "reasons",
           "Only when the council is of the opinion that no satisfactory arrangements have been made for the child's "
           "education otherwise than at school. The letter gives the reasons and tells the parents they can refer the "
           "question to the Secretary of State (Education Act 1996, section 442), unless the child's EHC plan names a "
           "school. The order stays in force.", _pending),
    Action("order-amend", "Amend the school named in the order", forms.SaoAmendForm, ORDER, _order_amend,
           "School attendance order amended. The letter is being sent to the parents and both schools.", "school_id",
           "When the parents have applied for a place at a different school, the child has been offered a place, and "
           "the parents ask for that school to be named, the council must amend the order (Education Act 1996, "
           "section 440). Copies of the letter go to the school named before and the school named now.",
           lambda n: not n.has_ehc_plan),
    Action("information", "Ask the parents for the register information", forms.InformationRequestForm,
           frozenset(), _information, "Request sent to the parents.", "submit",
           "The parents must give the council the children not in school register information: the time the child "
           "is educated by them and by others, the other people who educate the child, and the address (Education "
           "Act 1996, section 436D, inserted by the Children's Wellbeing and Schools Act 2026). A letter goes to the "
           "parents with the date to answer by; they can answer in their account."),
    Action("register-details", "Children not in school register details", forms.RegisterDetailsForm, frozenset(),
           _register, "Register details saved.", "hours_by_parents"),
)}


@requires("backoffice:case:write")
@commits
def ehe_action(case_id: uuid.UUID, slug: str):
    case = _case(case_id)
    action = ACTIONS.get(slug) or abort(404)
    notification = q.notification_for_case(case) or abort(404)
    if (slug == "order-amend" and notification.has_ehc_plan and case.closed_at is None
            and case.status in action.states):
        return render_page("backoffice/ehe/action.html", page_title=action.title, case=case, form=None,
                           action=action, blocked=EHC_PLAN_GOVERNS)  # s.441: the plan governs (check)
    if not action.available(case, notification):
        abort(404)
    data = {"days": 15} if slug == "s437" else {}
    if slug == "register-details":
        data = {"hours_by_parents": notification.hours_by_parents, "hours_by_others": notification.hours_by_others,
                "other_providers": notification.other_providers}
    if slug == "attendance-order-send" and notification.sao_intention_school_id:
        data = {"school_id": str(notification.sao_intention_school_id)}
    form = action.form(version=case.version, data=data) if request.method == "GET" else action.form()
    if isinstance(form, forms.SchoolChoiceForm):
        form.set_schools([(str(s.id), s.name) for s in all_schools()])
    if isinstance(form, forms.SaoRefuseForm) and not notification.has_ehc_plan:
        del form.plan_names_school  # asked only for a child with an EHC plan (s.442)
    if (done := submit_action(case, action, form, case_endpoint="backoffice.ehe_case")) is not None:
        return done
    due_on = information_due_on(today_in_england(), _information_days()) if slug == "information" else None
    return render_page("backoffice/ehe/action.html", page_title=action.title, case=case, form=form, action=action,
                       information_due_on=due_on)


@requires("backoffice:case:write")
@commits
def ehe_start_enquiries(case_id: uuid.UUID):
    case = _case(case_id)
    form = case_forms.StartEnquiriesForm()
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


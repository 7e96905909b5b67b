"""Home education in the portal (journey 6): a parent's notification, a school's deletion return,
each a single page, "Check your answers", and the confirmation with the reference; and the
parent's answer to a request for the children-not-in-school register information (CWSA 2026)."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_login import current_user

from portal.check_answers import check_and_send
from portal.forms_ehe import DeletionReturnForm, ParentNotificationForm, SendNotificationForm
from portal.forms_ehe_information import InformationAnswerForm
from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.ehe import CONTACT_PREFERENCES, reason_labels
from shared.models import CaseKind, Role
from shared.queries.cases import case_for_user
from shared.queries.ehe import (
    case_awaiting_link,
    case_for_submission,
    cwsa_in_force,
    notification_for_case,
    open_information_request,
)
from shared.queries.school_memberships import approved_school
from shared.queries.schools import all_schools, school_by_urn
from shared.services import ehe
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

PERMISSION = "portal:case:write"
KINDS = {
    "notify": {"roles": (Role.PARENT, Role.YOUNG_PERSON), "form": ParentNotificationForm,
               "title": "Tell us you are educating your child at home",
               "check_title": "Check your answers before sending your notification"},
    "deletion": {"roles": (Role.SCHOOL_STAFF,), "form": DeletionReturnForm,
                 "title": "Tell us about a pupil leaving for home education",
                 "check_title": "Check your answers before sending the deletion return"},
}


def _kind(kind: str) -> dict:
    spec = KINDS.get(kind) or abort(404)
    if current_user.role not in spec["roles"]:
        abort(403)
    return spec


def _session_key(kind: str) -> str:
    return f"ehe_{kind}"


def _answers_from(kind: str, form) -> ehe.NotificationAnswers:
    a = ehe.NotificationAnswers(
        first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
        date_of_birth=form.date_of_birth.data, address=form.address.data.strip(),
        parent_names=form.parent_names.data.strip(), parent_email=form.parent_email.data.strip(),
        parent_phone=(form.parent_phone.data or "").strip(),
        has_ehc_plan=form.has_ehc_plan.data == "yes", has_sen=form.has_sen.data == "yes")
    if cwsa_in_force():
        a.hours_by_parents, a.hours_by_others = form.hours_by_parents.data, form.hours_by_others.data
        a.other_providers = (form.other_providers.data or "").strip()
    if kind == "notify":
        a.school_urn, a.left_school_on = form.school.data, form.left_school_on.data
        a.reasons, a.other_reason = list(form.reasons.data or []), (form.other_reason.data or "").strip()
        a.education_description = (form.education_description.data or "").strip()
        a.contact_preferences = list(form.contact_preferences.data or [])
    else:
        a.upn, a.deleted_on = (form.upn.data or "").strip().upper(), form.deleted_on.data
        a.left_school_on = form.deleted_on.data
        a.safeguarding_known = form.safeguarding_known.data == "yes"
        a.safeguarding_notes = (form.safeguarding_notes.data or "").strip() if a.safeguarding_known else ""
        a.s47_enquiries = cwsa_in_force() and form.s47_enquiries.data == "yes"
    return a


def _form_data(kind: str, a: ehe.NotificationAnswers) -> dict:
    yn = {True: "yes", False: "no"}
    data = {**a.to_json(), "date_of_birth": a.date_of_birth, "left_school_on": a.left_school_on,
            "deleted_on": a.deleted_on, "hours_by_parents": a.hours_by_parents, "hours_by_others": a.hours_by_others,
            "has_ehc_plan": yn[a.has_ehc_plan], "has_sen": yn[a.has_sen],
            "safeguarding_known": yn[a.safeguarding_known], "s47_enquiries": yn[a.s47_enquiries],
            "school": a.school_urn}
    return data


def _new_form(kind: str, spec: dict):
    stored = session.get(_session_key(kind))
    if request.method == "GET" and stored:
        form = spec["form"](data=_form_data(kind, ehe.NotificationAnswers.from_json(stored)))
    elif request.method == "GET" and kind == "notify":
        form = spec["form"](data={"parent_email": current_user.email, "parent_names": current_user.full_name})
    else:
        form = spec["form"]()
    if kind == "notify":
        form.prepare(all_schools())
    return form


def _start(kind: str):
    spec = _kind(kind)
    form = _new_form(kind, spec)
    if form.validate_on_submit():
        session[_session_key(kind)] = _answers_from(kind, form).to_json()
        return redirect(url_for(f"portal.ehe_{kind}_check"))
    return render_page("portal/ehe/form.html", page_title=spec["title"], form=form, kind=kind,
                       cwsa=cwsa_in_force(), school=approved_school(current_user))


def _day(d: date | None) -> str:
    return f"{d:%-d %B %Y}" if d else "Not given"


def _rows(kind: str, a: ehe.NotificationAnswers) -> list[tuple[str, str]]:
    rows = [("Child", f"{a.first_name} {a.last_name}"), ("Date of birth", _day(a.date_of_birth))]
    if kind == "deletion":
        rows.append(("UPN", a.upn or "Not given"))
    rows += [("Home address", a.address), ("Parents or carers", a.parent_names),
             ("Email", a.parent_email), ("Phone", a.parent_phone or "Not given")]
    if kind == "notify":
        school = school_by_urn(a.school_urn) if a.school_urn not in ("", "none") else None
        rows += [("School left", school.name if school else "Not at a school"),
                 ("Date left", _day(a.left_school_on)),
                 ("Reasons", ", ".join(reason_labels(a.reasons)) or "Not given"),
                 ("More about your reasons", a.other_reason or "Not given"),
                 ("The education you will provide", a.education_description or "Not given"),
                 ("How to contact you", ", ".join(CONTACT_PREFERENCES[c] for c in a.contact_preferences))]
    else:
        rows += [("Date of deletion", _day(a.deleted_on)),
                 ("Safeguarding concerns", a.safeguarding_notes or "None")]
    rows += [("EHC plan", "Yes" if a.has_ehc_plan else "No"), ("Special educational needs", "Yes" if a.has_sen
                                                                 else "No")]
    if cwsa_in_force():
        rows += [("Hours taught by parents", str(a.hours_by_parents) if a.hours_by_parents is not None else "Not given"),
                 ("Hours taught by others", str(a.hours_by_others) if a.hours_by_others is not None else "Not given"),
                 ("Other providers", a.other_providers or "None")]
        if kind == "deletion":
            rows.append(("Section 47 enquiries", "Yes" if a.s47_enquiries else "No"))
    return rows


def _check(kind: str):
    spec = _kind(kind)
    form = SendNotificationForm()
    action = ehe.notify_home_education if kind == "notify" else ehe.record_deletion_return
    return check_and_send(
        form, session_key=_session_key(kind), form_endpoint=f"portal.ehe_{kind}", sent_endpoint="portal.ehe_sent",
        earlier=case_for_submission, load=ehe.NotificationAnswers.from_json,
        send=lambda answers, key: action(current_user, answers, key, today=today_in_england(),
                                         cwsa_in_force=cwsa_in_force()),
        page=lambda answers: render_page("portal/ehe/check.html", page_title=spec["check_title"], form=form,
                                         rows=_rows(kind, answers), kind=kind))


@requires(PERMISSION)
@commits
def notify():
    """A parent's notification."""
    return _start("notify")


@requires(PERMISSION)
@commits
def notify_check():
    return _check("notify")


@requires(PERMISSION)
@commits
def deletion():
    """A school's deletion return."""
    return _start("deletion")


@requires(PERMISSION)
@commits
def deletion_check():
    return _check("deletion")


@requires("portal:case:read")
def sent(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id)
    if case is None:  # joined to a case the parent cannot see until an officer confirms them
        pending = case_awaiting_link(current_user, case_id) or abort(404)
        return render_page("portal/ehe/sent_pending.html", page_title="Notification sent",
                           reference=pending.reference)
    if case.kind != CaseKind.EHE:
        abort(404)
    notification = notification_for_case(case) or abort(404)
    return render_page("portal/ehe/sent.html", page_title="Notification sent", case=case, notification=notification)


@requires(PERMISSION)
@commits
def answer_information(case_id: uuid.UUID):
    """A parent answers the open request for the register information (new EA 1996 s.436D). Only
    the child's parents (or the young person); a school or an adviser gets 404. Posted again
    after the answer, it goes back to the case page with the answer kept once."""
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.EHE or current_user.role not in (Role.PARENT, Role.YOUNG_PERSON):
        abort(404)
    notification = notification_for_case(case) or abort(404)
    request_ = open_information_request(case)
    if request_ is None:
        flash("There is no request for information waiting for an answer.", "success")
        return redirect(url_for("portal.case_page", case_id=case.id))
    form = InformationAnswerForm(data={"hours_by_parents": notification.hours_by_parents,
                                       "hours_by_others": notification.hours_by_others,
                                       "other_providers": notification.other_providers}
                                 if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = ehe.InformationAnswers(hours_by_parents=form.hours_by_parents.data,
                                         hours_by_others=form.hours_by_others.data,
                                         other_providers=form.other_providers.data or "",
                                         address=form.address.data or "")
        try:
            ehe.answer_information_request(case, answers, user=current_user, today=today_in_england())
        except ServiceError as error:
            db.session.rollback()
            form.hours_by_parents.errors.append(str(error))
        else:
            flash("Thank you. We have your answers.", "success")
            return redirect(url_for("portal.case_page", case_id=case.id))
    return render_page("portal/ehe/information.html", page_title="Tell us about your child's education", form=form,
                       case=case, notification=notification, information_request=request_)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/home-education/notify", view_func=notify, endpoint="ehe_notify", methods=["GET", "POST"])
    bp.add_url_rule("/home-education/notify/check", view_func=notify_check, endpoint="ehe_notify_check",
                    methods=["GET", "POST"])
    bp.add_url_rule("/home-education/deletion", view_func=deletion, endpoint="ehe_deletion", methods=["GET", "POST"])
    bp.add_url_rule("/home-education/deletion/check", view_func=deletion_check, endpoint="ehe_deletion_check",
                    methods=["GET", "POST"])
    bp.add_url_rule("/home-education/<uuid:case_id>/sent", view_func=sent, endpoint="ehe_sent")
    bp.add_url_rule("/home-education/<uuid:case_id>/information", view_func=answer_information,
                    endpoint="ehe_information", methods=["GET", "POST"])

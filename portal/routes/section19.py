"""The Section 19 referral in the portal (journey 7): a school's or health professional's
single-page form, "Check your answers", and the confirmation with the reference. Medical evidence is never required: it can
be uploaded on the case page once the case exists."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_login import current_user

from portal.check_answers import check_and_send
from portal.forms_section19 import HealthReferralForm, ReferralForm, SendReferralForm
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Role
from shared.queries.cases import case_for_user
from shared.queries.schools import all_schools, school_by_urn
from shared.queries.section19 import case_for_submission
from shared.services import section19 as s19
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

PERMISSION = "portal:s19_referral:write"
SESSION_KEY = "s19_referral"
REASONS = {"illness": "Illness or health needs", "permanent_exclusion": "Permanent exclusion",
           "other": "Another reason"}


def _referrers_only() -> None:
    if current_user.role not in (Role.SCHOOL_STAFF, Role.HEALTH_PROFESSIONAL):
        abort(403)


def _is_health() -> bool:
    return current_user.role == Role.HEALTH_PROFESSIONAL


def _new_form(data: dict | None = None) -> ReferralForm:
    if not _is_health():
        return ReferralForm(data=data) if data else ReferralForm()
    form = HealthReferralForm(data=data) if data else HealthReferralForm()
    form.prepare(all_schools())
    return form


def _answers_from(form: ReferralForm) -> s19.ReferralAnswers:
    if _is_health():
        who = {"referrer_type": "health", "referrer_job_title": current_user.job_title, "school_urn": form.school.data}
    else:
        who = {"referrer_type": form.referrer_type.data, "referrer_job_title": form.referrer_job_title.data.strip()}
    return s19.ReferralAnswers(
        first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
        date_of_birth=form.date_of_birth.data, upn=(form.upn.data or "").strip().upper(),
        address=form.address.data.strip(), reason=form.reason.data,
        expected_absence_days=form.expected_absence_days.data if form.reason.data == "illness" else None,
        exclusion_first_day=form.exclusion_first_day.data if form.reason.data == "permanent_exclusion" else None,
        other_reason=(form.other_reason.data or "").strip() if form.reason.data == "other" else "",
        days_missed=form.days_missed.data, school_view=form.school_view.data.strip(),
        parent_name=form.parent_name.data.strip(), parent_email=form.parent_email.data.strip(),
        parent_views=(form.parent_views.data or "").strip(), parent_told=form.parent_told.data == "yes",
        parent_consents=form.parent_consents.data == "yes", **who)


def _form_data(a: s19.ReferralAnswers) -> dict:
    d = a.to_json()
    return {**d, "date_of_birth": a.date_of_birth, "exclusion_first_day": a.exclusion_first_day, "school": a.school_urn,
            "parent_told": "yes" if a.parent_told else "no", "parent_consents": "yes" if a.parent_consents else "no"}


@requires(PERMISSION)
@commits
def refer():
    _referrers_only()
    stored = session.get(SESSION_KEY)
    form = _new_form(_form_data(s19.ReferralAnswers.from_json(stored)) if request.method == "GET" and stored
                     else None)
    if form.validate_on_submit():
        session[SESSION_KEY] = _answers_from(form).to_json()
        return redirect(url_for("portal.s19_check"))
    return render_page("portal/section19/refer.html", page_title="Refer a child for Section 19 education", form=form,
                       health=_is_health())


def _rows(a: s19.ReferralAnswers) -> list[tuple[str, str]]:
    reason = REASONS[a.reason]
    if a.reason == "illness":
        reason += f": {a.expected_absence_days} more school days expected"
    elif a.reason == "permanent_exclusion":
        reason += f": first day {a.exclusion_first_day:%-d %B %Y}"
    else:
        reason += f": {a.other_reason}"
    who = [("Who is referring", f"{s19.REFERRER_TYPES[a.referrer_type]}, {a.referrer_job_title}")]
    if a.referrer_type == "health":
        school = school_by_urn(a.school_urn) if a.school_urn != s19.NOT_ON_ROLL else None
        who = [("Who is referring", f"{current_user.full_name}, {current_user.job_title}, {current_user.organisation}"),
               ("The child's school", school.name if school else "Not on a school roll")]
    view = "Why the child cannot attend school now" if a.referrer_type == "health" else "The school's view"
    return who + [
            ("Child", f"{a.first_name} {a.last_name}"), ("Date of birth", f"{a.date_of_birth:%-d %B %Y}"),
            ("UPN", a.upn or "Not given"), ("Home address", a.address), ("Reason", reason),
            ("School days missed so far", str(a.days_missed)), (view, a.school_view),
            ("Parent or carer", f"{a.parent_name} ({a.parent_email})"),
            ("The parent's views", a.parent_views or "Not given"),
            ("Parent told", "Yes" if a.parent_told else "No"), ("Parent agrees", "Yes" if a.parent_consents else "No")]


@requires(PERMISSION)
@commits
def check():
    _referrers_only()
    form = SendReferralForm()
    return check_and_send(
        form, session_key=SESSION_KEY, form_endpoint="portal.s19_refer", sent_endpoint="portal.s19_sent",
        earlier=case_for_submission, load=s19.ReferralAnswers.from_json,
        send=lambda answers, key: s19.submit_referral(current_user, answers, key, today=today_in_england()),
        page=lambda answers: render_page("portal/section19/check.html",
                                         page_title="Check your answers before sending the referral", form=form,
                                         rows=_rows(answers)))


@requires(PERMISSION)
def sent(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.SECTION_19:
        abort(404)
    return render_page("portal/section19/sent.html", page_title="Referral sent", case=case)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/section-19/refer", view_func=refer, endpoint="s19_refer", methods=["GET", "POST"])
    bp.add_url_rule("/section-19/refer/check", view_func=check, endpoint="s19_check", methods=["GET", "POST"])
    bp.add_url_rule("/section-19/referrals/<uuid:case_id>/sent", view_func=sent, endpoint="s19_sent")

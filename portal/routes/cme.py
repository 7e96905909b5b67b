"""Children missing education in the portal (school staff only; docs/children-missing-education.md):
the school's own reports, "Tell us about a child missing education" (one page, "Check your
answers") and the confirmation with the reference."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_login import current_user

from portal.check_answers import check_and_send
from portal.forms_cme import KINDS, CmeReportForm, SendReportForm
from shared.domain.cme import DELETION_GROUNDS
from shared.domain.dates import today_in_england
from shared.models import Case
from shared.queries import cme as q
from shared.queries.school_memberships import approved_school, approved_school_id
from shared.services import cme
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

SESSION_KEY = "cme_report"
TITLE = "Tell us about a child missing education"


def _school_staff_only() -> None:
    if approved_school_id(current_user) is None:
        abort(403)


def _answers_from(form: CmeReportForm) -> cme.ReportAnswers:
    deletion = form.kind.data == "deletion"
    safeguarding = form.safeguarding_known.data == "yes"
    return cme.ReportAnswers(
        kind=form.kind.data, first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
        date_of_birth=form.date_of_birth.data, upn=(form.upn.data or "").strip().upper(),
        address=form.address.data.strip(), parent_names=form.parent_names.data.strip(),
        parent_email=(form.parent_email.data or "").strip(), parent_phone=(form.parent_phone.data or "").strip(),
        deletion_ground=form.deletion_ground.data if deletion else "",
        deleted_on=form.deleted_on.data if deletion else None,
        days_absent=None if deletion else form.days_absent.data,
        expected_return_on=None if deletion else form.expected_return_on.data,
        has_ehc_plan=form.has_ehc_plan.data == "yes", has_sen=form.has_sen.data == "yes",
        has_social_worker=form.has_social_worker.data == "yes", safeguarding_known=safeguarding,
        safeguarding_notes=(form.safeguarding_notes.data or "").strip() if safeguarding else "",
        notes=(form.notes.data or "").strip())


def _form_data(a: cme.ReportAnswers) -> dict:
    yn = {True: "yes", False: "no"}
    return {**a.to_json(), "date_of_birth": a.date_of_birth, "deleted_on": a.deleted_on,
            "expected_return_on": a.expected_return_on, "has_ehc_plan": yn[a.has_ehc_plan], "has_sen": yn[a.has_sen],
            "has_social_worker": yn[a.has_social_worker], "safeguarding_known": yn[a.safeguarding_known]}


def _day(d: date | None) -> str:
    return f"{d:%-d %B %Y}" if d else "Not given"


def _rows(a: cme.ReportAnswers) -> list[tuple[str, str]]:
    yes = {True: "Yes", False: "No"}
    rows = [("What you are telling us about", dict(KINDS)[a.kind]), ("Child", f"{a.first_name} {a.last_name}"),
            ("Date of birth", _day(a.date_of_birth)), ("UPN", a.upn or "Not given"),
            ("Last known home address", a.address), ("Parents or carers", a.parent_names),
            ("Email", a.parent_email or "Not given"), ("Phone", a.parent_phone or "Not given")]
    if a.kind == "deletion":
        rows += [("Ground for deletion", DELETION_GROUNDS.get(a.deletion_ground, "")),
                 ("Date of deletion", _day(a.deleted_on))]
    else:
        rows += [("School days missed through illness", str(a.days_absent)),
                 ("Expected return", _day(a.expected_return_on))]
    rows += [("EHC plan", yes[a.has_ehc_plan]), ("Special educational needs", yes[a.has_sen]),
             ("Social worker", yes[a.has_social_worker]), ("Safeguarding concerns", a.safeguarding_notes or "None"),
             ("Anything else", a.notes or "Nothing")]
    return rows


@requires("portal:case:read")
def reports():
    """The school's own reports."""
    _school_staff_only()
    return render_page("portal/cme/reports.html", page_title="Children missing education",
                       reports=q.school_reports(current_user))


@requires("portal:case:write")
@commits
def report():
    _school_staff_only()
    stored = session.get(SESSION_KEY)
    if request.method == "GET" and stored:
        form = CmeReportForm(data=_form_data(cme.ReportAnswers.from_json(stored)))
    else:
        form = CmeReportForm()
    if form.validate_on_submit():
        session[SESSION_KEY] = _answers_from(form).to_json()
        return redirect(url_for("portal.cme_check"))
    return render_page("portal/cme/form.html", page_title=TITLE, form=form, school=approved_school(current_user))


@requires("portal:case:write")
@commits
def check():
    _school_staff_only()
    form = SendReportForm()
    return check_and_send(
        form, session_key=SESSION_KEY, form_endpoint="portal.cme_report", sent_endpoint="portal.cme_sent",
        earlier=_case_of_earlier_report, load=cme.ReportAnswers.from_json,
        send=lambda answers, key: cme.report_from_school(current_user, answers, key, today=today_in_england()),
        page=lambda answers: render_page("portal/cme/check.html",
                                         page_title="Check your answers before sending the report", form=form,
                                         rows=_rows(answers)))


def _case_of_earlier_report(key: str) -> Case | None:
    report = q.report_for_submission(key)
    return report.case if report is not None else None


@requires("portal:case:read")
def sent(case_id: uuid.UUID):
    own = q.school_report_for_case(current_user, case_id) or abort(404)
    return render_page("portal/cme/sent.html", page_title="Report sent", case=own.case, report=own)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/children-missing-education", view_func=reports, endpoint="cme_reports")
    bp.add_url_rule("/children-missing-education/report", view_func=report, endpoint="cme_report",
                    methods=["GET", "POST"])
    bp.add_url_rule("/children-missing-education/report/check", view_func=check, endpoint="cme_check",
                    methods=["GET", "POST"])
    bp.add_url_rule("/children-missing-education/<uuid:case_id>/sent", view_func=sent, endpoint="cme_sent")

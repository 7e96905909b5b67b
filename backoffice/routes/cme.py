"""Children missing education in the back-office (docs/children-missing-education.md): the register
and its weekly review list, an officer's report from another source, a case's reports and
reviews, and one form per action (enquiries, weekly review, safeguarding concern, closing outcome)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from backoffice import case_forms
from backoffice import cme_forms as forms
from backoffice.case_actions import CaseAction, submit_action
from backoffice.pagination import page_number, pagination
from shared.db import db
from shared.domain import cme as rules
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind
from shared.queries import cme as q
from shared.queries.cases import case_for_user
from shared.services import cme
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

REGISTER_PAGE_SIZE = q.REGISTER_PAGE_SIZE


def _case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.CME:
        abort(404)
    return case


@requires("backoffice:cme_register:read")
def cme_register():
    view = "review" if request.args.get("view") == "review" else "all"
    status = request.args.get("status", "open")
    status = status if status in q.STATUS_FILTERS else "open"
    source = request.args.get("source", "any")
    source = source if source in q.SOURCE_FILTERS else "any"
    today, pager, page, pages = today_in_england(), None, 1, 1
    if view == "review":  # the weekly review list is a working list: all of it on one page
        rows = q.cme_register(current_user, source=source, review_only=True, today=today)
        total = len(rows)
    else:
        result = q.cme_register_page(current_user, status=status, source=source, today=today, page=page_number(),
                                     per_page=REGISTER_PAGE_SIZE)
        rows, total, page, pages = result.rows, result.total, result.page, result.pages
        kept = {key: value for key, value in (("status", status), ("source", source)) if value not in ("open", "any")}
        pager = pagination("backoffice.cme_register", kept, page, pages,
                           "Pages of the children missing education register")
    title = "Weekly review list" if view == "review" else "Children missing education register"
    return render_page("backoffice/cme/register.html", page_title=title, rows=rows, total=total, pagination=pager,
                       page=page, pages=pages, per_page=REGISTER_PAGE_SIZE,
                       view=view, chosen=status, source=source, filters=q.STATUS_FILTERS, sources=q.SOURCE_FILTERS)


@requires("backoffice:cme_reports:write")
@commits
def cme_new_report():
    form = forms.OtherReportForm()
    if form.validate_on_submit():
        answers = cme.ReportAnswers(
            kind="other", first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
            date_of_birth=form.date_of_birth.data, upn=(form.upn.data or "").strip().upper(),
            address=form.address.data.strip(), parent_names=form.parent_names.data.strip(),
            parent_email=(form.parent_email.data or "").strip(), parent_phone=(form.parent_phone.data or "").strip(),
            other_source=form.other_source.data, source_details=form.source_details.data.strip(),
            school_name=(form.school_name.data or "").strip(), has_ehc_plan=form.has_ehc_plan.data == "yes",
            has_sen=form.has_sen.data == "yes", has_social_worker=form.has_social_worker.data == "yes",
            safeguarding_known=form.safeguarding_known.data == "yes",
            safeguarding_notes=(form.safeguarding_notes.data or "").strip())
        try:
            with db.session.begin_nested():
                case = cme.record_other_report(current_user, answers, form.submission_key.data,
                                               today=today_in_england())
        except ServiceError as error:
            field = form.upn if "pupil number" in str(error) else form.first_name
            field.errors.append(str(error))
        else:
            flash("Report recorded.", "success")
            return redirect(url_for("backoffice.cme_case", case_id=case.id))
    return render_page("backoffice/cme/new_report.html", page_title="Record a report from another source", form=form)


@requires("backoffice:case:read")
def cme_case(case_id: uuid.UUID):
    case = _case(case_id)
    record = q.record_for_case(case) or abort(404)
    reviews = q.reviews_for_case(case)
    last = reviews[0] if reviews else None
    due = case.closed_at is None and rules.review_due(last.reviewed_on if last else None,
                                                       last.next_review_on if last else None, today_in_england())
    return render_page("backoffice/cme/case.html", page_title=f"Child missing education: {case.child.full_name}",
                       case=case, record=record, reports=q.reports_for_case(case), reviews=reviews, review_due=due,
                       grounds=rules.DELETION_GROUNDS, others=rules.OTHER_SOURCES, agencies=rules.AGENCIES,
                       outcomes=rules.OUTCOMES, actions=[a for a in ACTIONS.values() if a.available(case)],
                       start_form=case_forms.StartEnquiriesForm(version=case.version))


def _review(case, f, today):
    cme.record_review(case, reviewed_on=f.reviewed_on.data, agencies=list(f.agencies.data or []),
                      barriers=f.barriers.data or "", actions=f.actions.data or "",
                      next_review_on=f.next_review_on.data, actor=current_user, expected_version=f.version.data,
                      today=today)


def _safeguarding(case, f, today):
    cme.record_safeguarding_concern(case, concern=f.concern.data, actor=current_user,
                                    expected_version=f.version.data, today=today)


def _close(case, f, today):
    cme.close_case(case, outcome=f.outcome.data, closed_on=f.closed_on.data, school_name=f.school_name.data or "",
                   council_name=f.council_name.data or "", council_told_on=f.council_told_on.data,
                   details=f.details.data or "", actor=current_user, expected_version=f.version.data, today=today)


ACTIONS = {a.slug: a for a in (
    CaseAction("review", "Record a weekly review", forms.ReviewForm, frozenset(), _review, "Review recorded.",
               "actions",
               "Record who you contacted, the barriers to the child having a school place and what was agreed. The "
               "case comes back on the weekly review list after 7 days, or on the next review date if sooner."),
    CaseAction("safeguarding", "Record a safeguarding concern", case_forms.SafeguardingForm, frozenset(),
               _safeguarding, "Safeguarding concern recorded.", "concern"),
    CaseAction("close", "Close the case with an outcome", forms.CloseForm, frozenset(), _close,
               "The case is closed.", "outcome",
               "When the child moves to another council's area, tell that council first and record the date you "
               "did."),
)}


@requires("backoffice:case:write")
@commits
def cme_action(case_id: uuid.UUID, slug: str):
    case = _case(case_id)
    action = ACTIONS.get(slug) or abort(404)
    if not action.available(case):
        abort(404)
    form = action.form(version=case.version) if request.method == "GET" else action.form()
    if (done := submit_action(case, action, form, case_endpoint="backoffice.cme_case")) is not None:
        return done
    return render_page("backoffice/cme/action.html", page_title=action.title, case=case, form=form, action=action)


@requires("backoffice:case:write")
@commits
def cme_start_enquiries(case_id: uuid.UUID):
    case = _case(case_id)
    form = case_forms.StartEnquiriesForm()
    if case.status != "reported" or not form.validate_on_submit():
        abort(400)
    cme.start_enquiries(case, actor=current_user, expected_version=form.version.data)
    flash("Enquiries started.", "success")
    return redirect(url_for("backoffice.cme_case", case_id=case.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/children-missing-education", view_func=cme_register)
    bp.add_url_rule("/children-missing-education/new", view_func=cme_new_report, methods=["GET", "POST"])
    bp.add_url_rule("/children-missing-education/cases/<uuid:case_id>", view_func=cme_case)
    bp.add_url_rule("/children-missing-education/cases/<uuid:case_id>/enquiries", view_func=cme_start_enquiries,
                    methods=["POST"])
    bp.add_url_rule("/children-missing-education/cases/<uuid:case_id>/<slug>", view_func=cme_action,
                    methods=["GET", "POST"])

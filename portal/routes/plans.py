"""The EHC plan in the portal (journey 4): the family, their SENDIASS adviser and the child's
school read the versions that have been issued (the draft and the final plan; a working version
is never shown outside the council), and the parent or young person responds to the draft plan
within the window of SEND Regulations 2014 reg 13(1).
"""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.forms_plan import DraftResponseForm
from shared.domain import clocks
from shared.domain.dates import today_in_england
from shared.models import Case, Role
from shared.models.plans import PlanStage, PlanVersion
from shared.queries.cases import case_for_user
from shared.queries.requests import schools_matching_with
from shared.queries.schools import school_by_urn
from shared.reports.plan_pdf import plan_context, plan_filename, plan_pdf
from shared.services import plans
from shared.services.errors import ServiceError
from shared.services.submissions import previous_result
from shared.web.access import requires
from shared.web.downloads_pdf import send_pdf
from shared.web.filters import long_date
from shared.web.pages import render_page
from shared.web.transactions import commits

FAMILY = (Role.PARENT, Role.YOUNG_PERSON)


def version_label(version: PlanVersion) -> str:
    """'Draft plan sent 3 March 2027', 'Final plan issued 20 April 2027'."""
    if version.stage == PlanStage.FINAL:
        return f"Final plan issued {long_date(version.issued_on)}"
    return f"Draft plan sent {long_date(version.issued_on)}"


def case_plan(case: Case, user, today: date) -> dict:
    """What the case page shows about the plan: the issued versions, the draft's window while it
    is open for comments, and the family's responses (for the family and their adviser)."""
    versions = plans.issued_versions(case)
    respond_by, draft = None, None
    if case.status == "draft_issued":
        draft = plans.current_draft(case)
        if draft is not None:
            _, respond_by = plans.response_window(draft)
    family = user.role in FAMILY
    responses = plans.responses_for(case) if family or user.role == Role.SENDIASS_ADVISER else []
    responded = [r for r in responses if draft is not None and r.plan_version_id == draft.id]
    return {"plan_versions": [(v, version_label(v)) for v in versions], "respond_by": respond_by,
            "window_closed": bool(respond_by and today > respond_by), "can_respond": bool(family and respond_by),
            "responded_on": responded[-1].submitted_on if responded else None, "draft_responses": responses}


def _issued(case_id: uuid.UUID, number: int) -> tuple[Case, PlanVersion]:
    case = case_for_user(current_user, case_id) or abort(404)
    version = plans.version_number(case, number)
    if version is None or version.stage == PlanStage.WORKING:
        abort(404)
    return case, version


@requires("portal:case:read")
def plan_version(case_id: uuid.UUID, number: int):
    case, version = _issued(case_id, number)
    label = "Final EHC plan" if version.stage == PlanStage.FINAL else "Draft EHC plan"
    return render_page("portal/plan/version.html", page_title=f"{label} for {case.child.full_name}", case=case,
                       version_text=version_label(version), heading_level=2,
                       can_respond=current_user.role in FAMILY and case.status == "draft_issued"
                       and version == plans.current_draft(case), **plan_context(version))


@requires("portal:case:read")
def plan_version_pdf(case_id: uuid.UUID, number: int):
    case, version = _issued(case_id, number)
    pdf = plan_pdf(case, version, council_name=current_app.config["SETTINGS"].council_name)
    return send_pdf(pdf, plan_filename(case, version))


def _family_case(case_id: uuid.UUID) -> Case:
    """The case, for a parent or young person only: a school or a SENDIASS adviser can read the
    draft but the response is the family's (reg 13(1))."""
    if current_user.role not in FAMILY:
        abort(403)
    return case_for_user(current_user, case_id) or abort(404)


@requires("portal:case:write")
@commits
def draft_response(case_id: uuid.UUID):
    case = _family_case(case_id)
    if case.status != "draft_issued" or plans.current_draft(case) is None:
        abort(404)
    draft = plans.current_draft(case)
    _, last_day = plans.response_window(draft)
    today = today_in_england()
    form = DraftResponseForm()
    searching = request.method == "POST" and request.form.get("action") == "search"
    query = (request.form.get("q") if request.method == "POST" else request.args.get("q", "")) or ""
    query = query.strip()[:100]
    if request.method == "GET" and query:
        form.preference.data = "school"
    if searching and not form.preference.data:
        form.preference.data = "school"
    form.prepare(schools_matching_with(query, form.school.data))
    if request.method == "POST" and not searching and form.validate():
        school = None
        if form.preference.data == "school":
            school = school_by_urn(form.school.data)
            if school is None:
                form.school.errors = [*form.school.errors, "Select the school or college from the list"]
        if not form.errors:
            answers = plans.ResponseAnswers(
                comments=form.comments.data or "", preferred_school=school,
                preferred_setting_other=(form.other_setting.data or "") if form.preference.data == "other" else "",
                meeting_requested=form.meeting.data == "yes")
            try:
                response = plans.respond_to_draft(case, current_user, answers, submission_key=form.submission_key.data,
                                                  today=today)
            except ServiceError as error:
                form.comments.errors = [*form.comments.errors, str(error)]
            else:
                response_id = response.id if response is not None else _earlier_response(form.submission_key.data)
                if response_id is None:
                    return redirect(url_for("portal.case_page", case_id=case.id))
                return redirect(url_for("portal.draft_response_sent", case_id=case.id, response_id=response_id))
    return render_page("portal/plan/draft_response.html", page_title="Respond to the draft plan", form=form,
                       case=case, draft=draft, last_day=last_day, late=today > last_day, query=query,
                       final_due=clocks.final_plan_due(case.received_on),
                       action_url=url_for("portal.draft_response", case_id=case.id))


def _earlier_response(submission_key: str) -> uuid.UUID | None:
    """The response a repeated post's first arrival made."""
    earlier = previous_result(submission_key)
    if earlier is None or earlier.result_type != "draft_response" or earlier.user_id != current_user.id:
        return None
    return uuid.UUID(earlier.result_id)


@requires("portal:case:write")
def draft_response_sent(case_id: uuid.UUID, response_id: uuid.UUID):
    case = _family_case(case_id)
    response = next((r for r in plans.responses_for(case) if r.id == response_id), None) or abort(404)
    _, last_day = plans.response_window(response.plan_version)
    return render_page("portal/plan/response_sent.html", page_title="Response sent", case=case, response=response,
                       last_day=last_day, final_due=clocks.final_plan_due(case.received_on))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/plans/<int:number>", view_func=plan_version)
    bp.add_url_rule("/cases/<uuid:case_id>/plans/<int:number>/pdf", view_func=plan_version_pdf)
    bp.add_url_rule("/cases/<uuid:case_id>/draft-plan/response", view_func=draft_response, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/draft-plan/response/<uuid:response_id>", view_func=draft_response_sent)

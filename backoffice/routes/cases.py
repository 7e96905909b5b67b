"""The caseload and the case page, assignment and decisions."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from backoffice.forms import AssessmentDecisionForm, AssignForm, PlanDecisionForm
from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.lifecycles import lifecycle_for
from shared.models import Case, CaseKind
from shared.queries.cases import case_for_user, visible_cases
from shared.queries.chronology import chronology
from shared.queries.key_dates import advice_rows, key_dates_for
from shared.queries.notices import notices_for_case
from shared.queries.request_answers import request_answers_for_case
from shared.queries.staff import officers_for_kind
from shared.services.cases import assign_case
from shared.services.decisions import decide_whether_to_assess, decide_whether_to_issue_plan
from shared.services.documents import documents_for_case
from shared.services.errors import Conflict, ServiceError
from shared.services.exceptions import exceptions_for_case
from shared.services.links import pending_links
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.signin import safe_next
from shared.web.transactions import commits


@requires("backoffice:case:read")
def caseload():
    mine = visible_cases(current_user).where(Case.closed_at.is_(None)).limit(200)
    return render_page("backoffice/caseload.html", page_title="Open cases", cases=list(db.session.scalars(mine)))


def _case_page(case: Case, *, assign_form=None, decision_form=None):
    officers = officers_for_kind(case.kind)
    current = str(case.assigned_officer_id) if case.assigned_officer_id else ""
    assign_form = assign_form or AssignForm(version=case.version, officer=current)
    assign_form.officer.choices = [("", "Choose an officer")] + [(str(o.id), o.full_name) for o in officers]
    decision = DECISIONS.get(case.status) if case.kind == CaseKind.EHC_ASSESSMENT else None
    can_decide = decision is not None
    if can_decide and decision_form is None:
        decision_form = decision[0](version=case.version)
    forms = [f for f in (assign_form, decision_form) if f is not None]
    today = today_in_england()
    dates, next_step = key_dates_for(case, today)
    return render_page("backoffice/case.html", page_title=f"{case.reference}: {case.child.full_name}",
                       case=case, key_dates=dates, next_step=next_step, exceptions=exceptions_for_case(case), pending_links=pending_links(case), advice=advice_rows(case, today), documents=documents_for_case(case), notices=notices_for_case(case),
                       events=chronology(case, staff=True), assign_form=assign_form,
                       request_answers=request_answers_for_case(case),
                       decision_form=decision_form if can_decide else None,
                       decision_endpoint=decision[1] if can_decide else None,
                       decision_heading=decision[2] if can_decide else None,
                       actions=lifecycle_for(case.kind).actions_from(case.status),
                       form_has_errors=any(f.errors for f in forms))


@requires("backoffice:case:read")
def case_page(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    return _case_page(case)


@requires("backoffice:case:write")
@commits
def assign(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    form = AssignForm()
    form.officer.choices = [(str(o.id), o.full_name) for o in officers_for_kind(case.kind)]
    if not form.validate_on_submit():
        return _case_page(case, assign_form=form)
    officer = next(o for o in officers_for_kind(case.kind) if str(o.id) == form.officer.data)
    assign_case(case, officer, actor=current_user, expected_version=form.version.data)
    flash(f"Case assigned to {officer.full_name}", "success")
    # `next`: the triage queue sends people back to the queue, its filters kept.
    return redirect(safe_next(request.form.get("next"), url_for("backoffice.case_page", case_id=case.id)))


def _decide(case_id: uuid.UUID, form_class, service, choice: str):
    case = case_for_user(current_user, case_id) or abort(404)
    form = form_class()
    if not form.validate_on_submit():
        return _case_page(case, decision_form=form)
    reasons = [line.strip() for line in form.reasons.data.splitlines() if line.strip()]
    try:
        service(case, form.decision.data == choice, reasons=reasons, actor=current_user,
                expected_version=form.version.data, today=today_in_england())
    except Conflict:
        raise
    except ServiceError as error:
        db.session.rollback()
        form.decision.errors.append(str(error))
        return _case_page(case, decision_form=form)
    flash("Decision recorded. The notice is being sent to the family.", "success")
    return redirect(url_for("backoffice.case_page", case_id=case.id))


@requires("backoffice:case:write")
@commits
def decide_assessment(case_id: uuid.UUID):
    """Whether to assess (CFA s.36; Regs 5)."""
    return _decide(case_id, AssessmentDecisionForm,
                   lambda case, yes, **kw: decide_whether_to_assess(case, agree=yes, **kw), "agree")


@requires("backoffice:case:write")
@commits
def decide_plan(case_id: uuid.UUID):
    """Whether to issue a plan after the assessment (CFA s.37; Regs 10)."""
    return _decide(case_id, PlanDecisionForm,
                   lambda case, yes, **kw: decide_whether_to_issue_plan(case, issue=yes, **kw), "issue")


DECISIONS = {
    "received": (AssessmentDecisionForm, "backoffice.decide_assessment", "Decide whether to assess"),
    "assessing": (PlanDecisionForm, "backoffice.decide_plan", "Decide whether to issue an EHC plan"),
}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", view_func=caseload)
    bp.add_url_rule("/cases/<uuid:case_id>", view_func=case_page)
    bp.add_url_rule("/cases/<uuid:case_id>/assign", view_func=assign, methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/assessment-decision", view_func=decide_assessment, methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/plan-decision", view_func=decide_plan, methods=["POST"])

"""Request an EHC needs assessment (journeys 1 and 2): a GOV.UK task list of sections, each saved
to a draft so the person can leave and come back, then check answers, send, and a confirmation.

Only the draft's owner ever loads it (404 for anyone else). Parents, young people and school
staff hold "portal:case:write"; SENDIASS advisers do not, so they cannot request.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from portal.forms_ehc_request import (
    GovDateField,
    SchoolChoiceForm,
    SubmitRequestForm,
    answers_from_form,
    build_form,
    form_for,
)
from shared.db import db
from shared.forms import IdempotentForm, submit_field
from shared.models import DraftStatus, Role
from shared.queries.cases import case_for_user
from shared.queries.request_answers import SECTION_TITLES, draft_sections
from shared.queries.requests import draft_for_owner, schools_matching_with, unsent_drafts
from shared.queries.school_memberships import approved_school
from shared.queries.schools import school_by_urn
from shared.services import ehc_requests
from shared.services.errors import ServiceError
from shared.web.access import has_permission, requires
from shared.web.pages import render_page
from shared.web.transactions import commits

PERMISSION = "portal:case:write"

# The page headings; the sections' keys, order and titles come from shared.queries.request_answers
# (the back-office shows the same sections of a sent request).
HEADINGS = {
    "child": "About the child or young person",
    "you": "About you and your relationship to the child",
    "school": "The child's school or setting",
    "needs": "Needs and what has been tried",
    "views": "The child's views, interests and aspirations",
    "health_care": "Health and social care involvement",
    "consent": "Consent to share information",
    "evidence": "Reports and other evidence",
}
# (key, title in the task list, heading of the page), in the order of the task list.
SECTIONS = [(key, title, HEADINGS[key]) for key, title in SECTION_TITLES]
TITLES = {key: title for key, title, _ in SECTIONS}
STATUS_TEXT = {"not_started": "Not yet started", "in_progress": "In progress", "completed": "Completed"}
assert [key for key, _, _ in SECTIONS] == list(ehc_requests.SECTIONS)


class StartForm(IdempotentForm):
    submit = submit_field("Start now")


def _draft(draft_id: uuid.UUID):
    return draft_for_owner(current_user, draft_id) or abort(404)


def _headings(section: str) -> str:
    if section == "you" and current_user.role == Role.YOUNG_PERSON:
        return "About you"
    if section == "you" and current_user.role == Role.SCHOOL_STAFF:
        return "About you and the child's parent"
    return HEADINGS[section]


@requires(PERMISSION)
def start():
    return render_page("portal/ehc_request/start.html", page_title="Request an EHC needs assessment",
                       form=StartForm(), drafts=unsent_drafts(current_user))


@requires(PERMISSION)
@commits
def new_draft():
    form = StartForm()
    if not form.validate_on_submit():
        return redirect(url_for("portal.ehc_request_start"))
    try:
        draft = ehc_requests.start_draft(current_user, form.submission_key.data)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("portal.ehc_request_start"))
    return redirect(url_for("portal.ehc_request_tasks", draft_id=draft.id))


def _task_items(draft) -> tuple[list[dict], bool]:
    items = []
    for key, title, _ in SECTIONS:
        status = ehc_requests.section_status(draft, key)
        if status == "completed":
            shown = {"text": STATUS_TEXT[status]}
        else:
            shown = {"tag": {"text": STATUS_TEXT[status],
                             "classes": "govuk-tag--light-blue" if status == "in_progress" else "govuk-tag--blue"}}
        items.append({"title": {"text": title}, "status": shown,
                      "href": url_for("portal.ehc_request_section", draft_id=draft.id, section=key)})
    done = all(ehc_requests.section_status(draft, key) == "completed" for key, _, _ in SECTIONS)
    return items, done


@requires(PERMISSION)
def tasks(draft_id: uuid.UUID):
    draft = _draft(draft_id)
    if draft.status == DraftStatus.SUBMITTED:
        return redirect(url_for("portal.ehc_request_sent", draft_id=draft.id))
    items, done = _task_items(draft)
    completed = sum(ehc_requests.section_status(draft, key) == "completed" for key, _, _ in SECTIONS)
    check_item = {"title": {"text": "Check your answers and send"},
                  "status": {"text": "Cannot start yet", "classes": "govuk-task-list__status--cannot-start-yet"}}
    if done:
        check_item = {"title": {"text": "Check your answers and send"},
                      "href": url_for("portal.ehc_request_check", draft_id=draft.id),
                      "status": {"tag": {"text": "Not yet started", "classes": "govuk-tag--blue"}}}
    return render_page("portal/ehc_request/tasks.html", page_title="Request an EHC needs assessment",
                       draft=draft, items=items, check_item=check_item, completed=completed,
                       total=len(SECTIONS), child_name=ehc_requests.child_name(draft))


def _school_context(draft, form=None) -> dict:
    query = request.args.get("q", "").strip()[:100]
    chosen = form.school.data if form is not None else ehc_requests.fields_of(draft, "school").get("school")
    return {"schools": schools_matching_with(query, chosen if chosen != "none" else None), "query": query}


@requires(PERMISSION)
@commits
def section(draft_id: uuid.UUID, section: str):
    if section not in TITLES:
        abort(404)
    draft = _draft(draft_id)
    if draft.status == DraftStatus.SUBMITTED:
        return redirect(url_for("portal.ehc_request_sent", draft_id=draft.id))
    back_to_check = request.args.get("from") == "check"
    if section == "school" and current_user.role == Role.SCHOOL_STAFF:
        return render_page("portal/ehc_request/school_fixed.html", page_title=_headings(section), draft=draft,
                           school=approved_school(current_user), back_to_check=back_to_check)
    if request.method == "POST":
        form = form_for(section, current_user.role)()
        context = _school_context(draft, form) if section == "school" else {}
        form.prepare(current_user, **context)
        valid = form.validate()
        if isinstance(form, SchoolChoiceForm) and form.school.data and form.school.data != "none" \
                and school_by_urn(form.school.data) is None:
            form.school.errors = [*form.school.errors, "Select a school from the list"]
            valid = False
        if valid or request.form.get("action") == "later":
            ehc_requests.save_section(draft, section, answers_from_form(form), completed=valid)
            if valid and back_to_check:
                return redirect(url_for("portal.ehc_request_check", draft_id=draft.id))
            if not valid:
                flash("Your answers are saved. You can come back to them at any time from your cases page.",
                      "success")
            return redirect(url_for("portal.ehc_request_tasks", draft_id=draft.id))
    else:
        context = _school_context(draft) if section == "school" else {}
        # Stored answers come back as they were left, not validated, so without errors.
        form = build_form(section, current_user, ehc_requests.fields_of(draft, section), for_page=True,
                          **context)
    return render_page(f"portal/ehc_request/section_{section}.html", page_title=_headings(section),
                       form=form, draft=draft,
                       section=section, back_to_check=back_to_check, role=current_user.role.value,
                       query=context.get("query", ""), error_list=_error_list(form), action_url=url_for(
                           "portal.ehc_request_section", draft_id=draft.id, section=section,
                           **({"from": "check"} if back_to_check else {})))


def _error_list(form) -> list[dict]:
    """The error summary's links: a date links to its day box (the GOV.UK pattern)."""
    return [{"text": field.errors[0],
             "href": f"#{field.id}-day" if isinstance(field, GovDateField) else f"#{field.id}"}
            for field in form if field.errors]


def _summary(draft) -> list[dict]:
    """The answers as the back-office sees them too, each with a link back to its question (a
    school's own school cannot be changed)."""
    sections = []
    for section in draft_sections(draft, current_user.role):
        change = url_for("portal.ehc_request_section", draft_id=draft.id, section=section.key, **{"from": "check"})
        fixed = section.key == "school" and current_user.role == Role.SCHOOL_STAFF
        rows = []
        for row in section.rows:
            shown = {"key": {"text": row.label}, "value": {"text": row.text}}
            if not fixed:
                shown["actions"] = {"items": [{"href": change + f"#{row.name}", "text": "Change",
                                               "visuallyHiddenText": row.label.removesuffix(" (optional)")}]}
            rows.append(shown)
        sections.append({"key": section.key, "title": section.title, "rows": rows, "change": change})
    return sections


def _invalid_sections(draft) -> list[str]:
    """Sections whose stored answers no longer pass their page's checks (a birthday passed,
    a school was removed from the list)."""
    invalid = []
    for key, title, _ in SECTIONS:
        if key == "school" and current_user.role == Role.SCHOOL_STAFF:
            continue
        context = {}
        if key == "school":
            chosen = ehc_requests.fields_of(draft, "school").get("school", "")
            known = school_by_urn(chosen) if chosen and chosen != "none" else None
            context = {"schools": [known] if known else []}
            if chosen != "none" and known is None:
                invalid.append(title)
                continue
        form = build_form(key, current_user, ehc_requests.fields_of(draft, key), **context)
        if ehc_requests.section_status(draft, key) != "completed" or not form.validate():
            invalid.append(title)
    return invalid


@requires(PERMISSION)
@commits
def check(draft_id: uuid.UUID):
    draft = _draft(draft_id)
    if draft.status == DraftStatus.SUBMITTED:
        return redirect(url_for("portal.ehc_request_sent", draft_id=draft.id))
    form = SubmitRequestForm()
    if request.method == "POST" and form.validate_on_submit():
        invalid = _invalid_sections(draft)
        if invalid:
            form.submit.errors = [f"Check the answers in: {', '.join(invalid)}"]
        else:
            try:
                with db.session.begin_nested():
                    ehc_requests.submit_ehc_request(draft, current_user, form.submission_key.data)
            except ServiceError as error:
                form.submit.errors = [str(error)]
            else:
                return redirect(url_for("portal.ehc_request_sent", draft_id=draft.id))
    elif ehc_requests.section_status(draft, "child") == "not_started":
        return redirect(url_for("portal.ehc_request_tasks", draft_id=draft.id))
    return render_page("portal/ehc_request/check.html", page_title="Check your answers before sending your request",
                       form=form, draft=draft, sections=_summary(draft),
                       invalid=_invalid_sections(draft) if request.method == "GET" else [])


@requires(PERMISSION)
def sent(draft_id: uuid.UUID):
    draft = _draft(draft_id)
    if draft.status != DraftStatus.SUBMITTED or draft.case is None:
        return redirect(url_for("portal.ehc_request_tasks", draft_id=draft.id))
    case = draft.case
    visible = case_for_user(current_user, case.id) is not None
    due = ehc_requests.decision_due(case.received_on)
    title = (f"A request for {case.child.full_name} is already open" if draft.joined_open_case
             else "Request sent")
    return render_page("portal/ehc_request/sent.html", page_title=title, draft=draft, case=case,
                       visible=visible, decision_due=due, has_evidence=ehc_requests.fields_of(
                           draft, "evidence").get("has_evidence") == "yes",
                       role=current_user.role.value,
                       link_pending=current_user.role.value == "young_person"
                       or ehc_requests.fields_of(draft, "you").get("parental_responsibility") == "yes")


def request_drafts_for(user) -> list | None:
    """For the dashboard: the user's unsent requests, or None when they may not request."""
    if not has_permission(user, PERMISSION):
        return None
    return unsent_drafts(user)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/request-an-assessment", endpoint="ehc_request_start", view_func=start)
    bp.add_url_rule("/request-an-assessment/new", endpoint="ehc_request_new", view_func=new_draft,
                    methods=["POST"])
    bp.add_url_rule("/request-an-assessment/<uuid:draft_id>", endpoint="ehc_request_tasks", view_func=tasks)
    bp.add_url_rule("/request-an-assessment/<uuid:draft_id>/check-answers", endpoint="ehc_request_check",
                    view_func=check, methods=["GET", "POST"])
    bp.add_url_rule("/request-an-assessment/<uuid:draft_id>/sent", endpoint="ehc_request_sent", view_func=sent)
    bp.add_url_rule("/request-an-assessment/<uuid:draft_id>/<section>", endpoint="ehc_request_section",
                    view_func=section, methods=["GET", "POST"])
    bp.add_app_template_global(request_drafts_for, "request_drafts_for")

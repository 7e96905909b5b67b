"""Writing and issuing the EHC plan (journey 4): the plan overview, a section editor, the saved
versions and their PDFs, and the actions that send the draft, consult a school and issue the
final plan. The rules are in `shared.domain.plan_content`, the work in `shared.services.plans`."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from backoffice.forms_plan import (
    MAX_ROWS,
    ROW_FORMS,
    ROW_LINKS,
    ROW_TEXT_FIELDS,
    ConsultSchoolForm,
    FinalPlanForm,
    PlacementForm,
    PlanSectionForm,
    SendDraftForm,
    TextSectionForm,
)
from shared.control_characters import without_control_characters
from shared.db import db
from shared.domain import clocks, plan_content
from shared.domain.dates import today_in_england
from shared.models import Case
from shared.models.plans import PlanStage
from shared.queries.cases import case_for_user
from shared.queries.requests import schools_matching
from shared.queries.schools import school_by_id
from shared.reports.plan_pdf import plan_context, plan_filename, plan_pdf
from shared.services import plans
from shared.services.errors import Conflict, ServiceError
from shared.web.access import requires
from shared.web.downloads_pdf import send_pdf
from shared.web.pages import render_page
from shared.web.transactions import commits

PLAN_STATUSES = ("drafting", "draft_issued", "plan_issued")


def _plan_case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.status not in PLAN_STATUSES:
        abort(404)
    return case


def _latest_number(case: Case) -> int:
    latest = plans.latest_version(case)
    return latest.number if latest else 0


# --- The overview -----------------------------------------------------------------------------

def _school_choices(case: Case, content: dict, query: str, chosen: str | None) -> list[tuple[str, str]]:
    """Schools matching the search, with the one named in section I, the family's preferences and
    the one already chosen first, so they are there whatever the search."""
    first: list[tuple[str, str]] = []
    named = (content.get("i") or {}).get("school_id")
    preferred = [str(r.preferred_school_id) for r in plans.responses_for(case) if r.preferred_school_id]
    for school_id, why in [(named, "named in section I"), *[(p, "the family's preference") for p in preferred],
                           (chosen, None)]:
        school = school_by_id(school_id) if school_id else None
        if school and all(value != str(school.id) for value, _ in first):
            first.append((str(school.id), f"{school.name} (URN {school.urn})" + (f": {why}" if why else "")))
    rest = [(str(s.id), f"{s.name} (URN {s.urn})") for s in schools_matching(query)
            if all(value != str(s.id) for value, _ in first)]
    return [("", "Choose a school or college"), *first, *rest]


def _overview(case: Case, *, draft_form=None, consult_form=None, final_form=None, problems=None):
    today = today_in_england()
    latest = plans.latest_version(case)
    content = plans.working_content(case)
    based_on = latest.number if latest else 0
    draft_form = draft_form or SendDraftForm(formdata=None, version=case.version, based_on=based_on)
    consult_form = consult_form or ConsultSchoolForm(formdata=None, version=case.version, based_on=based_on)
    final_form = final_form or FinalPlanForm(formdata=None, version=case.version, based_on=based_on)
    school_query = request.args.get("school_q", "").strip()[:100]
    consult_form.school.choices = _school_choices(case, content, school_query, consult_form.school.data)
    if consult_form.school.data is None and consult_form.school.choices[1:]:
        named = (content.get("i") or {}).get("school_id")
        consult_form.school.data = named or ""
    draft = plans.current_draft(case)
    window = plans.response_window(draft) if draft else None
    editable = case.status in plans.EDITABLE
    versions = plans.versions_for(case)
    errors = [_problem_link(case, p) for p in problems or []]
    errors += _field_errors(draft_form, {}, "send-draft")
    errors += _field_errors(consult_form, {"school": "consult-school"}, "consult")
    errors += _field_errors(final_form, {"reasons": "final-reasons"}, "final")
    return render_page(
        "backoffice/plan/overview.html", page_title="The EHC plan" if case.status == "plan_issued" else
        "Write the EHC plan", case=case, latest=latest, content=content, sections=plan_content.SECTIONS,
        complete={s.key: plan_content.section_complete(content, s.key) for s in plan_content.SECTIONS},
        draft_problems=plan_content.problems_before_draft(content) if editable else [],
        final_problems=plan_content.problems_before_final(content) if case.status == "draft_issued" else [],
        editable=editable, draft=draft, window=window, window_open=bool(window and today <= window[1]),
        final_due=clocks.final_plan_due(case.received_on), today=today,
        responses=plans.responses_for(case), consultations=plans.consultations_for(case), versions=versions,
        can_send_draft=editable and latest is not None and latest.stage == PlanStage.WORKING,
        draft_form=draft_form, consult_form=consult_form, final_form=final_form, school_query=school_query,
        problems=problems or [], areas=plan_content.AREA_LABELS, errors=errors, form_has_errors=bool(errors))


def _problem_link(case: Case, problem: plan_content.Problem) -> dict:
    return {"text": problem.message,
            "href": url_for("backoffice.plan_section", case_id=case.id, key=problem.section) + "#" + problem.field}


def _field_errors(form, anchors: dict[str, str], default: str | None = None) -> list[dict]:
    """A form's errors for the error summary, each linked to the field (or the form) to fix."""
    whole = [{"text": message, "href": "#" + (default or next(iter(anchors.values()), "main-content"))}
             for message in form.form_errors]
    return whole + [{"text": message, "href": "#" + (anchors.get(name) or default or field.id)}
                    for name, field in form._fields.items() for message in field.errors]


@requires("backoffice:case:read")
def plan_overview(case_id: uuid.UUID):
    return _overview(_plan_case(case_id))


@requires("backoffice:case:write")
@commits
def send_draft(case_id: uuid.UUID):
    """Send the draft plan to the family (CFA s.38; SEND Regulations 2014 reg 13(1))."""
    case = _plan_case(case_id)
    form = SendDraftForm()
    if not form.validate_on_submit():
        return _overview(case, draft_form=form)
    try:
        plans.issue_draft(case, actor=current_user, expected_version=form.version.data,
                          based_on=form.based_on.data, today=today_in_england())
    except plans.PlanNotReady as error:
        db.session.rollback()
        return _overview(case, draft_form=form, problems=error.problems)
    except Conflict:
        raise
    except ServiceError as error:
        db.session.rollback()
        form.submit.errors = [str(error)]
        return _overview(case, draft_form=form)
    flash("The draft plan is being sent to the family. They have 15 days to comment.", "success")
    return redirect(url_for("backoffice.plan_overview", case_id=case.id))


@requires("backoffice:case:write")
@commits
def consult(case_id: uuid.UUID):
    """Consult a school the council intends to name (CFA ss.39(2), 40(2))."""
    case = _plan_case(case_id)
    form = ConsultSchoolForm()
    form.school.choices = []
    valid = form.validate_on_submit()
    school = school_by_id(form.school.data) if valid else None
    if valid and school is None:
        form.school.errors = ["Choose a school or college from the list"]
    if school is None:
        return _overview(case, consult_form=form)
    try:
        consultation = plans.consult_school(case, school, actor=current_user, today=today_in_england(),
                                            expected_version=form.version.data)
    except Conflict:
        raise
    except ServiceError as error:
        db.session.rollback()
        form.school.errors = [str(error)]
        return _overview(case, consult_form=form)
    flash(f"{school.name} has been consulted. Their answer is due by {consultation.reply_due:%-d %B %Y}.", "success")
    return redirect(url_for("backoffice.plan_overview", case_id=case.id))


@requires("backoffice:case:write")
@commits
def issue_final(case_id: uuid.UUID):
    """Issue the final plan (SEND Regulations 2014 regs 13(2), 14)."""
    case = _plan_case(case_id)
    form = FinalPlanForm()
    if not form.validate_on_submit():
        return _overview(case, final_form=form)
    reasons = [line.strip() for line in form.reasons.data.splitlines() if line.strip()]
    try:
        plans.issue_final_plan(case, actor=current_user, expected_version=form.version.data,
                               based_on=form.based_on.data, reasons=reasons, today=today_in_england())
    except plans.PlanNotReady as error:
        db.session.rollback()
        return _overview(case, final_form=form, problems=error.problems)
    except Conflict:
        raise
    except ServiceError as error:
        db.session.rollback()
        form.reasons.errors = [str(error)]
        return _overview(case, final_form=form)
    flash("The final plan has been issued. It is being sent to the family, the school and the health "
          "commissioner.", "success")
    return redirect(url_for("backoffice.plan_overview", case_id=case.id))


# --- A section --------------------------------------------------------------------------------

def _need_choices(content: dict) -> list[tuple[str, str]]:
    return [(need["id"], f"Need {n}: {_first_words(need.get('text', ''))}")
            for n, need in enumerate(content.get("b", []), start=1)]


def _outcome_choices(content: dict) -> list[tuple[str, str]]:
    return [(o["id"], f"Outcome {n}: {_first_words(o.get('text', ''))}")
            for n, o in enumerate(content.get("e", []), start=1)]


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _row_form(section, number: int, content: dict, *, formdata=None, data=None):
    row = ROW_FORMS[section.kind](formdata=formdata, data=data, prefix=f"{section.key}-{number}")
    if hasattr(row, "needs"):
        row.needs.choices = _need_choices(content)
    if hasattr(row, "outcomes"):
        row.outcomes.choices = _outcome_choices(content)
    return row


def _typed_rows(section) -> list[dict]:
    """The rows as posted, those left entirely empty taken out (as `clean_section` does), so the
    rows shown again are numbered as the service numbers its problems."""
    try:
        count = min(max(int(request.form.get("rows", 0)), 0), MAX_ROWS)
    except ValueError:
        count = 0
    fields = ROW_TEXT_FIELDS[section.kind]
    rows = []
    for number in range(1, count + 1):
        prefix = f"{section.key}-{number}-"
        row = {f: without_control_characters(request.form.get(prefix + f, "")) for f in fields}
        if not any(value.strip() for value in row.values()):
            continue
        row["id"] = without_control_characters(request.form.get(prefix + "id", ""))
        for link in ROW_LINKS[section.kind]:
            row[link] = request.form.getlist(prefix + link)
        rows.append(row)
    return rows


def _placement_value(form: PlacementForm) -> dict:
    school = school_by_id(form.school.data) if form.school.data else None
    if form.school.data and school is None:
        form.school.errors = ["Choose a school from the list"]
    if school and form.other_name.data.strip():
        form.other_name.errors = ["Choose a school from the list or type the name of another one, not both"]
    name = school.name if school else form.other_name.data
    return {"school_id": str(school.id) if school else None, "school_name": name,
            "setting_type": form.setting_type.data}


def _section_page(case: Case, section, form, content: dict, *, rows=None, problems=()):
    shown = rows if rows is not None else (
        [_row_form(section, n, content, data=row) for n, row in enumerate(content.get(section.key, []), start=1)]
        if section.kind in ROW_FORMS else [])
    if section.kind in ROW_FORMS:
        shown = [*shown, _row_form(section, len(shown) + 1, content, data={})]
        form.rows.data = len(shown)
    school_query = request.args.get("q", "").strip()[:100]
    if section.kind == "placement":
        chosen = form.school.data
        choices = [(str(s.id), f"{s.name} (URN {s.urn})") for s in schools_matching(school_query)]
        school = school_by_id(chosen) if chosen else None
        if school and all(value != str(school.id) for value, _ in choices):
            choices.insert(0, (str(school.id), f"{school.name} (URN {school.urn})"))
        form.school.choices = [("", "No school from the list"), *choices]
    anchors = {name: section.key for name in ("text", "save", "add_another", "based_on", "rows", "csrf_token")}
    errors = [{"text": p.message, "href": "#" + p.field} for p in problems]
    errors += _field_errors(form, anchors)
    return render_page("backoffice/plan/section.html", page_title=f"Section {section.letter}: {section.title}",
                       case=case, section=section, form=form, rows=shown, school_query=school_query,
                       needs=_need_choices(content), outcomes=_outcome_choices(content), errors=errors,
                       form_has_errors=bool(errors), row_kinds=ROW_FORMS)


def _form_for(section, content: dict, based_on: int):
    if section.kind == "text":
        form = TextSectionForm(data={"based_on": based_on, "text": content.get(section.key, "")})
        form.text.id = section.key  # the anchor of "Write section X" (plan_content.Problem.field)
        form.text.label.text = f"Section {section.letter}"
        form.text.description = section.hint
        return form
    if section.kind == "placement":
        placement = content.get("i") or {}
        school_id = placement.get("school_id") or ""
        return PlacementForm(data={"based_on": based_on, "school": school_id,
                                   "other_name": "" if school_id else placement.get("school_name", ""),
                                   "setting_type": placement.get("setting_type", "")})
    return PlanSectionForm(data={"based_on": based_on})


@requires("backoffice:case:write")
@commits
def plan_section(case_id: uuid.UUID, key: str):
    case = _plan_case(case_id)
    section = plan_content.SECTIONS_BY_KEY.get(key) or abort(404)
    if case.status not in plans.EDITABLE:
        flash("The final plan has been issued: it can no longer be changed here.", "information")
        return redirect(url_for("backoffice.plan_overview", case_id=case.id))
    content = plans.working_content(case)
    form = _form_for(section, content, _latest_number(case))
    if request.method == "GET":
        return _section_page(case, section, form, content)

    rows = None
    if section.kind == "text":
        value = form.text.data if form.validate_on_submit() else None
    elif section.kind == "placement":
        value = _placement_value(form) if form.validate_on_submit() else None
        value = None if form.errors else value
    else:
        typed = _typed_rows(section)
        rows = [_row_form(section, n, content, data=row) for n, row in enumerate(typed, start=1)]
        value = typed if form.validate_on_submit() else None
    if value is None:
        return _section_page(case, section, form, content, rows=rows)
    try:
        version = plans.save_section(case, key, value, actor=current_user, based_on=form.based_on.data)
    except plans.PlanNotReady as error:
        db.session.rollback()
        for problem in error.problems:
            _mark(rows or [], problem)
        return _section_page(case, section, form, content, rows=rows, problems=error.problems)
    except Conflict:
        raise
    except ServiceError as error:
        db.session.rollback()
        form.save.errors = [str(error)]
        return _section_page(case, section, form, content, rows=rows)
    if "add_another" in request.form:
        anchor = f"{key}-{len(version.content.get(key) or []) + 1}" if section.kind in ROW_FORMS else key
        return redirect(url_for("backoffice.plan_section", case_id=case.id, key=key, _anchor=anchor))
    if version.number == form.based_on.data:
        flash(f"Nothing changed in section {section.letter}, so no new version was saved.", "success")
    else:
        flash(f"Section {section.letter} saved (plan version {version.number}).", "success")
    return redirect(url_for("backoffice.plan_overview", case_id=case.id))


def _mark(rows: list, problem) -> None:
    """Show a problem beside its field: "f-2-how_often" is row 2's how_often."""
    parts = problem.field.split("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and 0 < int(parts[1]) <= len(rows):
        field = getattr(rows[int(parts[1]) - 1], parts[2], None)
        if field is not None:
            field.errors = [*field.errors, problem.message]


# --- Versions ---------------------------------------------------------------------------------

def _version(case: Case, number: int):
    return plans.version_number(case, number) or abort(404)


@requires("backoffice:case:read")
def plan_version(case_id: uuid.UUID, number: int):
    case = _plan_case(case_id)
    version = _version(case, number)
    title = {PlanStage.WORKING: f"Plan version {number}", PlanStage.DRAFT: f"Draft plan (version {number})",
             PlanStage.FINAL: f"Final plan (version {number})"}[version.stage]
    return render_page("backoffice/plan/version.html", page_title=title, case=case, heading_level=2,
                       **plan_context(version))


@requires("backoffice:case:read")
def plan_version_pdf(case_id: uuid.UUID, number: int):
    case = _plan_case(case_id)
    version = _version(case, number)
    pdf = plan_pdf(case, version, council_name=current_app.config["SETTINGS"].council_name)
    return send_pdf(pdf, plan_filename(case, version))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/plan", view_func=plan_overview)
    bp.add_url_rule("/cases/<uuid:case_id>/plan/sections/<key>", view_func=plan_section, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/plan/draft", view_func=send_draft, methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/plan/consultations", view_func=consult, methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/plan/final", view_func=issue_final, methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/plan/versions/<int:number>", view_func=plan_version)
    bp.add_url_rule("/cases/<uuid:case_id>/plan/versions/<int:number>/pdf", view_func=plan_version_pdf)

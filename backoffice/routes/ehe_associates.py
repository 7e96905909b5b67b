"""EHE associates in the back-office (docs/ehe-associates.md): the associates and their rates,
the budget for associate visits by financial year, and on an EHE case the visits allocated,
recorded and cancelled."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from backoffice import ehe_associate_forms as forms
from shared.db import db
from shared.domain import ehe_budget as rules
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, CheckInOutcome
from shared.queries import ehe_associates as q
from shared.queries.cases import case_for_user
from shared.services import ehe_associates as service
from shared.services.errors import Conflict, ServiceError
from shared.web.access import has_permission, requires
from shared.web.pages import render_page
from shared.web.transactions import commits


def _case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.EHE:
        abort(404)
    return case


def _back_to_case(case: Case):
    return redirect(url_for("backoffice.ehe_case", case_id=case.id) + "#associate-visits")


# --- associates ---------------------------------------------------------------------------------

@requires("backoffice:ehe_associates:write")
def ehe_associates():
    return render_page("backoffice/ehe_associates/associates.html", page_title="EHE associates",
                       associates=q.associates())


def _associate_form(associate=None):
    editing = associate is not None
    form = forms.AssociateForm(obj=associate) if editing and request.method == "GET" else forms.AssociateForm()
    if form.validate_on_submit():
        values = {"name": form.name.data, "email": form.email.data, "phone": form.phone.data or "",
                  "visit_fee": form.visit_fee.data, "mileage_rate": form.mileage_rate.data, "actor": current_user}
        try:
            if editing:
                service.update_associate(associate, **values)
            else:
                service.add_associate(**values)
        except ServiceError as error:
            db.session.rollback()
            (form.email if "email" in str(error) else form.name).errors.append(str(error))
        else:
            flash("Associate saved.", "success")
            return redirect(url_for("backoffice.ehe_associates"))
    title = f"Change {associate.name}" if editing else "Add an associate"
    action = (url_for("backoffice.ehe_associate_edit", associate_id=associate.id) if editing
              else url_for("backoffice.ehe_associate_new"))
    return render_page("backoffice/ehe_associates/associate_form.html", page_title=title, form=form, action=action,
                       associate=associate)


@requires("backoffice:ehe_associates:write")
@commits
def ehe_associate_new():
    return _associate_form()


@requires("backoffice:ehe_associates:write")
@commits
def ehe_associate_edit(associate_id: uuid.UUID):
    return _associate_form(q.associate(associate_id) or abort(404))


@requires("backoffice:ehe_associates:write")
@commits
def ehe_associate_active(associate_id: uuid.UUID):
    associate = q.associate(associate_id) or abort(404)
    if not forms.ActiveForm().validate_on_submit():
        abort(400)
    if associate.active:
        service.deactivate_associate(associate, actor=current_user)
        flash(f"{associate.name} will not be offered for new visits.", "success")
    else:
        service.reactivate_associate(associate, actor=current_user)
        flash(f"{associate.name} can be allocated visits again.", "success")
    return redirect(url_for("backoffice.ehe_associates"))


# --- the budget ---------------------------------------------------------------------------------

def _chosen_year(years: list[int], today) -> int:
    try:
        year = int(request.args.get("year", ""))
    except ValueError:
        return rules.financial_year(today)
    return year if year in years else rules.financial_year(today)


def _budget_page(year: int, form=None, status: int = 200):
    today = today_in_england()
    years = q.budget_years(today)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    position, totals = q.budget_report(current_user, year)
    budget = q.budget_for_year(year)
    can_set = has_permission(current_user, "backoffice:budgets:write")
    if form is None and can_set:
        form = forms.BudgetForm(data={"amount": budget.amount if budget else None})
    return render_page("backoffice/ehe_associates/budget.html", status=status,
                       page_title=f"EHE associate visits budget {rules.financial_year_label(year)}",
                       year=year, years=years, label=rules.financial_year_label, position=position, totals=totals,
                       budget=budget, form=form if can_set else None,
                       first_day=rules.financial_year_dates(year)[0], last_day=rules.financial_year_dates(year)[1])


@requires("backoffice:ehe_associates:write")
def ehe_budget():
    today = today_in_england()
    return _budget_page(_chosen_year(q.budget_years(today), today))


@requires("backoffice:budgets:write")
@commits
def ehe_budget_set(year: int):
    if not (2000 <= year <= 2100):
        abort(404)
    form = forms.BudgetForm()
    if form.validate_on_submit():
        try:
            service.set_budget(year, amount=form.amount.data, actor=current_user)
        except ServiceError as error:
            db.session.rollback()
            form.amount.errors.append(str(error))
        else:
            flash(f"Budget for {rules.financial_year_label(year)} set.", "success")
            return redirect(url_for("backoffice.ehe_budget", year=year))
    return _budget_page(year, form=form)


@requires("backoffice:ehe_associates:write")
def ehe_budget_associate(year: int, associate_id: uuid.UUID):
    """One associate's visits in a financial year: what their line on the budget page is made of."""
    associate = q.associate(associate_id) or abort(404)
    if not (2000 <= year <= 2100):
        abort(404)
    return render_page("backoffice/ehe_associates/budget_visits.html",
                       page_title=f"{associate.name}: visits in {rules.financial_year_label(year)}",
                       associate=associate, year=year, visits=q.associate_visits(current_user, associate_id, year))


# --- visits on a case ---------------------------------------------------------------------------

@requires("backoffice:ehe_associates:write")
@commits
def ehe_visit_new(case_id: uuid.UUID):
    case = _case(case_id)
    if not service.visits_allowed(case):
        abort(404)
    form = forms.AllocateForm(version=case.version) if request.method == "GET" else forms.AllocateForm()
    options = q.associates(active_only=True)
    form.associate.choices = [("", "Choose an associate")] + [
        (str(a.id), f"{a.name}: £{a.visit_fee:,.2f} a visit and £{a.mileage_rate:,.2f} a mile") for a in options]
    if form.validate_on_submit():
        try:
            associate = q.associate(uuid.UUID(form.associate.data))
            if associate is None:
                raise ServiceError("Choose an associate")
            service.allocate_visit(case, associate=associate, planned_on=form.planned_on.data,
                                   estimated_miles=form.estimated_miles.data, actor=current_user,
                                   expected_version=form.version.data, today=today_in_england(),
                                   submission_key=form.submission_key.data or "")
        except Conflict:
            raise
        except ServiceError as error:
            db.session.rollback()
            field = form.planned_on if "date" in str(error) else form.associate
            field.errors.append(str(error))
        else:
            flash("Visit allocated. The associate is being emailed the details.", "success")
            return _back_to_case(case)
    return render_page("backoffice/ehe_associates/allocate.html", page_title="Allocate a visit", case=case,
                       form=form, has_associates=bool(options))


def _visit(case: Case, visit_id: uuid.UUID):
    visit = q.visit_for_case(case, visit_id) or abort(404)
    if visit.status.value != "allocated":
        abort(404)
    return visit


@requires("backoffice:ehe_associates:write")
@commits
def ehe_visit_record(case_id: uuid.UUID, visit_id: uuid.UUID):
    case = _case(case_id)
    visit = _visit(case, visit_id)
    form = (forms.RecordVisitForm(version=case.version, data={"visited_on": visit.planned_on}
                                  if visit.planned_on <= today_in_england() else {})
            if request.method == "GET" else forms.RecordVisitForm())
    if form.validate_on_submit():
        try:
            service.record_visit(case, visit, visited_on=form.visited_on.data, outcome=form.outcome.data,
                                 actual_miles=form.actual_miles.data, report_notes=form.report_notes.data,
                                 next_check_in_on=form.next_check_in_on.data, actor=current_user,
                                 expected_version=form.version.data, today=today_in_england())
        except Conflict:
            raise
        except ServiceError as error:
            db.session.rollback()
            form.visited_on.errors.append(str(error))
        else:
            message = "Visit recorded, with a check-in."
            if form.outcome.data == CheckInOutcome.CONCERN.value:
                message += (" The associate raised a concern: if it is a safeguarding concern, record it now with "
                            "'Record a safeguarding concern' and refer it through the council's safeguarding "
                            "procedure.")
            flash(message, "success")
            return _back_to_case(case)
    return render_page("backoffice/ehe_associates/record.html", page_title="Record the visit", case=case,
                       visit=visit, form=form)


@requires("backoffice:ehe_associates:write")
@commits
def ehe_visit_cancel(case_id: uuid.UUID, visit_id: uuid.UUID):
    case = _case(case_id)
    visit = _visit(case, visit_id)
    form = forms.CancelVisitForm(version=case.version) if request.method == "GET" else forms.CancelVisitForm()
    if form.validate_on_submit():
        try:
            service.cancel_visit(case, visit, reason=form.reason.data, actor=current_user,
                                 expected_version=form.version.data, today=today_in_england())
        except Conflict:
            raise
        except ServiceError as error:
            db.session.rollback()
            form.reason.errors.append(str(error))
        else:
            flash("Visit cancelled. The associate is being told.", "success")
            return _back_to_case(case)
    return render_page("backoffice/ehe_associates/cancel.html", page_title="Cancel the visit", case=case,
                       visit=visit, form=form)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/home-education/associates", view_func=ehe_associates)
    bp.add_url_rule("/home-education/associates/new", view_func=ehe_associate_new, methods=["GET", "POST"])
    bp.add_url_rule("/home-education/associates/<uuid:associate_id>", view_func=ehe_associate_edit,
                    methods=["GET", "POST"])
    bp.add_url_rule("/home-education/associates/<uuid:associate_id>/active", view_func=ehe_associate_active,
                    methods=["POST"])
    bp.add_url_rule("/home-education/budget", view_func=ehe_budget)
    bp.add_url_rule("/home-education/budget/<int:year>", view_func=ehe_budget_set, methods=["POST"])
    bp.add_url_rule("/home-education/budget/<int:year>/associates/<uuid:associate_id>",
                    view_func=ehe_budget_associate)
    bp.add_url_rule("/home-education/cases/<uuid:case_id>/visits/new", view_func=ehe_visit_new,
                    methods=["GET", "POST"])
    bp.add_url_rule("/home-education/cases/<uuid:case_id>/visits/<uuid:visit_id>/record",
                    view_func=ehe_visit_record, methods=["GET", "POST"])
    bp.add_url_rule("/home-education/cases/<uuid:case_id>/visits/<uuid:visit_id>/cancel",
                    view_func=ehe_visit_cancel, methods=["GET", "POST"])

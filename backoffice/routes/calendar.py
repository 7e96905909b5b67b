"""Administration: the school calendar (academic years, terms, INSET and other closure days)
that school-day deadlines are counted on (`shared.domain.school_days`)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextInput
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from shared.db import db
from shared.domain.school_days import ClosureKind
from shared.forms import GovDateField, GovForm, submit_field
from shared.queries.calendar import (
    academic_year,
    academic_years,
    closure_in_year,
    school_calendar,
    term_in_year,
)
from shared.services import calendar as calendar_service
from shared.services.calendar import CalendarError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

READ, WRITE = "backoffice:config:read", "backoffice:config:write"


class AcademicYearForm(GovForm):
    start_year = StringField("The year it starts", widget=GovTextInput(),
                             description="The academic year runs from 1 September to 31 August. "
                                         "For example, 2027 for the academic year 2027 to 2028",
                             validators=[DataRequired("Enter the year the academic year starts"),
                                         Regexp(r"^\s*\d{4}\s*$", message="Enter the year in 4 digits, for example 2027")])
    submit = submit_field("Add the academic year")


class TermForm(GovForm):
    name = StringField("Name of the term", widget=GovTextInput(),
                       description="For example, Autumn 1. Enter each half-term as its own term: "
                                   "the holidays are the gaps between terms",
                       validators=[DataRequired("Enter the name of the term"),
                                   Length(max=60, message="The name must be 60 characters or fewer")])
    first_day = GovDateField("First day", required_message="Enter the first day of the term",
                             description="The first day of term, even if it is an INSET day. For example, 1 9 2027")
    last_day = GovDateField("Last day", required_message="Enter the last day of the term",
                            description="For example, 22 10 2027")
    submit = submit_field("Save the term")


class ClosureForm(GovForm):
    day = GovDateField("Date", required_message="Enter the date schools are closed",
                       description="For example, 1 11 2027")
    kind = RadioField("What kind of closure is it?", widget=GovRadioInput(),
                      choices=[(k.value, k.label) for k in ClosureKind],
                      validators=[DataRequired("Select the kind of closure")])
    note = StringField("Note (optional)", widget=GovTextInput(),
                       description="For example, Staff training or Polling day",
                       validators=[Optional(), Length(max=200, message="The note must be 200 characters or fewer")])
    submit = submit_field("Save the closure day")


class RemoveForm(GovForm):
    submit = submit_field("Remove")


def _school_days_by_term(years) -> dict:
    """School days in each term, for the administrator to check the dates (None when a year the
    bank holiday table does not cover makes the count unknown)."""
    calendar = school_calendar()
    counts = {}
    for year in years:
        for term in year.terms:
            try:
                counts[term.id] = calendar.school_days_between(term.first_day, term.last_day)
            except LookupError:
                counts[term.id] = None
    return counts


def _year_or_404(year_id: uuid.UUID):
    return academic_year(year_id) or abort(404)


def _field_error(form: GovForm, error: CalendarError) -> None:
    field = getattr(form, error.field or "", None) or next(iter(form))
    field.errors = [*field.errors, str(error)]


@requires(READ)
def calendar_page():
    years = academic_years()
    return render_page("backoffice/calendar/index.html", page_title="School calendar", years=years,
                       school_days=_school_days_by_term(years))


@requires(WRITE)
@commits
def new_year():
    form = AcademicYearForm()
    if form.validate_on_submit():
        try:
            year = calendar_service.add_academic_year(int(form.start_year.data), actor=current_user)
        except CalendarError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(f"Academic year {year.label} added. Now add its terms.", "success")
            return redirect(url_for("backoffice.calendar_page", _anchor=f"year-{year.start_year}"))
    return render_page("backoffice/calendar/year_new.html", page_title="Add an academic year", form=form)


@requires(WRITE)
@commits
def term_form(year_id: uuid.UUID, term_id: uuid.UUID | None = None):
    year = _year_or_404(year_id)
    term = None
    if term_id is not None:
        term = term_in_year(year, term_id) or abort(404)
    form = TermForm(obj=term)
    if form.validate_on_submit():
        values = dict(name=form.name.data, first_day=form.first_day.data, last_day=form.last_day.data,
                      actor=current_user)
        try:
            if term is None:
                saved = calendar_service.add_term(year, **values)
            else:
                saved = calendar_service.edit_term(term, **values)
        except CalendarError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(f"{saved.name} saved for {year.label}.", "success")
            return redirect(url_for("backoffice.calendar_page", _anchor=f"year-{year.start_year}"))
    title = f"Add a term to {year.label}" if term is None else f"Change {term.name} ({year.label})"
    return render_page("backoffice/calendar/term_form.html", page_title=title, form=form, year=year, term=term)


@requires(WRITE)
@commits
def remove_term(year_id: uuid.UUID, term_id: uuid.UUID):
    year = _year_or_404(year_id)
    term = term_in_year(year, term_id) or abort(404)
    form = RemoveForm()
    if form.validate_on_submit():
        name = term.name
        calendar_service.delete_term(term, actor=current_user)
        flash(f"{name} removed from {year.label}.", "success")
        return redirect(url_for("backoffice.calendar_page", _anchor=f"year-{year.start_year}"))
    return render_page("backoffice/calendar/remove.html", page_title=f"Remove {term.name} ({year.label})?",
                       form=form, year=year,
                       action=url_for("backoffice.remove_term", year_id=year.id, term_id=term.id),
                       what=f"{term.name}, {term.first_day.day} {term.first_day:%B %Y} to "
                            f"{term.last_day.day} {term.last_day:%B %Y}")


@requires(WRITE)
@commits
def closure_form(year_id: uuid.UUID, closure_id: uuid.UUID | None = None):
    year = _year_or_404(year_id)
    closure = None
    if closure_id is not None:
        closure = closure_in_year(year, closure_id) or abort(404)
    form = ClosureForm(data={"day": closure.day, "kind": closure.kind.value, "note": closure.note}
                       if closure else {"kind": ClosureKind.INSET.value})
    if form.validate_on_submit():
        values = dict(day=form.day.data, kind=ClosureKind(form.kind.data), note=form.note.data or "",
                      actor=current_user)
        try:
            if closure is None:
                saved = calendar_service.add_closure_day(year, **values)
            else:
                saved = calendar_service.edit_closure_day(closure, **values)
        except CalendarError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            flash(f"{saved.kind.label} on {saved.day.day} {saved.day:%B %Y} saved.", "success")
            return redirect(url_for("backoffice.calendar_page", _anchor=f"year-{year.start_year}"))
    title = (f"Add an INSET or closure day to {year.label}" if closure is None
             else f"Change the closure day of {closure.day.day} {closure.day:%B %Y}")
    return render_page("backoffice/calendar/closure_form.html", page_title=title, form=form, year=year,
                       closure=closure)


@requires(WRITE)
@commits
def remove_closure(year_id: uuid.UUID, closure_id: uuid.UUID):
    year = _year_or_404(year_id)
    closure = closure_in_year(year, closure_id) or abort(404)
    form = RemoveForm()
    when = f"{closure.day.day} {closure.day:%B %Y}"
    if form.validate_on_submit():
        calendar_service.delete_closure_day(closure, actor=current_user)
        flash(f"The closure day on {when} was removed.", "success")
        return redirect(url_for("backoffice.calendar_page", _anchor=f"year-{year.start_year}"))
    return render_page("backoffice/calendar/remove.html", page_title=f"Remove the closure day on {when}?",
                       form=form, year=year,
                       action=url_for("backoffice.remove_closure", year_id=year.id, closure_id=closure.id),
                       what=f"{closure.kind.label} on {when}" + (f" ({closure.note})" if closure.note else ""))


def register(bp: Blueprint) -> None:
    both = ["GET", "POST"]
    bp.add_url_rule("/admin/calendar", view_func=calendar_page)
    bp.add_url_rule("/admin/calendar/years/new", view_func=new_year, methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/terms/new", view_func=term_form, methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/terms/<uuid:term_id>", view_func=term_form, methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/terms/<uuid:term_id>/remove", view_func=remove_term,
                    methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/closures/new", view_func=closure_form, methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/closures/<uuid:closure_id>", view_func=closure_form,
                    methods=both)
    bp.add_url_rule("/admin/calendar/<uuid:year_id>/closures/<uuid:closure_id>/remove", view_func=remove_closure,
                    methods=both)

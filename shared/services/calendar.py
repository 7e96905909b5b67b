"""Keeping the school calendar: academic years, their terms and closure days.

One function per action. These rows are council configuration, not case events, so nothing goes
on a chronology; the rules are those of `shared.domain.school_days.AcademicYearDates`, checked
here with messages for the administrator: a term lies inside its academic year (1 September to
31 August), starts before it ends and overlaps no other term; a closure day lies inside its
academic year, and there is one a date. Services never commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.domain.school_days import ClosureKind
from shared.models import AcademicYear, SchoolClosureDay, TermDates, User
from shared.services.errors import ServiceError

FIRST_START_YEAR, LAST_START_YEAR = 2000, 2100


class CalendarError(ServiceError):
    """A calendar rule refused the change; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def add_academic_year(start_year: int, *, actor: User) -> AcademicYear:
    """A new academic year starting on 1 September `start_year`, with no terms yet."""
    if not FIRST_START_YEAR <= start_year <= LAST_START_YEAR:
        raise CalendarError(f"The year must be between {FIRST_START_YEAR} and {LAST_START_YEAR}", "start_year")
    if db.session.scalar(select(AcademicYear.id).where(AcademicYear.start_year == start_year)) is not None:
        raise CalendarError(f"The academic year {start_year} to {start_year + 1} has already been added",
                            "start_year")
    year = AcademicYear(start_year=start_year)
    db.session.add(year)
    db.session.flush()
    return year


def _check_term(year: AcademicYear, name: str, first_day: date, last_day: date,
                term: TermDates | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise CalendarError("Enter the name of the term", "name")
    if first_day < year.first_day:
        raise CalendarError(f"The first day must be on or after 1 September {year.start_year}, "
                            f"the start of the academic year {year.label}", "first_day")
    if last_day > year.last_day:
        raise CalendarError(f"The last day must be on or before 31 August {year.start_year + 1}, "
                            f"the end of the academic year {year.label}", "last_day")
    if last_day <= first_day:
        raise CalendarError("The last day must be after the first day", "last_day")
    for other in year.terms:
        if other is term:
            continue
        if first_day <= other.last_day and other.first_day <= last_day:
            raise CalendarError(f"These dates overlap {other.name} ({_long(other.first_day)} to "
                                f"{_long(other.last_day)})", "first_day")
    return name


def add_term(year: AcademicYear, *, name: str, first_day: date, last_day: date, actor: User) -> TermDates:
    """Add a term (or half-term) to an academic year."""
    name = _check_term(year, name, first_day, last_day)
    term = TermDates(academic_year=year, name=name, first_day=first_day, last_day=last_day)
    db.session.add(term)
    db.session.flush()
    return term


def edit_term(term: TermDates, *, name: str, first_day: date, last_day: date, actor: User) -> TermDates:
    """Change a term's name or dates."""
    name = _check_term(term.academic_year, name, first_day, last_day, term)
    term.name, term.first_day, term.last_day = name, first_day, last_day
    db.session.flush()
    return term


def delete_term(term: TermDates, *, actor: User) -> None:
    """Remove a term."""
    year = term.academic_year
    year.terms.remove(term)
    db.session.flush()


def _check_closure(year: AcademicYear, day: date, kind: ClosureKind, note: str,
                   closure: SchoolClosureDay | None = None) -> str:
    if not year.first_day <= day <= year.last_day:
        raise CalendarError(f"The date must be in the academic year {year.label} "
                            f"(1 September {year.start_year} to 31 August {year.start_year + 1})", "day")
    clash = db.session.scalar(select(SchoolClosureDay).where(SchoolClosureDay.day == day))
    if clash is not None and clash is not closure:
        raise CalendarError(f"{_long(day)} is already recorded as a closure day", "day")
    if not isinstance(kind, ClosureKind):
        raise CalendarError("Select the kind of closure", "kind")
    note = (note or "").strip()
    if len(note) > 200:
        raise CalendarError("The note must be 200 characters or fewer", "note")
    return note


def add_closure_day(year: AcademicYear, *, day: date, kind: ClosureKind, note: str, actor: User) -> SchoolClosureDay:
    """Record a day schools are closed to pupils: an INSET day or another closure."""
    note = _check_closure(year, day, kind, note)
    closure = SchoolClosureDay(academic_year=year, day=day, kind=kind, note=note)
    db.session.add(closure)
    db.session.flush()
    return closure


def edit_closure_day(closure: SchoolClosureDay, *, day: date, kind: ClosureKind, note: str,
                     actor: User) -> SchoolClosureDay:
    """Change a closure day's date, kind or note."""
    note = _check_closure(closure.academic_year, day, kind, note, closure)
    closure.day, closure.kind, closure.note = day, kind, note
    db.session.flush()
    return closure


def delete_closure_day(closure: SchoolClosureDay, *, actor: User) -> None:
    """Remove a closure day."""
    closure.academic_year.closures.remove(closure)
    db.session.flush()

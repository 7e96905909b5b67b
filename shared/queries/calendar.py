"""The school calendar: academic years with their terms and closure days, and the
`SchoolCalendar` that counts school days (`shared.domain.school_days`).

Calendar rows are council configuration, not a child's record: any user may be given school-day
dates computed from them, and only the back-office pages that change them are limited (to
administrators, `backoffice:config:*`)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared.db import db
from shared.domain.school_days import AcademicYearDates, ClosureDay, SchoolCalendar, Term
from shared.models import AcademicYear, SchoolClosureDay, TermDates


def academic_years() -> list[AcademicYear]:
    """Every academic year, oldest first, with its terms and closure days loaded (in date order)."""
    stmt = (select(AcademicYear).options(selectinload(AcademicYear.terms), selectinload(AcademicYear.closures))
            .order_by(AcademicYear.start_year))
    return list(db.session.scalars(stmt))


def academic_year(year_id: uuid.UUID) -> AcademicYear | None:
    return db.session.get(AcademicYear, year_id)


def term_in_year(year: AcademicYear, term_id: uuid.UUID) -> TermDates | None:
    """A term of this academic year (None for a term of another year, so ids cannot be mixed)."""
    term = db.session.get(TermDates, term_id)
    return term if term is not None and term.academic_year_id == year.id else None


def closure_in_year(year: AcademicYear, closure_id: uuid.UUID) -> SchoolClosureDay | None:
    """A closure day of this academic year (None for one of another year)."""
    closure = db.session.get(SchoolClosureDay, closure_id)
    return closure if closure is not None and closure.academic_year_id == year.id else None


def school_calendar() -> SchoolCalendar:
    """The council's calendar as stored, in 2 queries. Years without terms count as not
    configured, so a date in them raises `CalendarNotConfigured` rather than having no school
    days."""
    return SchoolCalendar(tuple(
        AcademicYearDates(
            year.start_year,
            tuple(Term(t.name, t.first_day, t.last_day) for t in year.terms),
            tuple(ClosureDay(c.day, c.kind, c.note) for c in year.closures),
        )
        for year in academic_years()
    ))

"""The council's school calendar: academic years, their terms and the days schools are closed
(INSET and other closures). An administrator keeps it in the back-office
(`shared.services.calendar`); `shared.queries.calendar.school_calendar` turns it into the
`shared.domain.school_days.SchoolCalendar` that counts school days. Bank holidays are not
stored: they come from `shared.domain.dates`."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db
from shared.domain.school_days import ClosureKind, academic_year_label


class AcademicYear(UUIDPk, db.Model):
    """1 September `start_year` to 31 August the year after, labelled "2026 to 2027"."""

    __tablename__ = "academic_years"

    start_year: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)

    terms: Mapped[list[TermDates]] = relationship(back_populates="academic_year", cascade="all, delete-orphan",
                                                  order_by="TermDates.first_day")
    closures: Mapped[list[SchoolClosureDay]] = relationship(back_populates="academic_year",
                                                            cascade="all, delete-orphan",
                                                            order_by="SchoolClosureDay.day")

    def __init__(self, *, start_year: int, **kw):
        super().__init__(start_year=start_year, label=academic_year_label(start_year), **kw)

    @property
    def first_day(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 8, 31)


class TermDates(UUIDPk, db.Model):
    """One term (or half-term): schools open on its weekdays from `first_day` to `last_day`."""

    __tablename__ = "term_dates"
    __table_args__ = (CheckConstraint("first_day < last_day", name="first_before_last"),)

    academic_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_years.id", ondelete="CASCADE"),
                                                        index=True)
    name: Mapped[str] = mapped_column(String(60))
    first_day: Mapped[date]
    last_day: Mapped[date]

    academic_year: Mapped[AcademicYear] = relationship(back_populates="terms")


class SchoolClosureDay(UUIDPk, db.Model):
    """A day in term on which schools hold no sessions for pupils: an INSET day or another
    closure. One row a date."""

    __tablename__ = "school_closure_days"

    academic_year_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("academic_years.id", ondelete="CASCADE"),
                                                        index=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[ClosureKind] = mapped_column(
        Enum(ClosureKind, name="closure_kind", values_callable=lambda e: [m.value for m in e]))
    note: Mapped[str] = mapped_column(String(200), default="")

    academic_year: Mapped[AcademicYear] = relationship(back_populates="closures")

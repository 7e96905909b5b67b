"""School days: the council's term dates, and the clocks of home education and Section 19.

statutory-rules.md ("Counting days"): "school days" depend on the council's term dates,
configured per academic year with INSET days. A school day here is a day on which the
council's schools hold sessions for pupils (the meaning of "school day" in EA 1996 s.579(1): a
day on which there is a school session), which is a day that is

- inside one of the academic year's terms (half-terms are the gaps between terms),
- a Monday to Friday,
- not a bank holiday in England (`shared.domain.dates`), and
- not an INSET day or another closure day the council has recorded.

An academic year runs from 1 September to 31 August and is labelled "2026 to 2027". A
`SchoolCalendar` covers only the academic years it was given terms for: any question about a
date outside them (or about a bank holiday year `shared.domain.dates` does not cover) raises
instead of guessing, because a wrong school-day deadline is worse than none.

The clocks at the end each cite their source: the 6th school day of a permanent exclusion
(`excluded_pupil_provision_from`), the 15 school days of absence through illness
(`illness_provision_trigger`), the s.437 notice period (`s437_notice_deadline`, calendar days)
and the council's own target for deciding a Section 19 referral (`referral_decision_due`).
Every function is pure and takes `datetime.date` values only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.domain.dates import is_bank_holiday, require_date, window_beginning_with

__all__ = [
    "DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS",
    "EXCLUSION_PROVISION_SCHOOL_DAY",
    "ILLNESS_THRESHOLD_SCHOOL_DAYS",
    "S437_MINIMUM_DAYS",
    "AcademicYearDates",
    "CalendarNotConfigured",
    "ClosureDay",
    "ClosureKind",
    "S437Deadline",
    "SchoolCalendar",
    "Term",
    "academic_year_label",
    "academic_year_of",
    "excluded_pupil_provision_from",
    "illness_provision_trigger",
    "referral_decision_due",
    "s437_notice_deadline",
]

EXCLUSION_PROVISION_SCHOOL_DAY = 6
ILLNESS_THRESHOLD_SCHOOL_DAYS = 15
S437_MINIMUM_DAYS = 15
# A local target, not a statutory one: the council's own standard for deciding a Section 19
# referral. Kept configurable (pass `school_days`); 5 school days is a placeholder (check with the
# Section 19 lead).
DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS = 5


def academic_year_of(d: date) -> int:
    """The calendar year in which `d`'s academic year starts (1 September to 31 August):
    2026 for any day from 1 September 2026 to 31 August 2027."""
    require_date(d)
    return d.year if d.month >= 9 else d.year - 1


def academic_year_label(start_year: int) -> str:
    """"2026 to 2027" for the academic year starting on 1 September 2026 (GOV.UK style)."""
    return f"{start_year} to {start_year + 1}"


class ClosureKind(enum.Enum):
    """Why schools are closed to pupils on a day inside a term."""

    INSET = "inset"  # a training day: staff at work, no sessions for pupils
    OTHER = "other"  # for example a polling day or an extra bank holiday the table lacks

    @property
    def label(self) -> str:
        return {"inset": "INSET day", "other": "Other closure"}[self.value]


@dataclass(frozen=True)
class Term:
    """One term (or half-term) of an academic year: schools are open on its weekdays from
    `first_day` to `last_day` inclusive, except bank holidays and closure days."""

    name: str
    first_day: date
    last_day: date

    def __post_init__(self):
        require_date(self.first_day, "first_day")
        require_date(self.last_day, "last_day")
        if self.last_day < self.first_day:
            raise ValueError(f"term {self.name!r} ends ({self.last_day}) before it starts ({self.first_day})")

    def __contains__(self, d: date) -> bool:
        return self.first_day <= d <= self.last_day


@dataclass(frozen=True)
class ClosureDay:
    """A day inside a term on which schools hold no sessions for pupils."""

    day: date
    kind: ClosureKind = ClosureKind.INSET
    note: str = ""


@dataclass(frozen=True)
class AcademicYearDates:
    """One academic year's terms and closure days.

    Refuses a term or closure day outside 1 September `start_year` to 31 August
    `start_year + 1`, and overlapping terms: the storage layer validates the same rules with
    messages for people (`shared.services.calendar`)."""

    start_year: int
    terms: tuple[Term, ...] = ()
    closures: tuple[ClosureDay, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "terms", tuple(sorted(self.terms, key=lambda t: t.first_day)))
        object.__setattr__(self, "closures", tuple(sorted(self.closures, key=lambda c: c.day)))
        for term in self.terms:
            if term.first_day < self.first_day or term.last_day > self.last_day:
                raise ValueError(f"term {term.name!r} is not inside the academic year {self.label}")
        for earlier, later in zip(self.terms, self.terms[1:], strict=False):
            if later.first_day <= earlier.last_day:
                raise ValueError(f"terms {earlier.name!r} and {later.name!r} overlap")
        for closure in self.closures:
            require_date(closure.day, "closure day")
            if not self.first_day <= closure.day <= self.last_day:
                raise ValueError(f"closure day {closure.day} is not inside the academic year {self.label}")

    @property
    def label(self) -> str:
        return academic_year_label(self.start_year)

    @property
    def first_day(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 8, 31)


class CalendarNotConfigured(LookupError):
    """Raised for a date in an academic year the council has not entered term dates for.

    Counting school days in such a year would be a guess: an administrator must add the year's
    terms first (back-office, "School calendar")."""

    def __init__(self, d: date, configured: Iterable[int]):
        configured = sorted(configured)
        covered = ", ".join(academic_year_label(y) for y in configured) or "none"
        super().__init__(
            f"No term dates for the academic year {academic_year_label(academic_year_of(d))} "
            f"(needed for {d.isoformat()}). Term dates are entered for: {covered}. "
            "An administrator must add them under School calendar before school days can be counted."
        )
        self.day = d
        self.academic_year = academic_year_of(d)


@dataclass(frozen=True)
class SchoolCalendar:
    """The council's school calendar over one or more academic years.

    An academic year given without any term counts as not configured (a year just created in the
    back-office, with its terms still to come, must not read as a year without school days)."""

    years: tuple[AcademicYearDates, ...] = ()
    _by_start: dict[int, AcademicYearDates] = field(init=False, repr=False, compare=False)
    _closed: frozenset[date] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        years = tuple(sorted((y for y in self.years if y.terms), key=lambda y: y.start_year))
        by_start: dict[int, AcademicYearDates] = {}
        for year in years:
            if year.start_year in by_start:
                raise ValueError(f"the academic year {year.label} is given twice")
            by_start[year.start_year] = year
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "_by_start", by_start)
        object.__setattr__(self, "_closed", frozenset(c.day for y in years for c in y.closures))

    @property
    def configured_years(self) -> tuple[int, ...]:
        """The start years of the academic years with term dates, in order."""
        return tuple(self._by_start)

    def _year(self, d: date) -> AcademicYearDates:
        require_date(d)
        year = self._by_start.get(academic_year_of(d))
        if year is None:
            raise CalendarNotConfigured(d, self._by_start)
        return year

    def covers(self, d: date) -> bool:
        """Whether `d` falls in an academic year with term dates."""
        return academic_year_of(d) in self._by_start

    def is_school_day(self, d: date) -> bool:
        """Whether schools hold sessions for pupils on `d` (see the module docstring).

        Raises `CalendarNotConfigured` for a date outside the configured academic years, and
        `shared.domain.dates.BankHolidayYearNotCovered` for any date in a calendar year the bank
        holiday table does not cover (even a weekend, as `dates.is_working_day` does)."""
        year = self._year(d)
        if is_bank_holiday(d):  # asked first, so a missing bank holiday year is known at once
            return False
        if d.weekday() >= 5 or d in self._closed:
            return False
        return any(d in term for term in year.terms)

    def term_of(self, d: date) -> Term | None:
        """The term `d` falls in (weekends and closure days included), or None in a holiday."""
        return next((term for term in self._year(d).terms if d in term), None)

    def school_days_between(self, start: date, end: date) -> int:
        """How many school days there are from `start` to `end`, both days included.

        From Friday 23 October 2026 to Monday 9 November 2026 there are 6 when half-term runs
        26-30 October and 2 November is an INSET day. `end` before `start` is refused; every day
        of the range must be in a configured academic year."""
        require_date(start, "start")
        require_date(end, "end")
        if end < start:
            raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
        count, current = 0, start
        while current <= end:
            count += self.is_school_day(current)
            current += timedelta(days=1)
        return count

    def nth_school_day_of(self, start: date, n: int) -> date:
        """The n-th school day of a period beginning with `start`: `start` is day 1 when it is a
        school day; otherwise day 1 is the first school day after it. `n` is at least 1.

        Raises `CalendarNotConfigured` when the count runs out of the configured years."""
        require_date(start, "start")
        if n < 1:
            raise ValueError(f"n counts school days from 1, not {n}")
        current, seen = start, 0
        while True:
            if self.is_school_day(current):
                seen += 1
                if seen == n:
                    return current
            current += timedelta(days=1)

    def add_school_days(self, start: date, n: int) -> date:
        """The n-th school day after `start` (`start` itself is never counted, whether or not
        it is a school day). `add_school_days(Friday before half-term, 1)` is the first school
        day after half-term. `n` is at least 1; `start` must be in a configured year."""
        self._year(start)
        if n < 1:
            raise ValueError(f"n counts school days from 1, not {n}")
        return self.nth_school_day_of(start + timedelta(days=1), n)

    def first_school_day_on_or_after(self, d: date) -> date:
        """`d` when it is a school day, otherwise the next school day."""
        return self.nth_school_day_of(d, 1)


# --- The clocks -----------------------------------------------------------------------------


def excluded_pupil_provision_from(calendar: SchoolCalendar, exclusion_start: date) -> date:
    """The day from which the council must arrange suitable full-time education for a pupil
    permanently excluded from a school: the 6th school day of the exclusion.

    Source: EA 1996 s.19(3A) (the duty, for a pupil permanently excluded, applies from the day
    prescribed); the Education (Provision of Full-Time Education for Excluded Pupils) (England)
    Regulations 2007 (SI 2007/1870) reg 4 prescribes it as the sixth school day of the exclusion
    ("the relevant day", reg 4(3)(b): "the sixth consecutive school day of exclusion" since SI
    2014/3216 reg 2(2); the explanatory note of SI 2007/1870 puts the councils' duty in reg 4 and
    the governing bodies' in reg 3, checked on legislation.gov.uk). Reg 3 of the same
    Regulations is the governing body's duty for a suspension (fixed period), which this does not
    compute; reg 5 lists the exceptions (a Year 11 pupil with no examinations left; reduced
    hours a plan specifies), which officers record, not this function. statutory-rules.md
    section 6.

    Reading of the day count: the regulation counts school days "of exclusion", so the first
    school day of the exclusion is day 1. `exclusion_start` is the first day the pupil is excluded
    (the day the exclusion takes effect, not the day of the head teacher's decision when that
    is earlier; still to check: an exclusion that starts part-way through a school day, which
    we count from that day). It is day 1 when it is a school day, otherwise day 1 is the next school day;
    days 2 to 6 are the following school days, so holidays, weekends, bank holidays and INSET
    days are skipped. An exclusion starting on Friday 23 October 2026, before half-term and an
    INSET day on Monday 2 November, gives Monday 9 November 2026.
    """
    return calendar.nth_school_day_of(exclusion_start, EXCLUSION_PROVISION_SCHOOL_DAY)


def illness_provision_trigger(absence_days_so_far: int, expected_further_days: int, *,
                              threshold: int = ILLNESS_THRESHOLD_SCHOOL_DAYS) -> bool:
    """Whether it is clear that a child will miss 15 school days or more because of their
    health, consecutive or cumulative, so that the council must arrange provision.

    Source: EA 1996 s.19(1); DfE statutory guidance "Arranging education for children who cannot
    attend school because of health needs" (December 2023): the council should arrange suitable
    full-time (or, in the child's interests, part-time) education as soon as it is clear that the
    child will be away from school for 15 days or more, whether consecutively or cumulatively, and
    medical evidence must not be a precondition. statutory-rules.md section 6.

    `absence_days_so_far` is the school days already missed through illness (consecutive or not,
    as the school reports them); `expected_further_days` is the school days the child is expected
    to miss from now (count them with `SchoolCalendar.school_days_between` over the expected
    absence). The answer is True as soon as the two together reach the threshold: the council
    need not wait for the 15th day. The threshold is a parameter only so a council can act
    earlier; never set it above 15.
    """
    for name, value in (("absence_days_so_far", absence_days_so_far),
                        ("expected_further_days", expected_further_days), ("threshold", threshold)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number of school days, 0 or more, not {value!r}")
    if threshold > ILLNESS_THRESHOLD_SCHOOL_DAYS or threshold < 1:
        raise ValueError(f"the threshold is at most {ILLNESS_THRESHOLD_SCHOOL_DAYS} school days, not {threshold}")
    return absence_days_so_far + expected_further_days >= threshold


@dataclass(frozen=True)
class S437Deadline:
    """The period a parent is given by a notice under EA 1996 s.437(1).

    `period_ends_on` is the last day of the period (the parent may satisfy the council up to
    and including it); `may_act_from` is the first day the council may consider a school
    attendance order if it is still not satisfied (s.437(3)), the day after."""

    served_on: date
    days: int
    period_ends_on: date
    may_act_from: date


def s437_notice_deadline(served_on: date, days: int = S437_MINIMUM_DAYS) -> S437Deadline:
    """The period of a notice requiring a parent to satisfy the council that their child is
    receiving suitable education.

    Source: EA 1996 s.437(1) (the notice, with "the period specified in the notice") and
    s.437(2): the period "shall not be less than 15 days beginning with the day on which the
    notice is served". statutory-rules.md section 5 and "Counting days".

    The days are calendar days, not school or working days, and the day of service is day 1, so
    a 15-day period served on Monday 2 November 2026 ends on Monday 16 November 2026
    (served_on + 14), and the council may act (consider a school attendance order, s.437(3))
    from Tuesday 17 November 2026. The end is not moved off a weekend or bank holiday (no rule
    says so; check). A notice may give more than 15 days (`days`), never fewer. When the notice
    is posted, `served_on` is the day service is deemed to happen, not the day of posting (check:
    EA 1996 s.572 and Interpretation Act 1978 s.7).
    """
    require_date(served_on, "served_on")
    if isinstance(days, bool) or not isinstance(days, int) or days < S437_MINIMUM_DAYS:
        raise ValueError(f"a s.437(1) notice gives at least {S437_MINIMUM_DAYS} days, not {days!r}")
    ends = window_beginning_with(served_on, days)
    return S437Deadline(served_on=served_on, days=days, period_ends_on=ends, may_act_from=ends + timedelta(days=1))


def referral_decision_due(calendar: SchoolCalendar, received_on: date, *,
                          school_days: int = DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS) -> date:
    """The day by which the council aims to decide a Section 19 referral: the `school_days`-th
    school day after the day it was received (the day received is not counted).

    Source: none in statute. This is the council's local target (statutory-rules.md section 6
    asks for a configurable target), so `school_days` is a setting; the default of
    `DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS` is a placeholder (check). The statutory duties run
    separately: `excluded_pupil_provision_from` and `illness_provision_trigger`.
    """
    if isinstance(school_days, bool) or not isinstance(school_days, int) or school_days < 1:
        raise ValueError(f"the referral decision target is 1 school day or more, not {school_days!r}")
    return calendar.add_school_days(received_on, school_days)

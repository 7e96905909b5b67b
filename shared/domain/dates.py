"""Counting days the way the SEND law counts them.

Every function here is pure and takes `datetime.date` values only (a `datetime` is refused, so a
time of day or a time zone can never shift a statutory date). The rules are those of
statutory-rules.md, "Counting days":

- "within N weeks of X" ends on X + 7N days (`add_weeks`);
- "at least N days beginning with the day on which it was served" includes the day of service,
  so it ends on service + N - 1 (`window_beginning_with`);
- "within N months" ends on the same day of the month N months later, or on the last day of
  that month when the day does not exist (`add_months`);
- working days exclude weekends and bank holidays in England and Wales (`is_working_day`);
- a Tribunal time limit that ends on a non-working day is met on the next working day
  (Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules
  2008 r.12(2)); in a special educational needs case, the time for providing the notice of
  appeal that ends on a day from 25 December to 1 January inclusive, or on any day in August,
  is met on the first working day after 1 January or 31 August (r.12(3)). The result is the
  date a family can rely on (`appeal_deadline`).

The SEND Regulations' own periods do not roll forward to a working day (statutory-rules.md,
marked "check"): only `appeal_deadline` rolls.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "BANK_HOLIDAYS_ENGLAND_AND_WALES",
    "BANK_HOLIDAYS_SOURCE",
    "AppealDeadline",
    "BankHolidayYearNotCovered",
    "HolidayRule",
    "add_months",
    "add_weeks",
    "appeal_deadline",
    "bank_holiday_years",
    "is_bank_holiday",
    "is_working_day",
    "next_working_day_on_or_after",
    "tribunal_rule_12_day",
    "window_beginning_with",
]

BANK_HOLIDAYS_SOURCE = "GOV.UK, UK bank holidays, England and Wales (https://www.gov.uk/bank-holidays)"

# England and Wales bank holidays, substitute days included, as published by GOV.UK
# (https://www.gov.uk/bank-holidays, also served as https://www.gov.uk/bank-holidays.json).
# GOV.UK publishes only a few years ahead: the later years here follow the standing pattern
# (Easter, first and last Mondays of May, last Monday of August, substitutes for a weekend
# New Year, Christmas or Boxing Day). A one-off bank holiday proclaimed later (as for the
# Coronation in 2023) must be added here by hand. Extend the table year by year; the functions
# below refuse any year it does not cover rather than guess.
BANK_HOLIDAYS_ENGLAND_AND_WALES: dict[date, str] = {
    # 2024
    date(2024, 1, 1): "New Year's Day",
    date(2024, 3, 29): "Good Friday",
    date(2024, 4, 1): "Easter Monday",
    date(2024, 5, 6): "Early May bank holiday",
    date(2024, 5, 27): "Spring bank holiday",
    date(2024, 8, 26): "Summer bank holiday",
    date(2024, 12, 25): "Christmas Day",
    date(2024, 12, 26): "Boxing Day",
    # 2025
    date(2025, 1, 1): "New Year's Day",
    date(2025, 4, 18): "Good Friday",
    date(2025, 4, 21): "Easter Monday",
    date(2025, 5, 5): "Early May bank holiday",
    date(2025, 5, 26): "Spring bank holiday",
    date(2025, 8, 25): "Summer bank holiday",
    date(2025, 12, 25): "Christmas Day",
    date(2025, 12, 26): "Boxing Day",
    # 2026 (Boxing Day is a Saturday)
    date(2026, 1, 1): "New Year's Day",
    date(2026, 4, 3): "Good Friday",
    date(2026, 4, 6): "Easter Monday",
    date(2026, 5, 4): "Early May bank holiday",
    date(2026, 5, 25): "Spring bank holiday",
    date(2026, 8, 31): "Summer bank holiday",
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 28): "Boxing Day (substitute day)",
    # 2027 (Christmas Day is a Saturday and Boxing Day a Sunday)
    date(2027, 1, 1): "New Year's Day",
    date(2027, 3, 26): "Good Friday",
    date(2027, 3, 29): "Easter Monday",
    date(2027, 5, 3): "Early May bank holiday",
    date(2027, 5, 31): "Spring bank holiday",
    date(2027, 8, 30): "Summer bank holiday",
    date(2027, 12, 27): "Christmas Day (substitute day)",
    date(2027, 12, 28): "Boxing Day (substitute day)",
    # 2028 (New Year's Day is a Saturday)
    date(2028, 1, 3): "New Year's Day (substitute day)",
    date(2028, 4, 14): "Good Friday",
    date(2028, 4, 17): "Easter Monday",
    date(2028, 5, 1): "Early May bank holiday",
    date(2028, 5, 29): "Spring bank holiday",
    date(2028, 8, 28): "Summer bank holiday",
    date(2028, 12, 25): "Christmas Day",
    date(2028, 12, 26): "Boxing Day",
    # 2029-2032 follow the standing pattern (see above); GOV.UK had not published them yet.
    # 2029
    date(2029, 1, 1): "New Year's Day",
    date(2029, 3, 30): "Good Friday",
    date(2029, 4, 2): "Easter Monday",
    date(2029, 5, 7): "Early May bank holiday",
    date(2029, 5, 28): "Spring bank holiday",
    date(2029, 8, 27): "Summer bank holiday",
    date(2029, 12, 25): "Christmas Day",
    date(2029, 12, 26): "Boxing Day",
    # 2030
    date(2030, 1, 1): "New Year's Day",
    date(2030, 4, 19): "Good Friday",
    date(2030, 4, 22): "Easter Monday",
    date(2030, 5, 6): "Early May bank holiday",
    date(2030, 5, 27): "Spring bank holiday",
    date(2030, 8, 26): "Summer bank holiday",
    date(2030, 12, 25): "Christmas Day",
    date(2030, 12, 26): "Boxing Day",
    # 2031
    date(2031, 1, 1): "New Year's Day",
    date(2031, 4, 11): "Good Friday",
    date(2031, 4, 14): "Easter Monday",
    date(2031, 5, 5): "Early May bank holiday",
    date(2031, 5, 26): "Spring bank holiday",
    date(2031, 8, 25): "Summer bank holiday",
    date(2031, 12, 25): "Christmas Day",
    date(2031, 12, 26): "Boxing Day",
    # 2032 (Christmas Day is a Saturday and Boxing Day a Sunday)
    date(2032, 1, 1): "New Year's Day",
    date(2032, 3, 26): "Good Friday",
    date(2032, 3, 29): "Easter Monday",
    date(2032, 5, 3): "Early May bank holiday",
    date(2032, 5, 31): "Spring bank holiday",
    date(2032, 8, 30): "Summer bank holiday",
    date(2032, 12, 27): "Christmas Day (substitute day)",
    date(2032, 12, 28): "Boxing Day (substitute day)",
}

_COVERED_YEARS = frozenset(d.year for d in BANK_HOLIDAYS_ENGLAND_AND_WALES)


class BankHolidayYearNotCovered(LookupError):
    """Raised for a date whose year the bank holiday table does not cover.

    Working-day arithmetic for such a year would be a guess, and a wrong appeal deadline on a
    notice is worse than no notice: the table must be extended first.
    """

    def __init__(self, year: int):
        covered = f"{min(_COVERED_YEARS)}-{max(_COVERED_YEARS)}"
        super().__init__(
            f"No England and Wales bank holiday data for {year}: the table in "
            f"shared/domain/dates.py covers {covered}. Add {year} from {BANK_HOLIDAYS_SOURCE} "
            "before counting working days in it."
        )
        self.year = year


class HolidayRule(enum.StrEnum):
    """Which part of r.12 of the Tribunal Procedure (First-tier Tribunal) (Health, Education and
    Social Care Chamber) Rules 2008 moved an appeal's last day, if any."""

    NONE = "none"
    # r.12(2): the period ends on a day that is not a working day.
    NEXT_WORKING_DAY = "r12_2"
    # r.12(3): a special educational needs appeal period ending from 25 December to 1 January.
    CHRISTMAS = "r12_3_christmas"
    # r.12(3): a special educational needs appeal period ending on any day in August.
    AUGUST = "r12_3_august"


@dataclass(frozen=True)
class AppealDeadline:
    """The time limit for appealing to the First-tier Tribunal (SEND) against one decision.

    `statutory_last_day` is the last day of the period in r.20 of the Tribunal Procedure
    (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules 2008; `rely_on` is
    the day an appeal is still in time under r.12 (the next working day under r.12(2), or the
    first working day after 1 January or 31 August under r.12(3)), which is the date the family
    is told. `basis` says which period applied: "notice" (2 months from the date of the notice)
    or "mediation_certificate" (1 month from the certificate, when that is later); `rule` says
    which part of r.12 moved the last day, if any.
    """

    notice_date: date
    mediation_certificate_date: date | None
    statutory_last_day: date
    rely_on: date
    basis: str
    rule: HolidayRule = HolidayRule.NONE

    @property
    def rolled_forward(self) -> bool:
        """True when r.12 lets an appeal in after the statutory last day."""
        return self.rely_on != self.statutory_last_day


def require_date(value: object, name: str = "d") -> date:
    # A datetime is a date subclass; refusing it keeps times and time zones out of the law.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def add_weeks(d: date, n: int) -> date:
    """The last day of a period "within N weeks of" `d`: d + 7N days.

    Used for the SEND Regulations 2014 week limits, e.g. 6 weeks to decide whether to assess
    (Regs 5(1)), 16 weeks to decide not to issue a plan (Regs 10(1)) and 20 weeks to issue the
    final plan (Regs 13(2)), all counted from the day the request was received. The result is
    not moved off a weekend or bank holiday (statutory-rules.md, "Counting days").
    """
    require_date(d)
    return d + timedelta(weeks=n)


def window_beginning_with(d: date, days: int) -> date:
    """The last day of "at least `days` days beginning with the day" `d`: d + days - 1.

    The day of service is day one of the window, so the 15 days to comment on a draft plan
    served on 1 March end on 15 March (SEND Regulations 2014 Regs 13(1); also Regs 22(2)(c)
    for proposed amendments). A window must be at least one day long.
    """
    require_date(d)
    if days < 1:
        raise ValueError(f"a window beginning with a day is at least 1 day long, not {days}")
    return d + timedelta(days=days - 1)


def add_months(d: date, n: int) -> date:
    """The same day of the month `n` months after `d`, or the last day of that month.

    This is "within N months" as statutory-rules.md counts it: 31 August + 2 months is
    31 October; 31 December + 2 months is 28 February (29 February in a leap year). It is the
    counting used for the appeal time limits of r.20 of the Tribunal Procedure (First-tier
    Tribunal) (Health, Education and Social Care Chamber) Rules 2008. `n` may be negative.
    """
    require_date(d)
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def bank_holiday_years() -> frozenset[int]:
    """The calendar years the England and Wales bank holiday table covers."""
    return _COVERED_YEARS


def is_bank_holiday(d: date) -> bool:
    """Whether `d` is a bank holiday in England and Wales (substitute days included).

    Source: GOV.UK bank holidays for England and Wales (`BANK_HOLIDAYS_SOURCE`). Raises
    `BankHolidayYearNotCovered` for a year outside the table instead of guessing.
    """
    require_date(d)
    if d.year not in _COVERED_YEARS:
        raise BankHolidayYearNotCovered(d.year)
    return d in BANK_HOLIDAYS_ENGLAND_AND_WALES


def is_working_day(d: date) -> bool:
    """Whether `d` is a working day: not a Saturday or Sunday, and not a bank holiday in
    England and Wales.

    This is the meaning of "working day" in statutory-rules.md, and of r.12(3) of the Tribunal
    Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules 2008
    (any day except a Saturday, Sunday, Christmas Day, Good Friday or a bank holiday; the GOV.UK
    table lists Christmas Day and Good Friday). Raises `BankHolidayYearNotCovered` for a year
    outside the table, even for a weekend, so callers learn of a missing year at once.
    """
    if is_bank_holiday(d):
        return False
    return d.weekday() < 5


def next_working_day_on_or_after(d: date) -> date:
    """`d` itself when it is a working day, otherwise the first working day after it.

    Applies r.12(2) of the Tribunal Procedure (First-tier Tribunal) (Health, Education and
    Social Care Chamber) Rules 2008: an act due on a day that is not a working day is in time on
    the next working day. Raises `BankHolidayYearNotCovered` when the search reaches a year the
    table does not cover.
    """
    current = require_date(d)
    while not is_working_day(current):
        current += timedelta(days=1)
    return current


def first_working_day_after(d: date) -> date:
    """The first working day strictly after `d` (the wording of r.12(3) of the Tribunal
    Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules 2008:
    "the first working day after 1st January or 31st August")."""
    return next_working_day_on_or_after(require_date(d) + timedelta(days=1))


def tribunal_rule_12_day(last_day: date) -> tuple[date, HolidayRule]:
    """The day an appeal to the First-tier Tribunal (SEND) is still in time when the period for
    providing the notice of appeal ends on `last_day`, and which rule says so.

    Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules
    2008, r.12:
    - (3), in a special educational needs case: if the time for providing the notice of appeal
      under r.20 ends on a day from 25 December to 1 January inclusive, or on any day in August,
      the notice is in time if provided on the first working day after 1 January or 31 August;
    - (2) otherwise: a time that ends on a day other than a working day is met on the next
      working day (a working day excludes Saturdays, Sundays, Christmas Day, Good Friday and bank
      holidays, r.12(4)).

    r.12(3) is applied to the day the period ends, as the rule says. A period ending on a
    weekend just before the windows (Saturday 24 December, Saturday 31 July) is moved only by
    r.12(2), to a day that may fall inside them: that earlier day is the one a family can safely
    rely on, since r.12(3) speaks of when the time ends, not of the day r.12(2) allows.
    """
    require_date(last_day, "last_day")
    if last_day.month == 8:
        return first_working_day_after(date(last_day.year, 8, 31)), HolidayRule.AUGUST
    if last_day.month == 12 and last_day.day >= 25:
        return first_working_day_after(date(last_day.year + 1, 1, 1)), HolidayRule.CHRISTMAS
    if last_day.month == 1 and last_day.day == 1:
        return first_working_day_after(last_day), HolidayRule.CHRISTMAS
    rely_on = next_working_day_on_or_after(last_day)
    return rely_on, (HolidayRule.NONE if rely_on == last_day else HolidayRule.NEXT_WORKING_DAY)


def appeal_deadline(notice_date: date, mediation_certificate_date: date | None = None) -> AppealDeadline:
    """The time limit for appealing to the First-tier Tribunal (SEND) against a decision.

    The appeal must reach the Tribunal by the later of 2 months after the date of the notice of
    the decision and 1 month after the date of a mediation certificate (Tribunal Procedure
    (First-tier Tribunal) (Health, Education and Social Care Chamber) Rules 2008 r.20; the
    certificate is the one a mediation adviser issues under CFA 2014 s.55). That last day is
    then moved as r.12 allows (`tribunal_rule_12_day`: the next working day, or over Christmas
    and in August the first working day after 1 January or 31 August); the family is shown both
    the statutory last day and the moved one ("the date you can rely on").

    A certificate dated before the notice cannot concern that notice's decision, so it is
    refused as a data error rather than silently ignored.
    """
    require_date(notice_date, "notice_date")
    by_notice = add_months(notice_date, 2)
    last_day, basis = by_notice, "notice"
    if mediation_certificate_date is not None:
        require_date(mediation_certificate_date, "mediation_certificate_date")
        if mediation_certificate_date < notice_date:
            raise ValueError(
                f"mediation certificate date {mediation_certificate_date.isoformat()} is before "
                f"the notice date {notice_date.isoformat()}"
            )
        by_certificate = add_months(mediation_certificate_date, 1)
        if by_certificate > by_notice:
            last_day, basis = by_certificate, "mediation_certificate"
    rely_on, rule = tribunal_rule_12_day(last_day)
    return AppealDeadline(
        notice_date=notice_date,
        mediation_certificate_date=mediation_certificate_date,
        statutory_last_day=last_day,
        rely_on=rely_on,
        basis=basis,
        rule=rule,
    )


LONDON = ZoneInfo("Europe/London")


def today_in_england() -> date:
    """The date in England now: the day a request made now is received (CFA s.36(1))."""
    return datetime.now(LONDON).date()


def date_in_england(moment: datetime) -> date:
    """The calendar date in England of a stored (UTC) moment."""
    return moment.astimezone(LONDON).date()


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a day, for the 0-25 age range of CFA 2014 s.83 (a birthday on
    29 February falls on 1 March in other years)."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))

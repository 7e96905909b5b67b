"""Section 19 rules: the package's weekly cost, group before individual, the review schedule and
the case's key dates (statutory-rules.md section 6; docs/section-19.md).

Pure functions on `datetime.date`, `Decimal` and a `SchoolCalendar`. A date the calendar does
not cover gives a plain note instead of a date: a school-day deadline is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from shared.domain.dates import BankHolidayYearNotCovered
from shared.domain.school_days import (
    ILLNESS_THRESHOLD_SCHOOL_DAYS,
    CalendarNotConfigured,
    SchoolCalendar,
    excluded_pupil_provision_from,
    illness_provision_trigger,
    referral_decision_due,
)

SCHOOL_DAYS_A_WEEK = 5
DEFAULT_REVIEW_WEEKS = 6
SOON_DAYS = 5
MAX_HOURS_A_WEEK = Decimal("40")
# A full-time education offer is not defined in statute; 25 hours a week is the usual reading of
# "full-time" for alternative provision in DfE guidance (check with the Section 19 lead).
FULL_TIME_HOURS = Decimal("25")

CALENDAR_ERRORS = (CalendarNotConfigured, BankHolidayYearNotCovered)


def weekly_cost(hourly_rate: Decimal, hours_per_week: Decimal) -> Decimal:
    """The provider's hourly rate times the hours a week, to the penny (half up)."""
    rate, hours = Decimal(hourly_rate), Decimal(hours_per_week)
    if rate < 0 or hours <= 0:
        raise ValueError("the rate cannot be negative and the hours must be more than 0")
    return (rate * hours).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def package_problems(*, individual: bool, group_available: bool, individual_reason: str, full_time: bool,
                     reduced_reason: str, hours_per_week: Decimal | None) -> dict[str, str]:
    """What is wrong with a package's choices, by form field (empty when nothing is).

    - Group before individual (the Section 19 lead's duty to use the High Needs Block well,
      with groups set up in preference to individual packages): choosing individual tuition when
      an active group provider exists needs a reason.
    - Reduced hours only where, for health reasons, full-time education would not be in the
      child's interests (EA 1996 s.19(3A)-(3AA), as substituted by the Children, Schools and
      Families Act 2010 s.3): the health reason must be recorded.
    """
    problems: dict[str, str] = {}
    if individual and group_available and not individual_reason.strip():
        problems["individual_reason"] = ("Explain why a group is not suitable: a group package is available "
                                         "and is preferred")
    if not full_time and not reduced_reason.strip():
        problems["reduced_reason"] = ("Record the health reason why reduced hours are in the child's "
                                      "interests")
    if hours_per_week is not None and not (Decimal(0) < Decimal(hours_per_week) <= MAX_HOURS_A_WEEK):
        problems["hours_per_week"] = f"Hours a week must be more than 0 and no more than {MAX_HOURS_A_WEEK}"
    return problems


def next_review_on(calendar: SchoolCalendar, after: date, weeks: int = DEFAULT_REVIEW_WEEKS) -> date:
    """The next review: `weeks` school weeks (5 school days each) after `after`, so holidays do
    not eat into the period. If the calendar does not cover the dates, `weeks` calendar weeks."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"a review period is 1 week or more, not {weeks!r}")
    try:
        return calendar.add_school_days(after, weeks * SCHOOL_DAYS_A_WEEK)
    except CALENDAR_ERRORS:
        return after + timedelta(weeks=weeks)


@dataclass(frozen=True)
class S19Date:
    """One key date, with where it stands in words (never colour alone). `status` returns the
    date itself so the shared key-dates component can show it."""

    label: str
    due_on: date
    state: str  # due, due_soon, overdue, done_in_time, done_late, planned_late
    text: str

    @property
    def status(self) -> S19Date:
        return self

    @property
    def is_done(self) -> bool:
        return self.state in ("done_in_time", "done_late")

    @property
    def urgent(self) -> bool:
        return self.state in ("due_soon", "overdue", "done_late", "planned_late")


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def date_status(label: str, due_on: date, today: date, *, done_on: date | None = None,
                done_word: str = "Done") -> S19Date:
    """Where a date stands on `today`: due, due soon (within 5 days), overdue, or done in time or
    late. A `done_on` in the future (a package that will start) is judged against the due date."""
    if done_on is not None:
        late = (done_on - due_on).days
        if late <= 0:
            return S19Date(label, due_on, "done_in_time", f"{done_word} on time ({done_on:%-d %B %Y})")
        state = "done_late" if done_on <= today else "planned_late"
        return S19Date(label, due_on, state, f"{done_word} late: {_days(late)} after this date ({done_on:%-d %B %Y})")
    left = (due_on - today).days
    if left < 0:
        return S19Date(label, due_on, "overdue", f"Overdue by {_days(-left)}")
    if left == 0:
        return S19Date(label, due_on, "due_soon", "Due today")
    return S19Date(label, due_on, "due_soon" if left <= SOON_DAYS else "due", f"Due in {_days(left)}")


@dataclass(frozen=True)
class Facts:
    """What the key dates are worked out from."""

    received_on: date
    reason: str  # illness, permanent_exclusion, other
    days_missed: int = 0
    expected_absence_days: int | None = None
    exclusion_first_day: date | None = None
    decided_on: date | None = None
    accepted: bool = False
    package_starts_on: date | None = None
    next_review_on: date | None = None
    reintegration_target_on: date | None = None
    closed: bool = False


def statutory_start(calendar: SchoolCalendar, facts: Facts) -> tuple[date | None, str]:
    """The day from which education must be arranged, and a note in words.

    - Permanent exclusion: full-time education from the 6th school day of the exclusion (EA
      1996 s.19(3A); SI 2007/1870 reg 4) (`excluded_pupil_provision_from`).
    - Illness: as soon as it is clear the child will miss 15 school days or more, consecutive or
      cumulative (statutory guidance, December 2023): when the days missed so far and the days
      expected to be missed reach 15, it is clear on the day the council receives the referral,
      so provision is due from that day (reading to check with the Section 19 lead).
    - Otherwise: no fixed day; the duty (s.19(1)) is to arrange suitable education, which the
      decision settles.

    Raises `CalendarNotConfigured` or `BankHolidayYearNotCovered` for an exclusion date the
    calendar does not cover."""
    if facts.reason == "permanent_exclusion" and facts.exclusion_first_day is not None:
        day = excluded_pupil_provision_from(calendar, facts.exclusion_first_day)
        return day, "Full-time education must be arranged from the 6th school day of the permanent exclusion."
    if facts.reason == "illness":
        total = facts.days_missed + (facts.expected_absence_days or 0)
        if illness_provision_trigger(facts.days_missed, facts.expected_absence_days or 0):
            return facts.received_on, (f"The child will miss {total} school days or more through illness "
                                       f"(the rule is {ILLNESS_THRESHOLD_SCHOOL_DAYS}): provision should be "
                                       "arranged now.")
        return None, (f"The child is expected to miss {total} school days through illness, fewer than "
                      f"{ILLNESS_THRESHOLD_SCHOOL_DAYS}: the 15-school-day rule is not met yet. Ask the school "
                      "to tell us if the absence grows.")
    return None, "No fixed start date in law for this reason: decide what suitable education is needed."


def key_dates(calendar: SchoolCalendar, facts: Facts, today: date, *,
              decision_school_days: int, calendar_message: Callable[[Exception], str] | None = None,
              ) -> tuple[list[S19Date], list[str]]:
    """A Section 19 case's key dates and notes in words. A date the school calendar does not
    cover becomes a note, never an error."""
    dates: list[S19Date] = []
    notes: list[str] = []

    def _calendar_note(error: Exception, what: str) -> None:
        detail = calendar_message(error) if calendar_message else str(error)
        notes.append(f"We cannot work out {what} yet: {detail}")

    try:
        due = referral_decision_due(calendar, facts.received_on, school_days=decision_school_days)
    except CALENDAR_ERRORS as error:
        _calendar_note(error, "the referral decision date")
    else:
        dates.append(date_status(f"Decision on the referral (council target: {decision_school_days} school days)",
                                 due, today, done_on=facts.decided_on, done_word="Decided"))
    if facts.decided_on is None or facts.accepted:
        try:
            start, note = statutory_start(calendar, facts)
        except CALENDAR_ERRORS as error:
            _calendar_note(error, "the 6th school day of the exclusion")
        else:
            notes.append(note)
            if start is not None:
                label = ("Full-time education from (6th school day of the exclusion)"
                         if facts.reason == "permanent_exclusion" else "Education arranged from (15-school-day rule)")
                dates.append(date_status(label, start, today, done_on=facts.package_starts_on,
                                         done_word="Package starts"))
    if facts.next_review_on is not None and not facts.closed:
        dates.append(date_status("Next review of the package", facts.next_review_on, today))
    if facts.reintegration_target_on is not None and not facts.closed:
        dates.append(date_status("Target date to return to school", facts.reintegration_target_on, today))
    return dates, notes


def change_problems(*, current_starts_on: date, effective_on: date | None, reason: str) -> dict[str, str]:
    """What is wrong with a change to a package, by form field (empty when nothing is).

    A change ends the current package the day before the new one starts, so the new package
    must start after the current one's first day (a package cannot end before it starts), and
    the reason for the change is recorded (a change to a child's provision is a decision the
    council must be able to explain: statutory guidance, December 2023, on reviewing provision).
    """
    problems: dict[str, str] = {}
    if effective_on is not None and effective_on <= current_starts_on:
        problems["effective_on"] = (f"The change must take effect after the current package started "
                                    f"({current_starts_on:%-d %B %Y})")
    if not reason.strip():
        problems["change_reason"] = "Give the reason for the change"
    return problems


def end_problems(*, starts_on: date, ends_on: date | None, reason: str) -> dict[str, str]:
    """What is wrong with ending a package, by form field. The last day can be the day before it
    would have started (a package cancelled before it began), not earlier; the reason is kept."""
    problems: dict[str, str] = {}
    if ends_on is not None and ends_on < starts_on - timedelta(days=1):
        problems["ends_on"] = (f"The last day cannot be before the package started ({starts_on:%-d %B %Y}): "
                               "use the day before the start to cancel it")
    if not reason.strip():
        problems["end_reason"] = "Give the reason for ending the package"
    return problems


def is_reduction(*, old_hours: Decimal, old_full_time: bool, new_hours: Decimal, new_full_time: bool) -> bool:
    """Whether a change reduces the child's education: fewer hours a week, or full-time becoming
    reduced hours (which the law allows only for health reasons: EA 1996 s.19(3A)-(3AA)). A
    reduction (like an ending) is a decision the family is told about in writing, with the
    council's complaints route (Section 19 decisions are not SEND Tribunal appeals)."""
    return Decimal(new_hours) < Decimal(old_hours) or (old_full_time and not new_full_time)

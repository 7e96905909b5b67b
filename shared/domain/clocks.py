"""The statutory clocks of an EHC needs assessment, and the exceptions that may excuse them.

What this module enforces (statutory-rules.md, sections "Counting days" and 1):

- the due date of each clock, counted with the helpers of `shared.domain.dates`:
  6 weeks to decide whether to assess (SEND Regulations 2014 reg 5(1)); 6 weeks for each advice
  giver (reg 8(1)); 16 weeks to decide not to issue a plan (reg 10(1)); at least 15 days,
  beginning with the day of service, to respond to a draft plan (reg 13(1)); 20 weeks to issue
  the final plan (reg 13(2)); 14 weeks for the final plan after a decision to re-assess (reg 27,
  marked "check"); and 15 days for a school consulted on being named (CFA 2014 ss.39, 40; SEND
  Code of Practice 2015 para 9.83, guidance only);
- which recorded exceptions may excuse which clock (regs 5(4), 10(4), 13(3) for the local
  authority's limits; reg 8(2) for an advice giver's limit: a missed appointment excuses only
  the advice giver, never the local authority);
- that an exception never stops or moves a clock. The due date is always the statutory one; an
  exception only explains lateness, the local authority must still act as soon as practicable,
  and timeliness is reported both including and excluding exception cases (SEN2).

None of the SEND Regulations' own periods is moved off a weekend or bank holiday
(statutory-rules.md "Counting days", marked "check"): a clock may fall due on a Saturday or on
Christmas Day. Every function is pure and takes `datetime.date` values only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from shared.domain.dates import add_weeks, require_date, window_beginning_with

__all__ = [
    "APPLICABLE_EXCEPTIONS",
    "CLOCK_SOURCES",
    "CLOSURE_MINIMUM_DAYS",
    "DEFAULT_SOON_DAYS",
    "REASSESSMENT_FINAL_WEEKS",
    "SCHOOL_CONSULTATION_REPLY_DAYS",
    "STATES",
    "Clock",
    "ClockStatus",
    "ExceptionReason",
    "RecordedException",
    "advice_due",
    "applies_to",
    "assessment_decision_due",
    "clock_status",
    "decision_not_to_issue_due",
    "draft_response_window",
    "final_plan_due",
    "plain_english",
    "reassessment_final_due",
    "school_closure_applies",
    "school_consultation_reply_due",
    "timeliness",
]

# "A continuous period of not less than 4 weeks" (regs 5(4), 10(4), 13(3)), in days.
CLOSURE_MINIMUM_DAYS = 28

# Reg 27 (statutory-rules.md marks it "check"): configurable until confirmed on legislation.gov.uk.
REASSESSMENT_FINAL_WEEKS = 14

# SEND Code of Practice 2015 para 9.83: guidance, not a statutory limit.
SCHOOL_CONSULTATION_REPLY_DAYS = 15

# A clock still open is "due soon" when it falls due within this many days (today included).
DEFAULT_SOON_DAYS = 7


# --- Due dates -------------------------------------------------------------------------------


def assessment_decision_due(received_on: date) -> date:
    """The last day to decide whether to carry out an EHC needs assessment and notify the
    parent or young person: within 6 weeks of the local authority receiving the request.

    Source: SEND Regulations 2014 reg 5(1) ("as soon as practicable and in any event within
    6 weeks"); the clock starts on receipt of a request under CFA 2014 s.36(1), or on the day
    the local authority became responsible for the child or young person under s.24 (pass that
    date as `received_on`). Not moved off a weekend or bank holiday. Exceptions: reg 5(4)
    (see `applies_to`).
    """
    return add_weeks(received_on, 6)


def advice_due(advice_request_received_on: date) -> date:
    """The last day for one advice giver (school, educational psychologist, health, social
    care ...) to provide advice: within 6 weeks of that body receiving the request.

    Source: SEND Regulations 2014 reg 8(1). Each advice giver has its own clock, started by its
    own receipt of the request. The only exception modelled is a failure to keep an appointment
    for an examination or test made by the advice giver during those 6 weeks (reg 8(2)).
    """
    return add_weeks(advice_request_received_on, 6)


def decision_not_to_issue_due(received_on: date) -> date:
    """The last day to decide, after an assessment, not to issue an EHC plan and notify the
    parent or young person: within 16 weeks of receiving the request for assessment.

    Source: SEND Regulations 2014 reg 10(1); like reg 5(1) the clock may instead start on the
    day the local authority became responsible under CFA 2014 s.24. Exceptions: reg 10(4)
    (see `applies_to`).
    """
    return add_weeks(received_on, 16)


def draft_response_window(served_on: date) -> tuple[date, date]:
    """The first and last day of the period for the parent or young person to make
    representations on a draft EHC plan, ask for a school to be named, or ask for a meeting.

    The period is "at least 15 days beginning with the day on which the draft was served"
    (SEND Regulations 2014 reg 13(1)), so it includes the day of service and its last day is
    service + 14 days. The final plan must not be issued before the window has closed (unless
    the family has responded). Not moved off a weekend or bank holiday.
    """
    return served_on, window_beginning_with(served_on, 15)


def final_plan_due(received_on: date) -> date:
    """The last day to issue the final EHC plan: within 20 weeks of receiving the request for
    assessment.

    Source: SEND Regulations 2014 reg 13(2) (or from becoming responsible under CFA 2014 s.24).
    Exceptions: reg 13(3), which refers to the reasons in reg 10(4)(a) to (d). This is
    the clock reported to the DfE in SEN2 with the "20-week exceptions apply" flag.
    """
    return add_weeks(received_on, 20)


def reassessment_final_due(decision_notified_on: date, *, weeks: int = REASSESSMENT_FINAL_WEEKS) -> date:
    """The last day to issue the final (amended) plan after a re-assessment: within 14 weeks
    of the day the council notified the parent or young person of its decision to re-assess.

    Source: SEND Regulations 2014 reg 27(2), which counts the 14 weeks from the notification of
    the decision, not from the day the decision was made (so `decision_notified_on` is the date
    of the notice: a letter decided on Friday and sent on Monday counts from Monday). `weeks`
    stays configurable. The same exceptions as the 20-week limit apply (reg 27(3)).
    """
    return add_weeks(decision_notified_on, weeks)


def school_consultation_reply_due(sent_on: date, *, days: int = SCHOOL_CONSULTATION_REPLY_DAYS) -> date:
    """The day by which a school or college consulted about being named in a plan should
    reply: within 15 days of the consultation being sent.

    The duty to consult is statutory (CFA 2014 ss.39(2), 40(2)); the 15 days is guidance
    (SEND Code of Practice 2015 para 9.83), so this date is a target to chase, not a breach.
    Counted like "within N weeks of X": X + 15 days, from the day the local authority sent the
    consultation (the day the school received it is rarely known).
    """
    require_date(sent_on, "sent_on")
    return sent_on + timedelta(days=days)


# --- Clocks and exceptions -------------------------------------------------------------------


class Clock(enum.Enum):
    """The clocks to which recorded exceptions can be matched."""

    DECISION_6_WEEKS = "decision_6_weeks"
    NOT_TO_ISSUE_16_WEEKS = "not_to_issue_16_weeks"
    FINAL_PLAN_20_WEEKS = "final_plan_20_weeks"
    ADVICE_6_WEEKS = "advice_6_weeks"
    REASSESSMENT_14_WEEKS = "reassessment_14_weeks"
    # The family's window, not a limit on the council: no exception (a)-(d) applies to it.
    DRAFT_RESPONSE_15_DAYS = "draft_response_15_days"

    @property
    def source(self) -> str:
        """The provision that sets this clock."""
        return CLOCK_SOURCES[self]


CLOCK_SOURCES: MappingProxyType[Clock, str] = MappingProxyType(
    {
        Clock.DECISION_6_WEEKS: "SEND Regulations 2014 reg 5(1)",
        Clock.NOT_TO_ISSUE_16_WEEKS: "SEND Regulations 2014 reg 10(1)",
        Clock.FINAL_PLAN_20_WEEKS: "SEND Regulations 2014 reg 13(2)",
        Clock.ADVICE_6_WEEKS: "SEND Regulations 2014 reg 8(1)",
        Clock.REASSESSMENT_14_WEEKS: "SEND Regulations 2014 reg 27(2)",
        Clock.DRAFT_RESPONSE_15_DAYS: "SEND Regulations 2014 reg 13(1)",
    }
)


class ExceptionReason(enum.Enum):
    """Why a time limit could not practicably be met.

    (a) to (d) are the exceptions to the local authority's 6-week, 16-week and 20-week limits
    (SEND Regulations 2014 regs 5(4), 10(4), 13(3)) and to the re-assessment limit; the letters
    are those of statutory-rules.md, not necessarily the paragraph letters of each regulation.
    `MISSED_APPOINTMENT` is the advice giver's exception (reg 8(2)) and never excuses the local
    authority. The values are stable identifiers, safe to store.
    """

    SCHOOL_OR_COLLEGE_CLOSED = "school_or_college_closed"
    EARLY_YEARS_PROVIDER_CLOSED = "early_years_provider_closed"
    EXCEPTIONAL_PERSONAL_CIRCUMSTANCES = "exceptional_personal_circumstances"
    ABSENT_FROM_AREA = "absent_from_area"
    MISSED_APPOINTMENT = "missed_appointment"

    @property
    def letter(self) -> str | None:
        """ "a" to "d" as in statutory-rules.md; None for a missed appointment."""
        return _LETTERS.get(self)

    @property
    def short_label(self) -> str:
        """How the reason is named in a one-line status: "exception (c)", "missed appointment"."""
        return f"exception ({self.letter})" if self.letter else "missed appointment"

    @property
    def description(self) -> str:
        """The reason in plain words, for officers and families."""
        return _DESCRIPTIONS[self]

    @property
    def needs_four_weeks(self) -> bool:
        """Whether the circumstance must last a continuous period of at least 4 weeks."""
        return self in _FOUR_WEEK_REASONS


_LETTERS = {
    ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED: "a",
    ExceptionReason.EARLY_YEARS_PROVIDER_CLOSED: "b",
    ExceptionReason.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES: "c",
    ExceptionReason.ABSENT_FROM_AREA: "d",
}

_DESCRIPTIONS = {
    ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED: (
        "advice was asked of a school or college from 1 week before it closed for at least "
        "4 weeks until 1 week before it reopened"
    ),
    ExceptionReason.EARLY_YEARS_PROVIDER_CLOSED: (
        "advice was asked of an early years provider while it was closed for at least 4 weeks"
    ),
    ExceptionReason.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES: (
        "exceptional personal circumstances affected the child or parent, or the young person"
    ),
    ExceptionReason.ABSENT_FROM_AREA: (
        "the child or parent, or the young person, was away from the council's area for at "
        "least 4 weeks in a row"
    ),
    ExceptionReason.MISSED_APPOINTMENT: (
        "the child or young person did not attend an appointment for an examination or test "
        "made by the advice giver within its 6 weeks"
    ),
}

_FOUR_WEEK_REASONS = frozenset(
    {
        ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED,
        ExceptionReason.EARLY_YEARS_PROVIDER_CLOSED,
        ExceptionReason.ABSENT_FROM_AREA,
    }
)

_LA_EXCEPTIONS = frozenset(_LETTERS)

# Which exceptions may excuse which clock. Regs 5(4), 10(4), 13(3) (and reg 27 by reference)
# for the local authority's limits; reg 8(2) for the advice giver's.
APPLICABLE_EXCEPTIONS: MappingProxyType[Clock, frozenset[ExceptionReason]] = MappingProxyType(
    {
        Clock.DECISION_6_WEEKS: _LA_EXCEPTIONS,
        Clock.NOT_TO_ISSUE_16_WEEKS: _LA_EXCEPTIONS,
        Clock.FINAL_PLAN_20_WEEKS: _LA_EXCEPTIONS,
        Clock.REASSESSMENT_14_WEEKS: _LA_EXCEPTIONS,
        Clock.ADVICE_6_WEEKS: frozenset({ExceptionReason.MISSED_APPOINTMENT}),
        # Reg 13(1) gives the family at least 15 days; the exceptions of regs 5(4), 10(4) and 13(3)
        # relieve the local authority of its own limits and say nothing about this window.
        Clock.DRAFT_RESPONSE_15_DAYS: frozenset(),
    }
)


def applies_to(reason: ExceptionReason, clock: Clock) -> bool:
    """Whether an exception of this kind may excuse missing this clock.

    (a) to (d) excuse the local authority's 6-week decision, 16-week, 20-week and re-assessment
    limits (SEND Regulations 2014 regs 5(4), 10(4), 13(3); reg 27). A missed appointment
    excuses only an advice giver's 6-week limit (reg 8(2)), never the local authority's.
    """
    return reason in APPLICABLE_EXCEPTIONS[Clock(clock)]


def school_closure_applies(advice_requested_on: date, closed_on: date, reopened_on: date) -> bool:
    """Whether exception (a) can be relied on for one advice request to a school or college.

    The local authority asked for advice "during a period beginning one week before any date on
    which that school or institution was closed for a continuous period of not less than
    4 weeks from that date and ending one week before the date on which it re-opens"
    (SEND Regulations 2014 regs 5(4), 10(4), 13(3)). So:

    - `closed_on` is the first day the school is closed (usually the day after the last day of
      term) and `reopened_on` the first day it is open again;
    - the closure must last at least 4 weeks: `reopened_on - closed_on` is at least 28 days;
    - the request must fall from `closed_on - 7 days` to `reopened_on - 7 days`, both included.

    A reopening on or before the closure is a data error and is refused.
    """
    require_date(advice_requested_on, "advice_requested_on")
    require_date(closed_on, "closed_on")
    require_date(reopened_on, "reopened_on")
    if reopened_on <= closed_on:
        raise ValueError(
            f"the school cannot reopen ({reopened_on.isoformat()}) on or before the day it "
            f"closed ({closed_on.isoformat()})"
        )
    if (reopened_on - closed_on).days < CLOSURE_MINIMUM_DAYS:
        return False
    week = timedelta(weeks=1)
    return closed_on - week <= advice_requested_on <= reopened_on - week


@dataclass(frozen=True)
class RecordedException:
    """One exception recorded on a case: why a time limit could not practicably be met.

    `starts_on` and `ends_on` are the first and last days of the circumstance, both included
    (for a closure: the first and last days closed; for a missed appointment: the day of the
    appointment). `ends_on` is None while it continues. Recording an exception never moves a
    due date (see `clock_status`); the family must be told which exception is relied on, and
    `note` says what happened.

    Validation: the dates are dates and in order; a closure ((a), (b)) or an absence from the
    area ((d)) must, once ended, have lasted a continuous period of at least 4 weeks
    (28 days, both ends included; SEND Regulations 2014 regs 5(4), 10(4), 13(3)). Whether an
    advice request fell in the closure window of (a) is checked by `school_closure_applies`
    (and by `for_school_closure`).
    """

    reason: ExceptionReason
    starts_on: date
    ends_on: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.reason, ExceptionReason):
            object.__setattr__(self, "reason", ExceptionReason(self.reason))
        require_date(self.starts_on, "starts_on")
        if self.ends_on is not None:
            require_date(self.ends_on, "ends_on")
            if self.ends_on < self.starts_on:
                raise ValueError(
                    f"an exception cannot end ({self.ends_on.isoformat()}) before it starts "
                    f"({self.starts_on.isoformat()})"
                )
            if self.reason.needs_four_weeks and self.days < CLOSURE_MINIMUM_DAYS:
                raise ValueError(
                    f"{self.reason.short_label} needs a continuous period of at least 4 weeks; "
                    f"{self.starts_on.isoformat()} to {self.ends_on.isoformat()} is {self.days} days"
                )
        if not isinstance(self.note, str):
            raise TypeError("note must be a string")

    @property
    def days(self) -> int | None:
        """How many days the circumstance lasted, both ends included; None while it continues."""
        if self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1

    @classmethod
    def for_school_closure(
        cls,
        advice_requested_on: date,
        closed_on: date,
        reopened_on: date,
        note: str = "",
        *,
        reason: ExceptionReason = ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED,
    ) -> RecordedException:
        """Exception (a) for a closure from `closed_on` until `reopened_on` (the first day open
        again), refused with ValueError when `school_closure_applies` is False.

        `reason=EARLY_YEARS_PROVIDER_CLOSED` records (b) with the same test: statutory-rules.md
        says (b) is "the same" for an early years provider (reg 10(4)(b); check its exact
        wording, and whether reg 5(4) has this limb at all).
        """
        if reason not in (
            ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED,
            ExceptionReason.EARLY_YEARS_PROVIDER_CLOSED,
        ):
            raise ValueError(f"a closure is exception (a) or (b), not {reason.short_label}")
        if not school_closure_applies(advice_requested_on, closed_on, reopened_on):
            raise ValueError(
                f"exception (a) does not apply: advice asked on {advice_requested_on.isoformat()} "
                f"is outside 1 week before the closure on {closed_on.isoformat()} to 1 week "
                f"before the reopening on {reopened_on.isoformat()}, or the closure is shorter "
                "than 4 weeks"
            )
        return cls(
            reason,
            starts_on=closed_on,
            ends_on=reopened_on - timedelta(days=1),
            note=note,
        )


# --- Status of one clock ---------------------------------------------------------------------

STATES = ("done_in_time", "done_late", "due", "due_soon", "overdue")


@dataclass(frozen=True)
class ClockStatus:
    """Where one clock stands on `today`.

    `due_on` is always the statutory due date: exceptions never move it. `state` is one of
    "done_in_time", "done_late", "due", "due_soon" (falls due within `soon_days` days, today
    included) or "overdue". `days_left` is the days from today to the due date while the clock
    is open (0 on the due day, negative when overdue) and None once done. `days_late` is how
    many days past the due date it was done, or is now (0 when not late). `excused_by` holds the
    recorded exceptions that may excuse this clock; `late_but_excused` is True when the clock
    was missed and at least one such exception is recorded.
    """

    clock: Clock
    due_on: date
    today: date
    done_on: date | None
    state: str
    days_left: int | None
    days_late: int
    excused_by: tuple[RecordedException, ...] = field(default=())
    late_but_excused: bool = False

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_late(self) -> bool:
        return self.state in ("done_late", "overdue")


def _may_excuse(exception: RecordedException, clock: Clock, due_on: date) -> bool:
    if not applies_to(exception.reason, clock) or exception.starts_on > due_on:
        return False
    if exception.reason is ExceptionReason.MISSED_APPOINTMENT:
        return exception.starts_on >= due_on - timedelta(weeks=6)
    return True


def clock_status(
    clock: Clock,
    due_on: date,
    today: date,
    *,
    done_on: date | None = None,
    exceptions: Iterable[RecordedException] = (),
    soon_days: int = DEFAULT_SOON_DAYS,
) -> ClockStatus:
    """The status of one statutory clock on `today`.

    Exceptions do not stop or move the clock (SEND Regulations 2014 regs 5(4), 8(2), 10(4),
    13(3) only relieve the duty to meet the limit where meeting it is impractical; the local
    authority must still act as soon as practicable): `due_on` is returned unchanged and the
    state is worked out from it alone. Recorded exceptions are matched to the clock with
    `applies_to`; one that started after the due date is not counted, as it cannot have made
    the limit impractical, and a missed appointment counts only when it fell within the advice
    giver's 6 weeks (reg 8(2): "during that 6 week period"), i.e. on or after `due_on` - 6 weeks.

    A clock done on the due date is done in time. A `done_on` after `today` is refused.
    """
    clock = Clock(clock)
    require_date(due_on, "due_on")
    require_date(today, "today")
    if soon_days < 0:
        raise ValueError(f"soon_days cannot be negative, not {soon_days}")
    excused_by = tuple(e for e in exceptions if _may_excuse(e, clock, due_on))
    if done_on is not None:
        require_date(done_on, "done_on")
        if done_on > today:
            raise ValueError(f"done_on {done_on.isoformat()} is after today {today.isoformat()}")
        days_left = None
        days_late = max(0, (done_on - due_on).days)
        state = "done_late" if days_late else "done_in_time"
    else:
        days_left = (due_on - today).days
        days_late = max(0, -days_left)
        if days_left < 0:
            state = "overdue"
        elif days_left <= soon_days:
            state = "due_soon"
        else:
            state = "due"
    return ClockStatus(
        clock=clock,
        due_on=due_on,
        today=today,
        done_on=done_on,
        state=state,
        days_left=days_left,
        days_late=days_late,
        excused_by=excused_by,
        late_but_excused=bool(days_late) and bool(excused_by),
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _exceptions_phrase(excused_by: tuple[RecordedException, ...]) -> str:
    reasons = sorted({e.reason for e in excused_by}, key=lambda r: (r.letter is None, r.letter or ""))
    letters = [f"({r.letter})" for r in reasons if r.letter]
    others = [r.short_label for r in reasons if not r.letter]
    parts = []
    if letters:
        word = "exception" if len(letters) == 1 else "exceptions"
        parts.append(f"{word} {' and '.join(letters)}")
    parts.extend(others)
    return " and ".join(parts) + " recorded"


def plain_english(status: ClockStatus) -> str:
    """A one-line status for officers and families that does not rely on colour.

    Examples: "Due in 12 days", "Due in 3 days", "Due today", "Overdue by 2 days",
    "Overdue by 2 days: exception (c) recorded", "Done on time", "Done 4 days late",
    "Done 1 day late: missed appointment recorded". Dates are shown separately (`long_date`).
    """
    if status.state == "done_in_time":
        return "Done on time"
    if status.state in ("due", "due_soon"):
        return "Due today" if status.days_left == 0 else f"Due in {_days(status.days_left)}"
    if status.state == "overdue":
        text = f"Overdue by {_days(status.days_late)}"
    else:
        text = f"Done {_days(status.days_late)} late"
    if status.excused_by:
        text += ": " + _exceptions_phrase(status.excused_by)
    return text


# --- Reporting -------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def timeliness(records: Iterable[tuple[date, date | None, bool]]) -> dict[str, int | float | None]:
    """Timeliness of completed clocks, including and excluding exception cases.

    Each record is `(due_on, done_on, excused)`; `excused` is True when an exception applying
    to the clock was recorded (SEN2's "20-week exceptions apply" flag for the 20-week clock).
    SEN2 and the DfE's published statistics give the share in time both including all cases and
    excluding the exception cases. Only completed records (`done_on` not None) are counted;
    open ones are counted in `not_done`. Percentages are rounded to 1 decimal place and are
    None when there is nothing to count.

    Returns: total, in_time, late, percent_in_time (all completed cases); exception_cases;
    total_excluding_exceptions, in_time_excluding_exceptions, percent_in_time_excluding_exceptions;
    not_done.
    """
    total = in_time = exception_cases = excl_total = excl_in_time = not_done = 0
    for record in records:
        due_on, done_on, excused = record
        require_date(due_on, "due_on")
        if done_on is None:
            not_done += 1
            continue
        require_date(done_on, "done_on")
        on_time = done_on <= due_on
        total += 1
        in_time += on_time
        if excused:
            exception_cases += 1
        else:
            excl_total += 1
            excl_in_time += on_time
    return {
        "total": total,
        "in_time": in_time,
        "late": total - in_time,
        "percent_in_time": _percent(in_time, total),
        "exception_cases": exception_cases,
        "total_excluding_exceptions": excl_total,
        "in_time_excluding_exceptions": excl_in_time,
        "percent_in_time_excluding_exceptions": _percent(excl_in_time, excl_total),
        "not_done": not_done,
    }

"""Worked dates for the EHC needs assessment clocks and their exceptions (statutory-rules.md 1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from shared.domain.clocks import (
    APPLICABLE_EXCEPTIONS,
    Clock,
    ClockStatus,
    ExceptionReason,
    RecordedException,
    advice_due,
    applies_to,
    assessment_decision_due,
    clock_status,
    decision_not_to_issue_due,
    draft_response_window,
    final_plan_due,
    plain_english,
    reassessment_final_due,
    school_closure_applies,
    school_consultation_reply_due,
    timeliness,
)
from shared.domain.dates import is_working_day

R = ExceptionReason
A, B, C, D = (
    R.SCHOOL_OR_COLLEGE_CLOSED,
    R.EARLY_YEARS_PROVIDER_CLOSED,
    R.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
    R.ABSENT_FROM_AREA,
)
MISSED = R.MISSED_APPOINTMENT
LA_CLOCKS = [
    Clock.DECISION_6_WEEKS,
    Clock.NOT_TO_ISSUE_16_WEEKS,
    Clock.FINAL_PLAN_20_WEEKS,
    Clock.REASSESSMENT_14_WEEKS,
]

# --- Due dates: a request received on Friday 4 September 2026 ---------------------------------

RECEIVED = date(2026, 9, 4)  # a Friday


def test_decision_whether_to_assess_is_due_6_weeks_after_receipt():
    # Regs 5(1): Friday 4 September 2026 + 42 days = Friday 16 October 2026.
    assert assessment_decision_due(RECEIVED) == date(2026, 10, 16)


def test_decision_not_to_issue_is_due_16_weeks_after_receipt_even_on_christmas_day():
    # Regs 10(1): + 112 days = Friday 25 December 2026, a bank holiday; not rolled forward.
    due = decision_not_to_issue_due(RECEIVED)
    assert due == date(2026, 12, 25)
    assert not is_working_day(due)


def test_final_plan_is_due_20_weeks_after_receipt():
    # Regs 13(2): + 140 days = Friday 22 January 2027.
    assert final_plan_due(RECEIVED) == date(2027, 1, 22)


def test_advice_is_due_6_weeks_after_the_advice_giver_receives_the_request():
    # Regs 8(1): request received by the EP on Monday 21 September 2026 -> Monday 2 November.
    assert advice_due(date(2026, 9, 21)) == date(2026, 11, 2)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # received on a Saturday: due on a Saturday, not the Monday after
        (date(2026, 9, 5), date(2026, 10, 17)),
        # Monday 20 July 2026 + 6 weeks = Monday 31 August 2026, the summer bank holiday
        (date(2026, 7, 20), date(2026, 8, 31)),
    ],
)
def test_six_week_periods_ending_on_a_non_working_day_are_not_rolled_forward(received, expected):
    assert assessment_decision_due(received) == expected
    assert advice_due(received) == expected
    assert not is_working_day(expected)


def test_twenty_weeks_ending_on_the_boxing_day_substitute_is_not_rolled_forward():
    # Monday 10 August 2026 + 20 weeks = Monday 28 December 2026 (Boxing Day, substitute day).
    assert final_plan_due(date(2026, 8, 10)) == date(2026, 12, 28)


def test_leap_year_counts_29_february():
    # Tuesday 1 February 2028 + 6 weeks crosses 29 February: Tuesday 14 March 2028,
    # one day earlier than in a common year (1 February 2027 + 6 weeks = 15 March 2027).
    assert assessment_decision_due(date(2028, 2, 1)) == date(2028, 3, 14)
    assert assessment_decision_due(date(2027, 2, 1)) == date(2027, 3, 15)
    assert decision_not_to_issue_due(date(2028, 2, 1)) == date(2028, 5, 23)
    assert final_plan_due(date(2028, 2, 1)) == date(2028, 6, 20)


def test_draft_response_window_is_15_days_beginning_with_the_day_of_service():
    # Regs 13(1): served Friday 30 January 2026 -> days 1..15 end Friday 13 February 2026.
    first, last = draft_response_window(date(2026, 1, 30))
    assert first == date(2026, 1, 30)
    assert last == date(2026, 2, 13)
    assert (last - first).days + 1 == 15


def test_draft_response_window_across_29_february_2028():
    assert draft_response_window(date(2028, 2, 20)) == (date(2028, 2, 20), date(2028, 3, 5))


def test_reassessment_final_plan_is_due_14_weeks_after_the_decision_is_notified():
    # Regs 27(2): the family notified of the decision on Monday 2 November 2026 -> Monday
    # 8 February 2027. The parameter names the notification, not the decision.
    assert reassessment_final_due(date(2026, 11, 2)) == date(2027, 2, 8)
    assert reassessment_final_due(decision_notified_on=date(2026, 11, 2)) == date(2027, 2, 8)


def test_reassessment_weeks_are_configurable_until_checked():
    assert reassessment_final_due(date(2026, 11, 2), weeks=15) == date(2027, 2, 15)


def test_school_consultation_reply_is_due_15_days_after_sending():
    # CFA s.39/40, CoP 9.83 (guidance): sent Monday 2 November 2026 -> Tuesday 17 November 2026.
    assert school_consultation_reply_due(date(2026, 11, 2)) == date(2026, 11, 17)
    # sent Thursday 10 December 2026 -> Friday 25 December 2026: not rolled forward
    assert school_consultation_reply_due(date(2026, 12, 10)) == date(2026, 12, 25)


@pytest.mark.parametrize(
    "fn",
    [
        assessment_decision_due,
        advice_due,
        decision_not_to_issue_due,
        draft_response_window,
        final_plan_due,
        reassessment_final_due,
        school_consultation_reply_due,
    ],
)
def test_due_date_functions_refuse_datetimes(fn):
    with pytest.raises(TypeError):
        fn(datetime(2026, 9, 4, 23, 30))


# --- Which exceptions excuse which clock -------------------------------------------------------


@pytest.mark.parametrize("clock", LA_CLOCKS)
@pytest.mark.parametrize("reason", [A, B, C, D])
def test_exceptions_a_to_d_excuse_the_local_authoritys_limits(reason, clock):
    assert applies_to(reason, clock)


@pytest.mark.parametrize("reason", [A, B, C, D])
def test_exceptions_a_to_d_do_not_excuse_an_advice_giver(reason):
    assert not applies_to(reason, Clock.ADVICE_6_WEEKS)


def test_missed_appointment_excuses_the_advice_giver_only():
    # Regs 8(2): the advice giver, never the LA's 6-, 16-, 20- or 14-week limit.
    assert applies_to(MISSED, Clock.ADVICE_6_WEEKS)
    for clock in LA_CLOCKS:
        assert not applies_to(MISSED, clock)


def test_every_clock_has_a_row_in_the_table():
    assert set(APPLICABLE_EXCEPTIONS) == set(Clock)
    assert all(clock.source.startswith("SEND Regulations 2014 reg") for clock in Clock)


def test_reason_letters_and_descriptions():
    assert [r.letter for r in (A, B, C, D, MISSED)] == ["a", "b", "c", "d", None]
    assert C.short_label == "exception (c)"
    assert MISSED.short_label == "missed appointment"
    assert all(r.description for r in R)


# --- Exception (a): the school closure window ---------------------------------------------------

# Summer 2026: last day of term Wednesday 22 July, closed from Thursday 23 July,
# reopens Thursday 3 September (42 days closed).
CLOSED_ON = date(2026, 7, 23)
REOPENED_ON = date(2026, 9, 3)


@pytest.mark.parametrize(
    ("asked_on", "applies"),
    [
        (date(2026, 7, 15), False),  # 8 days before the closure
        (date(2026, 7, 16), True),  # 7 days before: the window opens
        (date(2026, 8, 10), True),  # during the holiday
        (date(2026, 8, 27), True),  # 7 days before reopening: the window's last day
        (date(2026, 8, 28), False),  # 6 days before reopening
        (date(2026, 9, 3), False),  # the day it reopens
    ],
)
def test_school_closure_window_boundaries(asked_on, applies):
    assert school_closure_applies(asked_on, CLOSED_ON, REOPENED_ON) is applies


def test_school_closure_needs_at_least_4_weeks():
    closed_on = date(2026, 7, 23)
    # reopening 27 days after closing: closed for 27 days, refused
    assert not school_closure_applies(date(2026, 7, 20), closed_on, date(2026, 8, 19))
    # reopening 28 days after closing: closed for exactly 4 weeks, applies
    assert school_closure_applies(date(2026, 7, 20), closed_on, date(2026, 8, 20))


def test_school_closure_reopening_before_closing_is_refused():
    with pytest.raises(ValueError, match="reopen"):
        school_closure_applies(date(2026, 7, 20), CLOSED_ON, CLOSED_ON)


def test_recorded_school_closure_from_an_advice_request():
    e = RecordedException.for_school_closure(date(2026, 7, 16), CLOSED_ON, REOPENED_ON, "summer")
    assert e.reason is A
    assert (e.starts_on, e.ends_on) == (date(2026, 7, 23), date(2026, 9, 2))
    assert e.days == 42
    with pytest.raises(ValueError, match="does not apply"):
        RecordedException.for_school_closure(date(2026, 7, 15), CLOSED_ON, REOPENED_ON)


# --- RecordedException validation ---------------------------------------------------------------


@pytest.mark.parametrize("reason", [A, B, D])
def test_four_week_exceptions_refuse_27_days_and_accept_28(reason):
    # both ends included: 1 to 27 February 2026 is 27 days; 1 to 28 February is 4 weeks.
    with pytest.raises(ValueError, match="at least 4 weeks"):
        RecordedException(reason, date(2026, 2, 1), date(2026, 2, 27))
    assert RecordedException(reason, date(2026, 2, 1), date(2026, 2, 28)).days == 28


@pytest.mark.parametrize("reason", [A, B, D])
def test_four_week_exceptions_may_be_recorded_while_they_continue(reason):
    e = RecordedException(reason, date(2026, 2, 1), None, "still away")
    assert e.ends_on is None and e.days is None


@pytest.mark.parametrize("reason", [C, MISSED])
def test_other_exceptions_have_no_minimum_length(reason):
    assert RecordedException(reason, date(2026, 2, 1), date(2026, 2, 1)).days == 1


def test_exception_dates_must_be_in_order():
    with pytest.raises(ValueError, match="before it starts"):
        RecordedException(C, date(2026, 2, 10), date(2026, 2, 9))


def test_exception_dates_must_be_dates():
    with pytest.raises(TypeError):
        RecordedException(C, datetime(2026, 2, 1, 9, 0))
    with pytest.raises(TypeError):
        RecordedException(C, date(2026, 2, 1), datetime(2026, 2, 2, 9, 0))


def test_exception_reason_may_be_given_by_value_and_is_frozen():
    e = RecordedException("absent_from_area", date(2026, 2, 1), date(2026, 3, 1))
    assert e.reason is D
    with pytest.raises(AttributeError):
        e.note = "changed"  # type: ignore[misc]
    with pytest.raises(ValueError):
        RecordedException("holiday", date(2026, 2, 1))


# --- clock_status -----------------------------------------------------------------------------

DUE = date(2026, 10, 16)  # 6 weeks after Friday 4 September 2026


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [
        (date(2026, 10, 8), "due", 8),
        (date(2026, 10, 9), "due_soon", 7),  # 7 days left: due soon (inclusive)
        (date(2026, 10, 16), "due_soon", 0),  # the due day itself
        (date(2026, 10, 17), "overdue", -1),  # the day after
    ],
)
def test_open_clock_states_on_the_boundary_days(today, state, days_left):
    s = clock_status(Clock.DECISION_6_WEEKS, DUE, today)
    assert (s.state, s.days_left, s.due_on) == (state, days_left, DUE)


def test_soon_days_is_configurable():
    assert clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 2), soon_days=14).state == "due_soon"
    assert clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 1), soon_days=14).state == "due"
    assert clock_status(Clock.DECISION_6_WEEKS, DUE, DUE, soon_days=0).state == "due_soon"
    with pytest.raises(ValueError):
        clock_status(Clock.DECISION_6_WEEKS, DUE, DUE, soon_days=-1)


def test_done_on_the_due_day_is_in_time_and_the_day_after_is_late():
    on_time = clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 11, 1), done_on=DUE)
    late = clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 11, 1), done_on=date(2026, 10, 17))
    assert (on_time.state, on_time.days_left, on_time.days_late) == ("done_in_time", None, 0)
    assert (late.state, late.days_left, late.days_late) == ("done_late", None, 1)


def test_done_in_the_future_is_refused():
    with pytest.raises(ValueError, match="after today"):
        clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 1), done_on=date(2026, 10, 2))


def test_an_exception_does_not_move_or_stop_the_20_week_clock():
    # Received Friday 4 September 2026; the family was abroad 1 October to 15 November 2026.
    due = final_plan_due(RECEIVED)
    away = RecordedException(D, date(2026, 10, 1), date(2026, 11, 15), "abroad")
    s = clock_status(Clock.FINAL_PLAN_20_WEEKS, due, date(2027, 1, 26), exceptions=[away])
    assert s.due_on == date(2027, 1, 22)
    assert (s.state, s.days_left, s.days_late) == ("overdue", -4, 4)
    assert s.excused_by == (away,)
    assert s.late_but_excused
    assert s.is_late and not s.is_done


def test_an_applicable_exception_is_listed_but_does_not_excuse_a_clock_met_in_time():
    away = RecordedException(D, date(2026, 10, 1), date(2026, 11, 15))
    s = clock_status(
        Clock.FINAL_PLAN_20_WEEKS,
        date(2027, 1, 22),
        date(2027, 1, 26),
        done_on=date(2027, 1, 20),
        exceptions=[away],
    )
    assert s.state == "done_in_time"
    assert s.excused_by == (away,)
    assert not s.late_but_excused


def test_missed_appointment_excuses_late_advice_but_not_a_late_final_plan():
    missed = RecordedException(MISSED, date(2026, 10, 5), note="EP appointment missed")
    advice = clock_status(
        Clock.ADVICE_6_WEEKS,
        advice_due(date(2026, 9, 21)),
        date(2026, 11, 10),
        done_on=date(2026, 11, 9),
        exceptions=[missed],
    )
    assert advice.due_on == date(2026, 11, 2)
    assert advice.state == "done_late"
    assert advice.excused_by == (missed,) and advice.late_but_excused

    plan = clock_status(
        Clock.FINAL_PLAN_20_WEEKS, final_plan_due(RECEIVED), date(2027, 1, 29), exceptions=[missed]
    )
    assert plan.state == "overdue"
    assert plan.excused_by == () and not plan.late_but_excused


def test_only_exceptions_applying_to_the_clock_are_kept():
    missed = RecordedException(MISSED, date(2026, 10, 5))
    personal = RecordedException(C, date(2026, 10, 1), note="bereavement")
    s = clock_status(
        Clock.ADVICE_6_WEEKS, date(2026, 11, 2), date(2026, 11, 4), exceptions=[personal, missed]
    )
    assert s.excused_by == (missed,)
    s = clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 20), exceptions=[personal, missed])
    assert s.excused_by == (personal,)


def test_an_exception_starting_after_the_due_date_cannot_excuse_it():
    later = RecordedException(C, date(2026, 10, 17))
    s = clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 20), exceptions=[later])
    assert s.excused_by == () and not s.late_but_excused
    on_the_day = RecordedException(C, DUE)
    s = clock_status(Clock.DECISION_6_WEEKS, DUE, date(2026, 10, 20), exceptions=[on_the_day])
    assert s.late_but_excused


def test_overdue_without_exception_is_not_excused():
    s = clock_status(Clock.NOT_TO_ISSUE_16_WEEKS, date(2026, 12, 25), date(2026, 12, 29))
    assert s.state == "overdue" and not s.late_but_excused


def test_clock_status_refuses_datetimes():
    with pytest.raises(TypeError):
        clock_status(Clock.DECISION_6_WEEKS, DUE, datetime(2026, 10, 1, 12, 0))


# --- plain_english ----------------------------------------------------------------------------


def _status(today, **kwargs) -> ClockStatus:
    return clock_status(kwargs.pop("clock", Clock.DECISION_6_WEEKS), DUE, today, **kwargs)


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (lambda: _status(date(2026, 10, 4)), "Due in 12 days"),
        (lambda: _status(date(2026, 10, 13)), "Due in 3 days"),
        (lambda: _status(date(2026, 10, 15)), "Due in 1 day"),
        (lambda: _status(date(2026, 10, 16)), "Due today"),
        (lambda: _status(date(2026, 10, 17)), "Overdue by 1 day"),
        (lambda: _status(date(2026, 10, 18)), "Overdue by 2 days"),
        (
            lambda: _status(date(2026, 10, 18), exceptions=[RecordedException(C, date(2026, 10, 1))]),
            "Overdue by 2 days: exception (c) recorded",
        ),
        (
            lambda: _status(
                date(2026, 10, 30),
                done_on=date(2026, 10, 20),
                exceptions=[
                    RecordedException(C, date(2026, 10, 1)),
                    RecordedException(A, date(2026, 7, 23), date(2026, 9, 2)),
                ],
            ),
            "Done 4 days late: exceptions (a) and (c) recorded",
        ),
        (lambda: _status(date(2026, 10, 30), done_on=date(2026, 10, 16)), "Done on time"),
        (lambda: _status(date(2026, 10, 30), done_on=date(2026, 10, 20)), "Done 4 days late"),
        (
            lambda: _status(
                date(2026, 10, 30),
                clock=Clock.ADVICE_6_WEEKS,
                done_on=date(2026, 10, 17),
                exceptions=[RecordedException(MISSED, date(2026, 10, 1))],
            ),
            "Done 1 day late: missed appointment recorded",
        ),
    ],
)
def test_plain_english(status, text):
    assert plain_english(status()) == text


# --- timeliness -------------------------------------------------------------------------------


def test_timeliness_including_and_excluding_exception_cases():
    due = date(2027, 1, 22)
    records = [
        (due, date(2027, 1, 22), False),  # in time (on the due day)
        (due, date(2027, 1, 10), False),  # in time
        (due, date(2027, 1, 25), False),  # late
        (due, date(2027, 2, 12), True),  # late, exception recorded
        (due, date(2027, 1, 20), True),  # in time, exception recorded
        (due, None, False),  # not done yet: not counted
    ]
    t = timeliness(records)
    assert t == {
        "total": 5,
        "in_time": 3,
        "late": 2,
        "percent_in_time": 60.0,
        "exception_cases": 2,
        "total_excluding_exceptions": 3,
        "in_time_excluding_exceptions": 2,
        "percent_in_time_excluding_exceptions": 66.7,
        "not_done": 1,
    }


def test_timeliness_of_nothing_has_no_percentages():
    t = timeliness([])
    assert t["total"] == 0 and t["percent_in_time"] is None
    assert t["percent_in_time_excluding_exceptions"] is None
    only_exceptions = timeliness([(date(2027, 1, 22), date(2027, 1, 29), True)])
    assert only_exceptions["percent_in_time"] == 0.0
    assert only_exceptions["percent_in_time_excluding_exceptions"] is None


def test_timeliness_accepts_a_generator():
    due = date(2027, 1, 22)
    t = timeliness((due, due, False) for _ in range(3))
    assert t["percent_in_time"] == 100.0


def test_missed_appointment_counts_only_within_the_advice_givers_6_weeks():
    # Request received Monday 21 September 2026: the 6 weeks run to Monday 2 November 2026.
    due = advice_due(date(2026, 9, 21))
    for missed_on, counts in [
        (date(2026, 9, 20), False),  # before the request reached the advice giver
        (date(2026, 9, 21), True),  # the day of receipt
        (date(2026, 11, 2), True),  # the last day
        (date(2026, 11, 3), False),  # after the deadline
    ]:
        missed = RecordedException(MISSED, missed_on)
        s = clock_status(Clock.ADVICE_6_WEEKS, due, date(2026, 11, 10), exceptions=[missed])
        assert s.late_but_excused is counts, missed_on


def test_early_years_closure_uses_the_same_window():
    e = RecordedException.for_school_closure(
        date(2026, 7, 16), CLOSED_ON, REOPENED_ON, reason=B, note="nursery summer closure"
    )
    assert e.reason is B and e.days == 42
    with pytest.raises(ValueError, match="exception \\(a\\) or \\(b\\)"):
        RecordedException.for_school_closure(date(2026, 7, 16), CLOSED_ON, REOPENED_ON, reason=C)

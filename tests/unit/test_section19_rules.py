"""Section 19 rules: weekly cost, group before individual, the review schedule and the key dates
with the school calendar (half-terms, INSET days, a calendar that does not cover the dates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared.domain import section19 as rules
from shared.domain.school_days import AcademicYearDates, ClosureDay, ClosureKind, SchoolCalendar, Term

D = date
CAL = SchoolCalendar((AcademicYearDates(2026, (
    Term("Autumn 1", D(2026, 9, 1), D(2026, 10, 23)), Term("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    Term("Spring 1", D(2027, 1, 5), D(2027, 2, 12))),
    (ClosureDay(D(2026, 11, 2), ClosureKind.INSET, "Training"),)),))


@pytest.mark.parametrize("rate,hours,cost", [("30.00", "15", "450.00"), ("42.50", "2.5", "106.25"),
                                             ("33.33", "0.5", "16.67"), ("0", "10", "0.00")])
def test_weekly_cost_is_rate_times_hours_to_the_penny(rate, hours, cost):
    assert rules.weekly_cost(Decimal(rate), Decimal(hours)) == Decimal(cost)


def test_weekly_cost_refuses_nonsense():
    with pytest.raises(ValueError):
        rules.weekly_cost(Decimal("-1"), Decimal("1"))
    with pytest.raises(ValueError):
        rules.weekly_cost(Decimal("10"), Decimal("0"))


def _problems(**kw):
    values = dict(individual=False, group_available=True, individual_reason="", full_time=True, reduced_reason="",
                  hours_per_week=Decimal("25"))
    values.update(kw)
    return rules.package_problems(**values)


def test_group_before_individual():
    assert _problems() == {}
    assert "individual_reason" in _problems(individual=True)
    assert _problems(individual=True, individual_reason="Cannot mix: immune suppressed") == {}
    assert _problems(individual=True, group_available=False) == {}


def test_reduced_hours_need_the_health_reason_and_hours_are_bounded():
    assert "reduced_reason" in _problems(full_time=False, hours_per_week=Decimal("10"))
    assert _problems(full_time=False, reduced_reason="Fatigue", hours_per_week=Decimal("10")) == {}
    assert "hours_per_week" in _problems(hours_per_week=Decimal("0"))
    assert "hours_per_week" in _problems(hours_per_week=Decimal("41"))


def test_reviews_count_school_weeks_across_half_term_and_an_inset_day():
    # 6 school weeks (30 school days) after Friday 9 October 2026: 10 days to 23 October, half-term,
    # INSET on Monday 2 November (4 days that week), 15 more to 27 November: the 30th is Monday 30th.
    assert rules.next_review_on(CAL, D(2026, 10, 9), 6) == D(2026, 11, 30)
    assert rules.next_review_on(CAL, D(2026, 9, 7), 1) == D(2026, 9, 14)


def test_reviews_fall_back_to_calendar_weeks_outside_the_calendar():
    assert rules.next_review_on(CAL, D(2027, 6, 1), 6) == D(2027, 7, 13)
    with pytest.raises(ValueError):
        rules.next_review_on(CAL, D(2026, 9, 7), 0)


def test_an_exclusion_before_half_term_is_due_from_the_sixth_school_day():
    facts = rules.Facts(received_on=D(2026, 10, 22), reason="permanent_exclusion",
                        exclusion_first_day=D(2026, 10, 23))
    start, note = rules.statutory_start(CAL, facts)
    assert start == D(2026, 11, 9) and "6th school day" in note


def test_illness_trigger_met_means_now_and_not_met_means_no_date():
    met = rules.Facts(received_on=D(2026, 11, 10), reason="illness", days_missed=5, expected_absence_days=10)
    assert rules.statutory_start(CAL, met)[0] == D(2026, 11, 10)
    short = rules.Facts(received_on=D(2026, 11, 10), reason="illness", days_missed=5, expected_absence_days=9)
    start, note = rules.statutory_start(CAL, short)
    assert start is None and "not met" in note
    assert rules.statutory_start(CAL, rules.Facts(received_on=D(2026, 11, 10), reason="other"))[0] is None


def test_key_dates_mark_due_soon_overdue_and_late_in_words():
    facts = rules.Facts(received_on=D(2026, 10, 22), reason="permanent_exclusion",
                        exclusion_first_day=D(2026, 10, 23))
    dates, _ = rules.key_dates(CAL, facts, D(2026, 11, 3), decision_school_days=5)
    decision, start = dates
    # 5 school days after Thursday 22 October: 23 Oct, then 3, 4, 5, 6 November (2 Nov is INSET).
    assert decision.due_on == D(2026, 11, 6) and decision.text == "Due in 3 days" and decision.state == "due_soon"
    assert start.due_on == D(2026, 11, 9) and start.state == "due"
    dates, _ = rules.key_dates(CAL, facts, D(2026, 11, 12), decision_school_days=5)
    assert dates[0].text == "Overdue by 6 days"
    late = rules.Facts(**{**facts.__dict__, "decided_on": D(2026, 11, 5), "accepted": True,
                          "package_starts_on": D(2026, 11, 16), "next_review_on": D(2026, 12, 1)})
    dates, _ = rules.key_dates(CAL, late, D(2026, 11, 12), decision_school_days=5)
    assert dates[0].state == "done_in_time"
    assert dates[1].state == "planned_late" and "7 days after this date" in dates[1].text
    assert dates[2].label == "Next review of the package"


def test_a_date_outside_the_calendar_gives_a_note_not_an_error():
    facts = rules.Facts(received_on=D(2027, 6, 1), reason="permanent_exclusion", exclusion_first_day=D(2027, 6, 2))
    dates, notes = rules.key_dates(CAL, facts, D(2027, 6, 3), decision_school_days=5,
                                   calendar_message=lambda e: "no term dates")
    assert dates == []
    assert notes == ["We cannot work out the referral decision date yet: no term dates",
                     "We cannot work out the 6th school day of the exclusion yet: no term dates"]


# --- changing and ending a package ----------------------------------------------------------------

def test_a_change_takes_effect_after_the_current_package_started_and_has_a_reason():
    start = date(2026, 11, 2)
    assert rules.change_problems(current_starts_on=start, effective_on=date(2026, 11, 3), reason="Advice") == {}
    problems = rules.change_problems(current_starts_on=start, effective_on=start, reason=" ")
    assert set(problems) == {"effective_on", "change_reason"}
    assert "2 November 2026" in problems["effective_on"]
    assert rules.change_problems(current_starts_on=start, effective_on=None, reason="x") == {}


def test_an_ending_is_no_earlier_than_the_day_before_the_start_and_has_a_reason():
    start = date(2026, 11, 2)
    assert rules.end_problems(starts_on=start, ends_on=date(2026, 11, 1), reason="Cancelled") == {}
    assert set(rules.end_problems(starts_on=start, ends_on=date(2026, 10, 31), reason="")) == {"ends_on",
                                                                                               "end_reason"}


@pytest.mark.parametrize("old_hours,old_full,new_hours,new_full,reduced", [
    ("25", True, "15", True, True),
    ("25", True, "25", False, True),
    ("15", False, "20", False, False),
    ("25", True, "25", True, False),
    ("10", False, "10", True, False),
])
def test_a_reduction_is_fewer_hours_or_full_time_becoming_reduced(old_hours, old_full, new_hours, new_full, reduced):
    assert rules.is_reduction(old_hours=Decimal(old_hours), old_full_time=old_full, new_hours=Decimal(new_hours),
                              new_full_time=new_full) is reduced

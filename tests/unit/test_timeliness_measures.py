"""The pure parts of the timeliness report: its measures, the default period, the rounding."""

import uuid
from datetime import date, timedelta

import pytest

from shared.domain import clocks
from shared.domain.clocks import ExceptionReason
from shared.queries.timeliness import COUNCIL_EXCEPTIONS, MEASURES, LateCase, Period, default_period, percent


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.key)
def test_the_sql_due_date_is_the_statutory_one(measure):
    """The SQL adds `measure.days` to the day received; it must be the clock's own due date."""
    day = date(2024, 1, 1)
    while day < date(2028, 12, 31):
        assert day + timedelta(days=measure.days) == measure.due(day)
        day += timedelta(days=13)


def test_the_measures_are_the_decision_and_the_final_plan():
    decision, final_plan = MEASURES
    assert decision.due is clocks.assessment_decision_due and decision.weeks == 6
    assert set(decision.event_kinds) == {"agree_to_assess", "refuse_to_assess"}
    assert final_plan.due is clocks.final_plan_due and final_plan.weeks == 20
    assert final_plan.event_kinds == ("issue_final_plan",)


def test_only_exceptions_a_to_d_excuse_the_council():
    assert [r.letter for r in COUNCIL_EXCEPTIONS] == ["a", "b", "c", "d"]
    assert ExceptionReason.MISSED_APPOINTMENT not in COUNCIL_EXCEPTIONS
    for measure in MEASURES:
        assert set(COUNCIL_EXCEPTIONS) == clocks.APPLICABLE_EXCEPTIONS[measure.clock]


@pytest.mark.parametrize("today, starts_on", [
    (date(2026, 11, 23), date(2025, 11, 24)),
    (date(2028, 2, 29), date(2027, 3, 1)),  # 29 February back 12 months is 28 February
    (date(2026, 1, 1), date(2025, 1, 2)),
])
def test_the_default_period_is_the_last_12_months_to_today(today, starts_on):
    assert default_period(today) == Period(starts_on, today)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2), date(2026, 3, 1))
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).starts_on == date(2026, 3, 1)


def test_percentages_round_as_the_clocks_rule_does():
    assert percent(1, 3) == 33.3 == clocks.timeliness([(date(2026, 1, 1), date(2026, 1, 1), False),
                                                        (date(2026, 1, 1), date(2026, 1, 2), False),
                                                        (date(2026, 1, 1), date(2026, 1, 3), False)])["percent_in_time"]
    assert percent(2, 3) == 66.7
    assert percent(0, 0) is None


def test_exception_letters():
    row = LateCase(uuid.uuid4(), "EHC-1", date(2026, 1, 1), date(2026, 2, 12), None,
                   (ExceptionReason.SCHOOL_OR_COLLEGE_CLOSED, ExceptionReason.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES))
    assert row.exception_letters == "(a), (c)"
    assert LateCase(uuid.uuid4(), "EHC-2", date(2026, 1, 1), date(2026, 2, 12), None).exception_letters == ""

"""Children missing education rules: when a weekly review is due, the 15 school days of an illness
notification, what a closing outcome must say, and the lifecycle."""

from datetime import date

import pytest

from shared.domain.cme import (
    AGENCIES,
    OUTCOMES,
    days_since,
    illness_notification_due,
    labels,
    outcome_problem,
    review_due,
)
from shared.domain.lifecycles import CME, IllegalTransition
from shared.models import CaseKind

TODAY = date(2026, 11, 23)


def test_a_case_never_reviewed_is_due():
    assert review_due(None, None, TODAY)


@pytest.mark.parametrize(("last", "expected"), [
    (date(2026, 11, 16), True),   # exactly 7 days ago
    (date(2026, 11, 10), True),
    (date(2026, 11, 17), False),  # 6 days ago
    (TODAY, False),
])
def test_a_review_is_due_7_days_after_the_last(last, expected):
    assert review_due(last, None, TODAY) is expected


def test_a_next_review_date_that_has_come_makes_it_due_sooner():
    assert review_due(date(2026, 11, 20), date(2026, 11, 23), TODAY)
    assert review_due(date(2026, 11, 20), date(2026, 11, 22), TODAY)
    assert not review_due(date(2026, 11, 20), date(2026, 11, 24), TODAY)


def test_days_since_counts_from_the_report_when_never_reviewed():
    assert days_since(None, date(2026, 11, 13), TODAY) == 10
    assert days_since(date(2026, 11, 20), date(2026, 11, 1), TODAY) == 3


@pytest.mark.parametrize(("days", "expected"), [(14, False), (15, True), (40, True), (0, False)])
def test_an_illness_notification_needs_15_school_days(days, expected):
    assert illness_notification_due(days) is expected


@pytest.mark.parametrize("bad", [-1, True, 2.5, None])
def test_school_days_are_whole_numbers(bad):
    with pytest.raises(ValueError):
        illness_notification_due(bad)


def _problem(outcome, **kw):
    values = dict(school_name="", council_name="", council_told_on=None, details="", closed_on=TODAY, today=TODAY)
    values.update(kw)
    return outcome_problem(outcome, **values)


def test_each_outcome_says_what_it_needs():
    assert _problem("nonsense") == "Select the outcome."
    assert _problem("on_roll") == "Enter the school the child is on roll at."
    assert _problem("on_roll", school_name="Hilltop Academy") is None
    assert _problem("moved_council") == "Enter the council the child has moved to."
    assert "date the other council was told" in _problem("moved_council", council_name="Southshire")
    assert "date the other council was told" in _problem("moved_council", council_name="Southshire",
                                                         council_told_on=date(2026, 11, 24))
    assert _problem("moved_council", council_name="Southshire", council_told_on=TODAY) is None
    assert _problem("other") == "Say what happened."
    for outcome in ("home_educated", "section_19", "left_england"):
        assert _problem(outcome) is None
    assert _problem("left_england", closed_on=date(2026, 11, 24)) is not None
    assert _problem("left_england", closed_on=None) is not None
    assert set(OUTCOMES) == {"on_roll", "moved_council", "home_educated", "section_19", "left_england", "other"}


def test_labels_keep_order_and_skip_unknown():
    assert labels(["police", "x", "housing"], AGENCIES) == ["Police", "Housing"]


def test_the_lifecycle_closes_from_reported_and_enquiries_only():
    assert CME.next_state(CaseKind.CME, "reported", "start_enquiries") == "enquiries"
    assert CME.next_state(CaseKind.CME, "reported", "close") == "closed"
    assert CME.next_state(CaseKind.CME, "enquiries", "close") == "closed"
    with pytest.raises(IllegalTransition):
        CME.next_state(CaseKind.CME, "closed", "start_enquiries")

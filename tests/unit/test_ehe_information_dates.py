"""When a request for the register information (new EA 1996 s.436D) is followed up: the reminder's
day, and the day it becomes overdue (shared/domain/ehe_information.py)."""

from datetime import date

import pytest

from shared.domain.ehe import information_due_on, information_overdue
from shared.domain.ehe_information import is_overdue, overdue_from, remind_on, reminder_due

D = date


def test_the_reminder_is_the_lead_time_before_the_due_date():
    requested = D(2026, 11, 23)
    due = information_due_on(requested, 15)
    assert due == D(2026, 12, 7)
    assert remind_on(requested, due, 5) == D(2026, 12, 2)
    assert not reminder_due(requested, due, 5, D(2026, 12, 1))
    assert reminder_due(requested, due, 5, D(2026, 12, 2))
    assert reminder_due(requested, due, 5, D(2026, 12, 6))


@pytest.mark.parametrize(("requested", "due", "expected"), [
    (D(2027, 2, 10), D(2027, 3, 2), D(2027, 2, 25)),   # back over the end of February (28 days)
    (D(2028, 2, 10), D(2028, 3, 2), D(2028, 2, 26)),   # a leap year: 29 February counts
    (D(2026, 12, 20), D(2027, 1, 3), D(2026, 12, 29)),  # back over the end of the year
    (D(2026, 4, 20), D(2026, 5, 5), D(2026, 4, 30)),   # back into a 30-day month
])
def test_the_reminder_day_across_month_ends(requested, due, expected):
    assert remind_on(requested, due, 5) == expected


@pytest.mark.parametrize(("due", "expected"), [
    (D(2026, 1, 31), D(2026, 2, 1)),
    (D(2027, 2, 28), D(2027, 3, 1)),
    (D(2028, 2, 28), D(2028, 2, 29)),
    (D(2026, 4, 30), D(2026, 5, 1)),
    (D(2026, 12, 31), D(2027, 1, 1)),
])
def test_overdue_from_the_day_after_the_due_date_across_month_ends(due, expected):
    assert overdue_from(due) == expected
    assert not is_overdue(due, due) and is_overdue(due, expected)


def test_a_lead_time_longer_than_the_period_reminds_the_day_after_the_request():
    requested = D(2026, 11, 30)
    due = information_due_on(requested, 3)  # 2 December
    assert remind_on(requested, due, 5) == D(2026, 12, 1)  # never before (or on) the request day
    assert not reminder_due(requested, due, 5, requested)
    assert reminder_due(requested, due, 5, D(2026, 12, 1))
    assert remind_on(requested, due, 30) == D(2026, 12, 1)


def test_no_reminder_when_the_request_was_due_the_day_it_was_sent():
    requested = D(2026, 11, 30)
    assert remind_on(requested, requested, 5) is None
    assert not reminder_due(requested, requested, 5, requested)
    assert remind_on(requested, D(2026, 12, 1), 5) == D(2026, 12, 1)  # a two-day period: the last day


def test_due_today_is_still_reminded_and_not_yet_overdue():
    requested, due = D(2026, 11, 1), D(2026, 11, 15)
    assert reminder_due(requested, due, 5, due)  # the scheduler missed the earlier days: still in time
    assert not is_overdue(due, due)
    assert not information_overdue(due, None, due)  # the register's rule agrees
    tomorrow = D(2026, 11, 16)
    assert not reminder_due(requested, due, 5, tomorrow)  # too late to remind: the officer is told
    assert is_overdue(due, tomorrow) and information_overdue(due, None, tomorrow)


def test_a_lead_time_of_zero_reminds_on_the_due_date():
    assert remind_on(D(2026, 11, 1), D(2026, 11, 15), 0) == D(2026, 11, 15)


def test_nonsense_is_refused():
    with pytest.raises(ValueError):
        remind_on(D(2026, 11, 1), D(2026, 11, 15), -1)
    with pytest.raises(ValueError):
        remind_on(D(2026, 11, 15), D(2026, 11, 1), 5)

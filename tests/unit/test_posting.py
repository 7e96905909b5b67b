"""A postal letter is posted within 2 working days of the decision (the service standard of
shared.domain.posting), counted with England and Wales bank holidays."""

from datetime import date, datetime

import pytest

from shared.domain.posting import add_working_days, posting_due, posting_overdue


def test_two_working_days_skip_the_weekend():
    assert posting_due(date(2026, 12, 4)) == date(2026, 12, 8)  # Friday -> Tuesday
    assert posting_due(date(2026, 12, 7)) == date(2026, 12, 9)  # Monday -> Wednesday


def test_two_working_days_skip_christmas_and_the_boxing_day_substitute():
    # Thursday 24 December 2026 is the first; 25th, the weekend and Monday 28th (Boxing Day's
    # substitute) are not working days; Tuesday 29th is the second.
    assert posting_due(date(2026, 12, 23)) == date(2026, 12, 29)


def test_a_letter_waiting_is_overdue_from_the_day_after_it_was_due():
    decided = date(2026, 12, 4)
    assert not posting_overdue(decided, date(2026, 12, 4))
    assert not posting_overdue(decided, date(2026, 12, 8))
    assert posting_overdue(decided, date(2026, 12, 9))


def test_a_letter_posted_is_overdue_only_if_it_was_posted_late():
    decided = date(2026, 12, 4)
    assert not posting_overdue(decided, date(2027, 1, 20), posted_on=date(2026, 12, 8))
    assert posting_overdue(decided, date(2027, 1, 20), posted_on=date(2026, 12, 9))


def test_counting_refuses_a_time_of_day_and_a_backwards_count():
    with pytest.raises(TypeError):
        posting_due(datetime(2026, 12, 4, 9, 0))
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 4), -1)
    assert add_working_days(date(2026, 12, 4), 0) == date(2026, 12, 4)

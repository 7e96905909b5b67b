"""A postal letter is posted within 2 working days of the decision (the service standard of
shared.domain.posting), counted with England and Wales bank holidays."""

from datetime import date, datetime

import pytest

from shared.domain.posting import add_working_days, deemed_served_by_post, posting_due, posting_overdue


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


@pytest.mark.parametrize(
    ("posted", "served"),
    [
        (date(2026, 12, 7), date(2026, 12, 9)),  # Monday -> Wednesday
        (date(2026, 12, 10), date(2026, 12, 14)),  # Thursday -> Monday
        (date(2026, 12, 23), date(2026, 12, 29)),  # Christmas Eve, then past Christmas and the Boxing Day substitute
        (date(2026, 12, 24), date(2026, 12, 30)),
    ],
)
def test_a_posted_document_is_deemed_served_on_the_second_working_day(posted, served):
    # Interpretation Act 1978 s.7; CPR r.6.26 (first class post).
    assert deemed_served_by_post(posted) == served

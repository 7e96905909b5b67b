"""Worked dates for the day-counting rules of statutory-rules.md ("Counting days")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shared.domain.dates import (
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    AppealDeadline,
    BankHolidayYearNotCovered,
    add_months,
    add_weeks,
    appeal_deadline,
    bank_holiday_years,
    is_bank_holiday,
    is_working_day,
    next_working_day_on_or_after,
    window_beginning_with,
)

# --- add_weeks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        (date(2026, 1, 5), 6, date(2026, 2, 16)),  # Regs 5(1): decide within 6 weeks
        (date(2026, 1, 5), 16, date(2026, 4, 27)),  # Regs 10(1)
        (date(2026, 1, 5), 20, date(2026, 5, 25)),  # Regs 13(2); a bank holiday, not moved
        (date(2027, 12, 20), 2, date(2028, 1, 3)),  # across a year end
        (date(2028, 2, 1), 4, date(2028, 2, 29)),  # leap day
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
    ],
)
def test_add_weeks(start, weeks, expected):
    assert add_weeks(start, weeks) == expected


def test_add_weeks_does_not_roll_off_a_bank_holiday():
    deadline = add_weeks(date(2026, 1, 5), 20)
    assert deadline == date(2026, 5, 25)
    assert not is_working_day(deadline)


# --- window_beginning_with -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("served", "days", "expected"),
    [
        (date(2026, 3, 1), 15, date(2026, 3, 15)),  # Regs 13(1): the day of service is day 1
        (date(2026, 2, 20), 15, date(2026, 3, 6)),  # across February in a common year
        (date(2028, 2, 20), 15, date(2028, 3, 5)),  # across February in a leap year
        (date(2026, 12, 25), 15, date(2027, 1, 8)),
        (date(2026, 3, 1), 1, date(2026, 3, 1)),
    ],
)
def test_window_beginning_with(served, days, expected):
    assert window_beginning_with(served, days) == expected


@pytest.mark.parametrize("days", [0, -3])
def test_window_must_be_at_least_one_day(days):
    with pytest.raises(ValueError):
        window_beginning_with(date(2026, 3, 1), days)


# --- add_months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 23), 2, date(2027, 1, 23)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),  # no 31 February: last day of February
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2027, 12, 29), 2, date(2028, 2, 29)),  # 29 February exists in 2028
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # from a leap day to a common year
        (date(2028, 2, 29), 1, date(2028, 3, 29)),
        (date(2026, 8, 31), 2, date(2026, 10, 31)),  # 31 October exists
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("func", [add_weeks, add_months])
def test_a_datetime_is_refused(func):
    with pytest.raises(TypeError):
        func(datetime(2026, 1, 1, 12, 0), 1)


# --- bank holidays and working days ----------------------------------------------------------


def test_table_covers_2024_to_2028_with_eight_days_a_year():
    assert bank_holiday_years() == frozenset(range(2024, 2029))
    for year in range(2024, 2029):
        days = [d for d in BANK_HOLIDAYS_ENGLAND_AND_WALES if d.year == year]
        assert len(days) == 8, year
        assert all(d.weekday() < 5 for d in days), "a bank holiday (or its substitute) is a weekday"


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2027, 3, 29),  # Easter Monday
        date(2028, 4, 17),  # Easter Monday
        date(2026, 12, 28),  # Boxing Day substitute (26 December 2026 is a Saturday)
        date(2027, 12, 27),  # Christmas Day substitute
        date(2027, 12, 28),  # Boxing Day substitute
        date(2028, 1, 3),  # New Year's Day substitute
        date(2025, 8, 25),  # Summer bank holiday
    ],
)
def test_bank_holidays_are_not_working_days(d):
    assert is_bank_holiday(d)
    assert not is_working_day(d)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 12, 24), True),  # Christmas Eve is a working day
        (date(2026, 12, 26), False),  # Saturday, whose substitute is 28 December
        (date(2027, 12, 29), True),
    ],
)
def test_is_working_day(d, expected):
    assert is_working_day(d) is expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # already a working day
        (date(2026, 11, 21), date(2026, 11, 23)),  # Saturday to Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday, weekend, Easter Monday
        (date(2026, 12, 25), date(2026, 12, 29)),  # Christmas, weekend, Boxing Day substitute
        (date(2027, 12, 25), date(2027, 12, 29)),  # both substitutes
        (date(2027, 12, 31), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 1, 4)),  # Saturday, Sunday, New Year substitute
    ],
)
def test_next_working_day_on_or_after(d, expected):
    assert next_working_day_on_or_after(d) == expected


@pytest.mark.parametrize("d", [date(2023, 12, 25), date(2029, 1, 2), date(2029, 1, 6)])
def test_years_outside_the_table_raise_rather_than_guess(d):
    with pytest.raises(BankHolidayYearNotCovered) as excinfo:
        is_working_day(d)
    assert str(d.year) in str(excinfo.value)
    assert "2024-2028" in str(excinfo.value)


def test_rolling_into_an_uncovered_year_raises():
    # 30 and 31 December 2028 are a Saturday and a Sunday, so the next working day is in 2029.
    with pytest.raises(BankHolidayYearNotCovered):
        next_working_day_on_or_after(date(2028, 12, 30))


# --- appeal_deadline (Tribunal Rules r.20 and r.12) -----------------------------------------


def test_appeal_deadline_is_two_months_from_the_notice():
    deadline = appeal_deadline(date(2026, 11, 23))
    assert isinstance(deadline, AppealDeadline)
    assert deadline.statutory_last_day == date(2027, 1, 23)  # a Saturday
    assert deadline.rely_on == date(2027, 1, 25)  # the Monday
    assert deadline.rolled_forward
    assert deadline.basis == "notice"


def test_appeal_deadline_on_a_working_day_is_not_moved():
    deadline = appeal_deadline(date(2026, 11, 25))
    assert deadline.statutory_last_day == deadline.rely_on == date(2027, 1, 25)
    assert not deadline.rolled_forward


@pytest.mark.parametrize(
    ("notice", "last_day", "rely_on"),
    [
        (date(2026, 12, 31), date(2027, 2, 28), date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
        (date(2027, 12, 31), date(2028, 2, 29), date(2028, 2, 29)),  # leap day, a Tuesday
        (date(2026, 8, 31), date(2026, 10, 31), date(2026, 11, 2)),  # 31 Oct 2026 is a Saturday
        (date(2027, 1, 29), date(2027, 3, 29), date(2027, 3, 30)),  # Easter Monday 2027
        (date(2026, 2, 3), date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday to after Easter
        (date(2026, 10, 25), date(2026, 12, 25), date(2026, 12, 29)),  # Christmas 2026
        (date(2027, 10, 27), date(2027, 12, 27), date(2027, 12, 29)),  # substitute days 2027
        (date(2026, 3, 25), date(2026, 5, 25), date(2026, 5, 26)),  # Spring bank holiday
    ],
)
def test_appeal_deadline_worked_examples(notice, last_day, rely_on):
    deadline = appeal_deadline(notice)
    assert deadline.statutory_last_day == last_day
    assert deadline.rely_on == rely_on
    assert is_working_day(deadline.rely_on)


def test_a_later_mediation_certificate_extends_the_deadline():
    # Notice 1 March 2027: 2 months is 1 May 2027 (a Saturday). Certificate 20 April 2027:
    # 1 month is 20 May 2027, which is later, so it applies.
    deadline = appeal_deadline(date(2027, 3, 1), date(2027, 4, 20))
    assert deadline.basis == "mediation_certificate"
    assert deadline.statutory_last_day == date(2027, 5, 20)
    assert deadline.rely_on == date(2027, 5, 20)


def test_an_earlier_mediation_certificate_does_not_shorten_the_deadline():
    # Certificate 10 March 2027: 1 month is 10 April 2027, earlier than 1 May 2027.
    deadline = appeal_deadline(date(2027, 3, 1), date(2027, 3, 10))
    assert deadline.basis == "notice"
    assert deadline.statutory_last_day == date(2027, 5, 1)
    assert deadline.rely_on == date(2027, 5, 4)  # Saturday, Sunday, Early May bank holiday


def test_a_mediation_deadline_on_a_bank_holiday_rolls_forward():
    # Certificate 28 November 2026: 1 month is 28 December 2026, the Boxing Day substitute.
    deadline = appeal_deadline(date(2026, 10, 1), date(2026, 11, 28))
    assert deadline.basis == "mediation_certificate"
    assert deadline.statutory_last_day == date(2026, 12, 28)
    assert deadline.rely_on == date(2026, 12, 29)


def test_certificate_on_the_notice_date_is_accepted():
    deadline = appeal_deadline(date(2027, 3, 1), date(2027, 3, 1))
    assert deadline.basis == "notice"


def test_certificate_before_the_notice_is_a_data_error():
    with pytest.raises(ValueError):
        appeal_deadline(date(2027, 3, 1), date(2027, 2, 27))


def test_appeal_deadline_outside_the_table_raises():
    with pytest.raises(BankHolidayYearNotCovered):
        appeal_deadline(date(2028, 11, 15))  # 15 January 2029


def test_every_rely_on_date_in_the_table_is_a_working_day_and_at_most_four_days_late():
    start = date(2024, 1, 1)
    for offset in range(0, 365 * 4 + 200):
        notice = start + timedelta(days=offset)
        deadline = appeal_deadline(notice)
        assert is_working_day(deadline.rely_on)
        assert 0 <= (deadline.rely_on - deadline.statutory_last_day).days <= 4


def test_age_on_counts_whole_years_and_leap_day_birthdays():
    from shared.domain.dates import age_on

    assert age_on(date(2001, 5, 20), date(2026, 5, 19)) == 24
    assert age_on(date(2001, 5, 20), date(2026, 5, 20)) == 25
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18

"""Worked dates for the day-counting rules of statutory-rules.md ("Counting days")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shared.domain.dates import (
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    AppealDeadline,
    BankHolidayYearNotCovered,
    HolidayRule,
    add_months,
    add_weeks,
    appeal_deadline,
    bank_holiday_years,
    is_bank_holiday,
    is_working_day,
    next_working_day_on_or_after,
    tribunal_rule_12_day,
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


def test_table_covers_2024_to_2032_with_eight_days_a_year():
    assert bank_holiday_years() == frozenset(range(2024, 2033))
    for year in range(2024, 2033):
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


@pytest.mark.parametrize("d", [date(2023, 12, 25), date(2033, 1, 3), date(2033, 1, 8)])
def test_years_outside_the_table_raise_rather_than_guess(d):
    with pytest.raises(BankHolidayYearNotCovered) as excinfo:
        is_working_day(d)
    assert str(d.year) in str(excinfo.value)
    assert "2024-2032" in str(excinfo.value)


def test_rolling_into_an_uncovered_year_raises():
    # An appeal period ending on 27 December 2032 runs to the first working day after
    # 1 January 2033 (r.12(3)), a year the table does not cover.
    with pytest.raises(BankHolidayYearNotCovered):
        tribunal_rule_12_day(date(2032, 12, 27))


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
        (date(2026, 10, 25), date(2026, 12, 25), date(2027, 1, 4)),  # Christmas 2026: r.12(3)
        (date(2027, 10, 27), date(2027, 12, 27), date(2028, 1, 4)),  # substitute days 2027: r.12(3)
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


def test_a_mediation_certificate_that_moves_the_deadline_into_christmas():
    # Notice 1 October 2026: 2 months is 1 December 2026, a working day. Certificate 28 November
    # 2026: 1 month is 28 December 2026, later, and inside 25 December to 1 January, so r.12(3)
    # gives the first working day after 1 January 2027 (a Friday bank holiday): Monday 4 January.
    deadline = appeal_deadline(date(2026, 10, 1), date(2026, 11, 28))
    assert deadline.basis == "mediation_certificate"
    assert deadline.statutory_last_day == date(2026, 12, 28)
    assert deadline.rely_on == date(2027, 1, 4)
    assert deadline.rule is HolidayRule.CHRISTMAS


def test_certificate_on_the_notice_date_is_accepted():
    deadline = appeal_deadline(date(2027, 3, 1), date(2027, 3, 1))
    assert deadline.basis == "notice"


def test_certificate_before_the_notice_is_a_data_error():
    with pytest.raises(ValueError):
        appeal_deadline(date(2027, 3, 1), date(2027, 2, 27))


def test_appeal_deadline_outside_the_table_raises():
    with pytest.raises(BankHolidayYearNotCovered):
        appeal_deadline(date(2032, 11, 15))  # 15 January 2033


# --- r.12(3): SEN appeals ending over Christmas or in August ---------------------------------


def test_the_issue_example_29_october_2026_runs_to_monday_4_january_2027():
    # 2 months from 29 October 2026 ends on Tuesday 29 December 2026: inside 25 December to
    # 1 January, so the appeal is in time on the first working day after 1 January 2027. That is
    # a Friday and a bank holiday, then a weekend: Monday 4 January 2027.
    deadline = appeal_deadline(date(2026, 10, 29))
    assert deadline.statutory_last_day == date(2026, 12, 29)
    assert is_working_day(deadline.statutory_last_day)  # r.12(2) alone would not move it
    assert deadline.rely_on == date(2027, 1, 4)
    assert deadline.rule is HolidayRule.CHRISTMAS
    assert deadline.rolled_forward


@pytest.mark.parametrize(
    ("last_day", "rely_on", "rule"),
    [
        # The Christmas window, 25 December to 1 January inclusive.
        (date(2026, 12, 24), date(2026, 12, 24), HolidayRule.NONE),  # Christmas Eve, a Thursday
        (date(2026, 12, 25), date(2027, 1, 4), HolidayRule.CHRISTMAS),  # first day of the window
        (date(2026, 12, 31), date(2027, 1, 4), HolidayRule.CHRISTMAS),  # New Year's Eve, a working day
        (date(2027, 1, 1), date(2027, 1, 4), HolidayRule.CHRISTMAS),  # last day of the window
        (date(2027, 1, 2), date(2027, 1, 4), HolidayRule.NEXT_WORKING_DAY),  # outside: a Saturday, r.12(2)
        (date(2027, 1, 5), date(2027, 1, 5), HolidayRule.NONE),
        # 2 January 2028 is a Sunday and 3 January the New Year substitute: Tuesday 4 January.
        (date(2027, 12, 29), date(2028, 1, 4), HolidayRule.CHRISTMAS),
        (date(2028, 1, 1), date(2028, 1, 4), HolidayRule.CHRISTMAS),
        # 2 January 2027 is a Saturday: Monday 4 January (above). 2 January 2026 is a Friday.
        (date(2025, 12, 30), date(2026, 1, 2), HolidayRule.CHRISTMAS),
        # Christmas Eve on a Saturday (2022 is outside the table; 2033 too): a weekend just
        # before the window moves only by r.12(2). 24 December 2027 is a Friday, a working day.
        (date(2027, 12, 24), date(2027, 12, 24), HolidayRule.NONE),
        # The August window.
        (date(2027, 7, 31), date(2027, 8, 2), HolidayRule.NEXT_WORKING_DAY),  # a Saturday in July: r.12(2) only
        (date(2027, 8, 1), date(2027, 9, 1), HolidayRule.AUGUST),  # first day of August, a Sunday
        (date(2027, 8, 16), date(2027, 9, 1), HolidayRule.AUGUST),  # a working day in August
        (date(2027, 8, 31), date(2027, 9, 1), HolidayRule.AUGUST),  # last day of August, a Tuesday
        (date(2027, 9, 1), date(2027, 9, 1), HolidayRule.NONE),
        (date(2026, 8, 31), date(2026, 9, 1), HolidayRule.AUGUST),  # the summer bank holiday
        # 1 September 2029 is a Saturday: the first working day after 31 August is Monday 3rd.
        (date(2029, 8, 10), date(2029, 9, 3), HolidayRule.AUGUST),
    ],
)
def test_tribunal_rule_12_worked_dates(last_day, rely_on, rule):
    assert tribunal_rule_12_day(last_day) == (rely_on, rule)


@pytest.mark.parametrize(
    ("notice", "last_day", "rely_on"),
    [
        (date(2026, 6, 15), date(2026, 8, 15), date(2026, 9, 1)),
        (date(2027, 6, 30), date(2027, 8, 30), date(2027, 9, 1)),  # Summer bank holiday 2027
        (date(2026, 12, 31), date(2027, 2, 28), date(2027, 3, 1)),  # unaffected
        (date(2027, 10, 31), date(2027, 12, 31), date(2028, 1, 4)),
        (date(2026, 11, 1), date(2027, 1, 1), date(2027, 1, 4)),
    ],
)
def test_appeal_deadline_in_the_windows(notice, last_day, rely_on):
    deadline = appeal_deadline(notice)
    assert (deadline.statutory_last_day, deadline.rely_on) == (last_day, rely_on)


def test_a_mediation_certificate_that_moves_the_deadline_out_of_christmas():
    # Notice 29 October 2026 alone runs to 4 January 2027 (r.12(3)). A certificate of
    # 15 December 2026 gives 15 January 2027, later, and outside the window: not moved.
    deadline = appeal_deadline(date(2026, 10, 29), date(2026, 12, 15))
    assert deadline.basis == "mediation_certificate"
    assert deadline.statutory_last_day == deadline.rely_on == date(2027, 1, 15)
    assert deadline.rule is HolidayRule.NONE


def test_a_mediation_certificate_that_moves_the_deadline_into_august():
    # Notice 20 May 2027: 2 months is 20 July 2027, a Tuesday. Certificate 5 July 2027: 1 month
    # is 5 August 2027, later, and in August: the first working day after 31 August.
    deadline = appeal_deadline(date(2027, 5, 20), date(2027, 7, 5))
    assert deadline.basis == "mediation_certificate"
    assert deadline.statutory_last_day == date(2027, 8, 5)
    assert deadline.rely_on == date(2027, 9, 1)
    assert deadline.rule is HolidayRule.AUGUST


def test_a_mediation_certificate_that_moves_the_deadline_out_of_august():
    # Notice 10 June 2027: 2 months is 10 August 2027 (rely on 1 September). Certificate
    # 20 August 2027: 1 month is 20 September 2027, a Monday.
    deadline = appeal_deadline(date(2027, 6, 10), date(2027, 8, 20))
    assert deadline.statutory_last_day == deadline.rely_on == date(2027, 9, 20)
    assert deadline.rule is HolidayRule.NONE


def test_every_rely_on_date_in_the_table_is_a_working_day_and_moved_only_as_rule_12_allows():
    start = date(2024, 1, 1)
    for offset in range(0, 365 * 8 + 200):
        notice = start + timedelta(days=offset)
        deadline = appeal_deadline(notice)
        last = deadline.statutory_last_day
        assert is_working_day(deadline.rely_on)
        if last.month == 8:
            assert deadline.rule is HolidayRule.AUGUST
            assert deadline.rely_on > date(last.year, 8, 31)
            assert (deadline.rely_on - date(last.year, 8, 31)).days <= 3
        elif (last.month, last.day) >= (12, 25) or (last.month, last.day) == (1, 1):
            assert deadline.rule is HolidayRule.CHRISTMAS
            new_year = date(last.year + (last.month == 12), 1, 1)
            assert new_year < deadline.rely_on <= new_year + timedelta(days=4)
        else:
            assert deadline.rule in (HolidayRule.NONE, HolidayRule.NEXT_WORKING_DAY)
            assert 0 <= (deadline.rely_on - last).days <= 4
            assert (deadline.rule is HolidayRule.NONE) == (deadline.rely_on == last)


def test_age_on_counts_whole_years_and_leap_day_birthdays():
    from shared.domain.dates import age_on

    assert age_on(date(2001, 5, 20), date(2026, 5, 19)) == 24
    assert age_on(date(2001, 5, 20), date(2026, 5, 20)) == 25
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18

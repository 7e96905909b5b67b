"""Worked dates for school days and the school-day clocks (statutory-rules.md "Counting days",
sections 5 and 6), over a council calendar typical of England for 2025 to 2028.

The calendar (half-terms are the gaps between terms; INSET days marked):

2025 to 2026: 1 Sep-24 Oct, 3 Nov-19 Dec, 5 Jan-13 Feb, 23 Feb-27 Mar, 13 Apr-22 May, 1 Jun-21 Jul;
              INSET 1 and 2 Sep, 3 Nov, 5 Jan, 20 Jul.
2026 to 2027: 1 Sep-23 Oct, 2 Nov-18 Dec, 4 Jan-12 Feb, 22 Feb-25 Mar, 12 Apr-28 May, 7 Jun-21 Jul;
              INSET 1 and 2 Sep, 2 Nov, 4 Jan, 7 Jun.
2027 to 2028: 1 Sep-22 Oct, 1 Nov-17 Dec, 4 Jan-11 Feb, 21 Feb-7 Apr, 24 Apr-26 May, 5 Jun-21 Jul;
              INSET 1 and 2 Sep, 1 Nov, 4 Jan, 5 Jun.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from shared.domain.dates import BankHolidayYearNotCovered
from shared.domain.school_days import (
    AcademicYearDates,
    CalendarNotConfigured,
    ClosureDay,
    ClosureKind,
    S437Deadline,
    SchoolCalendar,
    Term,
    academic_year_label,
    academic_year_of,
    excluded_pupil_provision_from,
    illness_provision_trigger,
    referral_decision_due,
    s437_notice_deadline,
)

D = date

TERMS = {
    2025: [("Autumn 1", D(2025, 9, 1), D(2025, 10, 24)), ("Autumn 2", D(2025, 11, 3), D(2025, 12, 19)),
           ("Spring 1", D(2026, 1, 5), D(2026, 2, 13)), ("Spring 2", D(2026, 2, 23), D(2026, 3, 27)),
           ("Summer 1", D(2026, 4, 13), D(2026, 5, 22)), ("Summer 2", D(2026, 6, 1), D(2026, 7, 21))],
    2026: [("Autumn 1", D(2026, 9, 1), D(2026, 10, 23)), ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
           ("Spring 1", D(2027, 1, 4), D(2027, 2, 12)), ("Spring 2", D(2027, 2, 22), D(2027, 3, 25)),
           ("Summer 1", D(2027, 4, 12), D(2027, 5, 28)), ("Summer 2", D(2027, 6, 7), D(2027, 7, 21))],
    2027: [("Autumn 1", D(2027, 9, 1), D(2027, 10, 22)), ("Autumn 2", D(2027, 11, 1), D(2027, 12, 17)),
           ("Spring 1", D(2028, 1, 4), D(2028, 2, 11)), ("Spring 2", D(2028, 2, 21), D(2028, 4, 7)),
           ("Summer 1", D(2028, 4, 24), D(2028, 5, 26)), ("Summer 2", D(2028, 6, 5), D(2028, 7, 21))],
}
INSET = {
    2025: [D(2025, 9, 1), D(2025, 9, 2), D(2025, 11, 3), D(2026, 1, 5), D(2026, 7, 20)],
    2026: [D(2026, 9, 1), D(2026, 9, 2), D(2026, 11, 2), D(2027, 1, 4), D(2027, 6, 7)],
    2027: [D(2027, 9, 1), D(2027, 9, 2), D(2027, 11, 1), D(2028, 1, 4), D(2028, 6, 5)],
}


def year(start: int) -> AcademicYearDates:
    return AcademicYearDates(start, tuple(Term(*t) for t in TERMS[start]),
                             tuple(ClosureDay(d, ClosureKind.INSET) for d in INSET[start]))


CAL = SchoolCalendar((year(2025), year(2026), year(2027)))


# --- is_school_day --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 9, 1), False),  # INSET day, first day of the autumn term
        (D(2026, 9, 2), False),  # INSET day
        (D(2026, 9, 3), True),  # first day for pupils
        (D(2026, 9, 5), False),  # Saturday in term
        (D(2026, 8, 31), False),  # summer holiday and the summer bank holiday
        (D(2026, 10, 23), True),  # Friday before half-term
        (D(2026, 10, 26), False),  # half-term
        (D(2026, 11, 2), False),  # INSET day after half-term
        (D(2026, 12, 18), True),  # last day before Christmas
        (D(2026, 12, 21), False),  # Christmas holiday
        (D(2026, 12, 28), False),  # Boxing Day substitute bank holiday, in the holiday
        (D(2027, 1, 4), False),  # INSET day
        (D(2027, 1, 5), True),
        (D(2027, 3, 25), True),  # last day before Easter
        (D(2027, 3, 26), False),  # Good Friday
        (D(2027, 4, 12), True),  # first day after Easter
        (D(2027, 5, 3), False),  # early May bank holiday inside the summer term
        (D(2027, 5, 4), True),
        (D(2028, 2, 29), True),  # leap day, a Tuesday in term
        (D(2028, 1, 3), False),  # New Year substitute bank holiday
        (D(2028, 7, 21), True),  # last configured school day
    ],
)
def test_is_school_day(day, expected):
    assert CAL.is_school_day(day) is expected


def test_bank_holiday_inside_a_term_is_not_a_school_day():
    # A calendar whose summer term runs through the early May bank holiday of 2028.
    cal = SchoolCalendar((AcademicYearDates(2027, (Term("Summer 1", D(2028, 4, 24), D(2028, 5, 26)),)),))
    assert not cal.is_school_day(D(2028, 5, 1))
    assert cal.is_school_day(D(2028, 5, 2))


def test_other_closure_day_is_not_a_school_day():
    polling = ClosureDay(D(2027, 5, 6), ClosureKind.OTHER, "Polling day")
    cal = SchoolCalendar((AcademicYearDates(2026, tuple(Term(*t) for t in TERMS[2026]), (polling,)),))
    assert not cal.is_school_day(D(2027, 5, 6))
    assert cal.is_school_day(D(2027, 5, 7))


def test_term_of():
    assert CAL.term_of(D(2027, 2, 20)) is None  # spring half-term
    assert CAL.term_of(D(2027, 2, 22)).name == "Spring 2"


# --- school_days_between (both ends included) -----------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 9, 7), D(2026, 9, 11), 5),  # a plain week
        (D(2026, 9, 7), D(2026, 9, 7), 1),  # one school day, counted once
        (D(2026, 9, 5), D(2026, 9, 6), 0),  # a weekend
        (D(2026, 10, 19), D(2026, 11, 6), 9),  # half-term and an INSET day
        (D(2026, 10, 23), D(2026, 11, 9), 6),  # Friday before half-term to the 6th day
        (D(2026, 12, 14), D(2027, 1, 8), 9),  # Christmas and an INSET day
        (D(2027, 3, 22), D(2027, 4, 16), 9),  # Easter
        (D(2027, 4, 26), D(2027, 5, 7), 9),  # early May bank holiday in term
        (D(2028, 2, 21), D(2028, 3, 3), 10),  # leap year: 29 February counts
        (D(2027, 2, 22), D(2027, 3, 5), 10),  # the same fortnight in 2027
        (D(2026, 9, 1), D(2026, 12, 18), 71),  # the autumn term 2026: 37 + 34
        (D(2026, 7, 20), D(2026, 9, 4), 3),  # across academic years: 21 Jul, 3 and 4 Sep
        (D(2026, 7, 22), D(2026, 8, 31), 0),  # the summer holiday
    ],
)
def test_school_days_between(start, end, expected):
    assert CAL.school_days_between(start, end) == expected


def test_school_days_between_refuses_end_before_start():
    with pytest.raises(ValueError, match="before start"):
        CAL.school_days_between(D(2026, 9, 10), D(2026, 9, 9))


# --- add_school_days (the n-th school day after a day) --------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 7), 1, D(2026, 9, 8)),
        (D(2026, 9, 11), 1, D(2026, 9, 14)),  # Friday to Monday
        (D(2026, 9, 12), 1, D(2026, 9, 14)),  # from a Saturday
        (D(2026, 10, 23), 1, D(2026, 11, 3)),  # half-term, then the INSET day
        (D(2026, 10, 28), 1, D(2026, 11, 3)),  # from inside half-term
        (D(2026, 12, 18), 1, D(2027, 1, 5)),  # Christmas
        (D(2027, 3, 25), 1, D(2027, 4, 12)),  # Easter
        (D(2027, 4, 30), 1, D(2027, 5, 4)),  # bank holiday Monday in term
        (D(2028, 2, 28), 1, D(2028, 2, 29)),  # leap day
        (D(2028, 2, 25), 3, D(2028, 3, 1)),
        (D(2026, 7, 21), 1, D(2026, 9, 3)),  # into the next academic year
        (D(2026, 9, 7), 10, D(2026, 9, 21)),
    ],
)
def test_add_school_days(start, n, expected):
    assert CAL.add_school_days(start, n) == expected


@pytest.mark.parametrize("n", [0, -1])
def test_add_school_days_refuses_n_below_one(n):
    with pytest.raises(ValueError):
        CAL.add_school_days(D(2026, 9, 7), n)


def test_nth_school_day_of_counts_the_start_when_it_is_a_school_day():
    assert CAL.nth_school_day_of(D(2026, 9, 7), 1) == D(2026, 9, 7)
    assert CAL.nth_school_day_of(D(2026, 9, 1), 1) == D(2026, 9, 3)  # INSET days first
    assert CAL.first_school_day_on_or_after(D(2026, 10, 24)) == D(2026, 11, 3)
    with pytest.raises(ValueError):
        CAL.nth_school_day_of(D(2026, 9, 7), 0)


# --- outside the configured years: raise, never guess --------------------------------------


@pytest.mark.parametrize("day", [D(2025, 8, 31), D(2024, 10, 1), D(2028, 9, 1), D(2030, 1, 7)])
def test_dates_outside_the_configured_years_raise(day):
    with pytest.raises(CalendarNotConfigured, match="No term dates for the academic year") as raised:
        CAL.is_school_day(day)
    assert raised.value.academic_year == academic_year_of(day)
    assert "2025 to 2026, 2026 to 2027, 2027 to 2028" in str(raised.value)
    assert not CAL.covers(day)


def test_counting_past_the_last_configured_year_raises():
    with pytest.raises(CalendarNotConfigured, match="2028 to 2029"):
        CAL.add_school_days(D(2028, 7, 20), 2)
    with pytest.raises(CalendarNotConfigured):
        CAL.school_days_between(D(2028, 7, 1), D(2028, 9, 30))
    with pytest.raises(CalendarNotConfigured):
        CAL.add_school_days(D(2025, 8, 29), 1)  # the start itself is outside


def test_a_gap_between_configured_years_raises():
    cal = SchoolCalendar((year(2025), year(2027)))
    assert cal.configured_years == (2025, 2027)
    with pytest.raises(CalendarNotConfigured, match="2026 to 2027"):
        cal.add_school_days(D(2026, 7, 21), 1)


def test_a_year_without_terms_is_not_configured():
    cal = SchoolCalendar((year(2025), AcademicYearDates(2026)))
    assert cal.configured_years == (2025,)
    with pytest.raises(CalendarNotConfigured):
        cal.is_school_day(D(2026, 9, 7))


def test_an_empty_calendar_says_none_are_configured():
    with pytest.raises(CalendarNotConfigured, match="entered for: none"):
        SchoolCalendar().is_school_day(D(2026, 9, 7))


def test_a_year_the_bank_holiday_table_does_not_cover_raises():
    cal = SchoolCalendar((AcademicYearDates(2033, (Term("Autumn 1", D(2033, 9, 5), D(2033, 10, 21)),)),))
    with pytest.raises(BankHolidayYearNotCovered):
        cal.is_school_day(D(2033, 9, 5))


# --- the values themselves -----------------------------------------------------------------


def test_academic_year_labels():
    assert academic_year_of(D(2026, 9, 1)) == 2026
    assert academic_year_of(D(2027, 8, 31)) == 2026
    assert academic_year_label(2026) == "2026 to 2027"
    assert year(2026).label == "2026 to 2027"
    assert (year(2026).first_day, year(2026).last_day) == (D(2026, 9, 1), D(2027, 8, 31))


def test_values_refuse_impossible_terms():
    with pytest.raises(ValueError, match="before it starts"):
        Term("Autumn 1", D(2026, 10, 23), D(2026, 9, 1))
    with pytest.raises(ValueError, match="not inside the academic year 2026 to 2027"):
        AcademicYearDates(2026, (Term("Autumn 1", D(2026, 8, 28), D(2026, 10, 23)),))
    with pytest.raises(ValueError, match="overlap"):
        AcademicYearDates(2026, (Term("A", D(2026, 9, 1), D(2026, 10, 23)), Term("B", D(2026, 10, 23), D(2026, 12, 18))))
    with pytest.raises(ValueError, match="closure day"):
        AcademicYearDates(2026, (Term(*TERMS[2026][0]),), (ClosureDay(D(2027, 9, 1)),))
    with pytest.raises(ValueError, match="given twice"):
        SchoolCalendar((year(2026), year(2026)))


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        CAL.is_school_day(datetime(2026, 9, 7, 9, 0))
    with pytest.raises(TypeError):
        s437_notice_deadline(datetime(2026, 11, 2, 9, 0))


# --- the 6th school day of a permanent exclusion -------------------------------------------


@pytest.mark.parametrize(
    ("exclusion_start", "expected"),
    [
        (D(2026, 11, 9), D(2026, 11, 16)),  # Monday: 9-13 Nov are days 1-5
        (D(2026, 10, 23), D(2026, 11, 9)),  # Friday before half-term; 2 Nov is INSET
        (D(2026, 11, 14), D(2026, 11, 23)),  # a Saturday: day 1 is Monday 16 Nov
        (D(2026, 12, 16), D(2027, 1, 7)),  # across Christmas and the 4 Jan INSET day
        (D(2027, 3, 23), D(2027, 4, 14)),  # across Easter
        (D(2027, 4, 27), D(2027, 5, 5)),  # across the early May bank holiday
        (D(2028, 2, 24), D(2028, 3, 2)),  # leap year: 29 Feb is day 4
        (D(2026, 7, 16), D(2026, 9, 7)),  # across the summer: 16, 17, 21 Jul, 3, 4, 7 Sep
    ],
)
def test_excluded_pupil_provision_from_the_6th_school_day(exclusion_start, expected):
    assert excluded_pupil_provision_from(CAL, exclusion_start) == expected
    assert CAL.school_days_between(exclusion_start, expected) == 6


def test_excluded_pupil_provision_past_the_configured_years_raises():
    with pytest.raises(CalendarNotConfigured):
        excluded_pupil_provision_from(CAL, D(2028, 7, 17))


# --- 15 school days of absence through illness ---------------------------------------------


@pytest.mark.parametrize(
    ("so_far", "expected_further", "clear"),
    [(0, 15, True), (15, 0, True), (10, 5, True), (10, 4, False), (14, 0, False), (0, 0, False), (3, 40, True)],
)
def test_illness_provision_trigger(so_far, expected_further, clear):
    assert illness_provision_trigger(so_far, expected_further) is clear


def test_illness_provision_trigger_with_the_calendar():
    # Missed Wednesday 4 to Friday 6 November 2026 (2 November was INSET, 3 November at school);
    # a consultant expects the child back on Monday 30 November: 9-27 November to come.
    so_far = CAL.school_days_between(D(2026, 11, 4), D(2026, 11, 6))
    further = CAL.school_days_between(D(2026, 11, 9), D(2026, 11, 27))
    assert (so_far, further) == (3, 15)
    assert illness_provision_trigger(so_far, further)
    # Only a week more expected: 8 in all, not yet clear.
    assert not illness_provision_trigger(so_far, CAL.school_days_between(D(2026, 11, 9), D(2026, 11, 13)))


def test_illness_provision_trigger_refuses_bad_numbers():
    for args in ((-1, 5), (5, -1), (1.5, 3), (True, 3)):
        with pytest.raises(ValueError):
            illness_provision_trigger(*args)
    with pytest.raises(ValueError):
        illness_provision_trigger(5, 5, threshold=20)  # never later than the guidance
    assert illness_provision_trigger(6, 4, threshold=10)


# --- the s.437(1) notice: at least 15 days beginning with the day of service ----------------


@pytest.mark.parametrize(
    ("served_on", "days", "ends", "act_from"),
    [
        (D(2026, 11, 2), 15, D(2026, 11, 16), D(2026, 11, 17)),
        (D(2028, 2, 15), 15, D(2028, 2, 29), D(2028, 3, 1)),  # leap year
        (D(2027, 2, 15), 15, D(2027, 3, 1), D(2027, 3, 2)),
        (D(2026, 12, 11), 15, D(2026, 12, 25), D(2026, 12, 26)),  # calendar days: Christmas Day not skipped
        (D(2026, 10, 23), 15, D(2026, 11, 6), D(2026, 11, 7)),  # half-term does not stop it
        (D(2026, 11, 2), 20, D(2026, 11, 21), D(2026, 11, 22)),  # a notice may give longer
    ],
)
def test_s437_notice_deadline(served_on, days, ends, act_from):
    deadline = s437_notice_deadline(served_on, days)
    assert deadline == S437Deadline(served_on, days, ends, act_from)
    assert (deadline.period_ends_on - served_on).days == days - 1


def test_s437_notice_gives_at_least_15_days():
    for days in (14, 0, -3):
        with pytest.raises(ValueError, match="at least 15 days"):
            s437_notice_deadline(D(2026, 11, 2), days)


# --- the council's target for deciding a Section 19 referral --------------------------------


def test_referral_decision_due_counts_school_days_after_receipt():
    assert referral_decision_due(CAL, D(2026, 10, 23)) == D(2026, 11, 9)  # default 5: 3, 4, 5, 6, 9 Nov
    assert referral_decision_due(CAL, D(2026, 10, 23), school_days=10) == D(2026, 11, 16)
    assert referral_decision_due(CAL, D(2026, 12, 19), school_days=1) == D(2027, 1, 5)  # received on a Saturday
    with pytest.raises(ValueError):
        referral_decision_due(CAL, D(2026, 10, 23), school_days=0)

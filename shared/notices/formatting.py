"""Dates as a letter writes them: "23 January 2027", or "Monday 25 January 2027".

GOV.UK style: no leading zero, no ordinal suffix, the month in full. The names are spelt out
here rather than taken from `strftime`, whose output follows the server's locale. Frozen notice
content keeps dates as ISO strings, so these functions also accept an ISO date string.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["long_date", "long_date_with_weekday", "to_date"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_date(value: date | str) -> date:
    """A `date` from a date or an ISO date string ("2027-01-25")."""
    if isinstance(value, datetime):
        raise TypeError("a notice date is a date, not a datetime")
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def long_date(value: date | str) -> str:
    """The date as "23 January 2027"."""
    d = to_date(value)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def long_date_with_weekday(value: date | str) -> str:
    """The date as "Monday 25 January 2027", for deadlines, where the weekday helps."""
    d = to_date(value)
    return f"{_WEEKDAYS[d.weekday()]} {long_date(d)}"

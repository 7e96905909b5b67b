"""When to follow up a request for the children-not-in-school register information (new EA 1996
s.436D, inserted by the Children's Wellbeing and Schools Act 2026; docs/home-education.md, "The
parent's information duty"). Pure date arithmetic: no database, no settings.

The Act requires parents to give the information; it says nothing about reminders. The reminder a
few days before the date (the setting `ehe_information_reminder_days`, 5 by default) and the
notice to the officer once the date has passed are the council's own practice, not statute
(check against the regulations when they are made). Calendar days throughout: the date to answer
by (`shared.domain.ehe.information_due_on`) is a calendar date, and so is a reminder's day.
"""

from __future__ import annotations

from datetime import date, timedelta


def remind_on(requested_on: date, due_on: date, lead_days: int) -> date | None:
    """The day the parents are reminded: `lead_days` calendar days before `due_on`, but never on
    or before the day the request was sent (the request letter is itself the first word: a
    reminder the same day would be noise). When the lead time is longer than the period, that is
    the day after the request. None when no day is left for a reminder: the request was due the
    day it was sent."""
    if lead_days < 0:
        raise ValueError("The reminder's lead time cannot be negative.")
    if due_on < requested_on:
        raise ValueError("A request cannot fall due before it was sent.")
    day = max(due_on - timedelta(days=lead_days), requested_on + timedelta(days=1))
    return day if day <= due_on else None


def reminder_due(requested_on: date, due_on: date, lead_days: int, today: date) -> bool:
    """Whether an unanswered request should be reminded about `today`: from `remind_on` up to and
    including the date to answer by (the last day is still in time). After that the request is
    overdue and the officer is told instead (`overdue_from`)."""
    day = remind_on(requested_on, due_on, lead_days)
    return day is not None and day <= today <= due_on


def overdue_from(due_on: date) -> date:
    """The first day an unanswered request is overdue: the day after the date to answer by (the
    parents have the whole of the last day; `shared.domain.ehe.information_overdue` agrees)."""
    return due_on + timedelta(days=1)


def is_overdue(due_on: date, today: date) -> bool:
    """Whether an unanswered request is overdue `today`."""
    return today >= overdue_from(due_on)

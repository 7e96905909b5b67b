"""When a letter that goes by post should have been posted.

A decision is made on one day and its letter is dated, and counts, from the day it is sent
(statutory-rules.md section 4: "the notice records its own issue date; the appeal deadline is
computed from it"; for a posted letter that is the day it is posted). A letter left waiting in
the print queue eats into the statutory periods the council itself must meet (for example the
6 weeks to decide whether to assess and notify the parent, SEND Regulations 2014 reg 5(1)), so
the service sets itself a standard: post each letter within 2 working days of the decision.
This is the council's own service standard, not a statutory period.
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.domain.dates import is_working_day, require_date

__all__ = ["POSTING_WORKING_DAYS", "add_working_days", "deemed_served_by_post", "posting_due", "posting_overdue"]

# The service standard: a postal letter is posted within this many working days of the decision.
POSTING_WORKING_DAYS = 2


def add_working_days(d: date, n: int) -> date:
    """The `n`th working day after `d` (`d` itself not counted), where working days exclude
    weekends and bank holidays in England and Wales (`shared.domain.dates.is_working_day`).
    Raises `BankHolidayYearNotCovered` when the count reaches a year the table does not cover."""
    current = require_date(d)
    if n < 0:
        raise ValueError(f"count forwards only, not {n} working days")
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def posting_due(decided_on: date) -> date:
    """The last day to post the letter of a decision made on `decided_on`: the second working
    day after it (a decision on Friday 4 December 2026 is posted by Tuesday 8 December)."""
    return add_working_days(decided_on, POSTING_WORKING_DAYS)


def posting_overdue(decided_on: date, today: date, posted_on: date | None = None) -> bool:
    """Whether a postal letter is late: not posted (or posted after `posting_due`) and that
    day has passed. A letter posted in time is never overdue; one still waiting becomes overdue
    on the day after `posting_due`."""
    require_date(today, "today")
    due = posting_due(decided_on)
    if posted_on is not None:
        return require_date(posted_on, "posted_on") > due
    return today > due


def deemed_served_by_post(posted_on: date) -> date:
    """The day a document posted first class on `posted_on` is taken to have been served: the
    second working day after posting.

    Interpretation Act 1978 s.7: service by post is effected, unless the contrary is proved, when
    the letter would be delivered in the ordinary course of post; the second business day after
    posting first class is the usual reading (Civil Procedure Rules r.6.26). Periods that run
    from service rather than from the date of a letter, such as the family's 15 days on a draft
    EHC plan "beginning with the day on which the draft was served" (SEND Regulations 2014
    reg 13(1)), are counted from this day when the copy goes by post, so a posted family is
    never given less time than one that was emailed.
    """
    return add_working_days(posted_on, 2)

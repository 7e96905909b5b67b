"""Elective home education rules (statutory-rules.md section 5; docs/home-education.md). Pure.

- Parents may home educate (EA 1996 s.7); a school deletes the name when the parent writes that
  they are home educating and tells the council (Pupil Registration Regulations 2024 reg 13:
  the deletion return).
- A child registered at a special school under council arrangements may not be taken off roll
  for home education without the council's consent (Pupil Registration Regulations 2024, the
  ground for deletion for home education; check the regulation number). Under the Children's
  Wellbeing and Schools Act 2026 (new EA 1996 s.434A, not yet in force, behind a setting) the
  consent is needed too for a child subject to s.47 Children Act 1989 enquiries or action.
- Informal enquiries first (DfE Elective home education guidance for local authorities, 2019),
  then a s.437(1) notice (`shared.domain.school_days.s437_notice_deadline`), then a notice of
  intention to serve a school attendance order (s.438(2)-(6): the parent's 15 days to choose a
  school) and the order (s.437(3)).
- The parent's duty to give the children-not-in-school register information when the council
  asks (new EA 1996 s.436D, Children's Wellbeing and Schools Act 2026; not yet in force).
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.domain.dates import window_beginning_with

# EA 1996 s.438(4)-(6): the parent has 15 days, beginning with the day the notice of intention
# is served, to choose one of the alternative schools or another school that offers a place.
SAO_CHOICE_DAYS = 15

# The reasons the DfE asks councils to return for children starting home education (the termly
# elective home education data collection, mandatory from autumn 2024). The wording follows the
# DfE's published categories as closely as we know them: check against the current collection
# guide before the first return.
DFE_REASONS: dict[str, str] = {
    "philosophical": "Philosophical or preferential reasons",
    "religious": "Religious or cultural beliefs",
    "lifestyle": "Lifestyle choice",
    "mental_health": "Mental health",
    "physical_health": "Physical health",
    "dissatisfied_sen": "Dissatisfaction with the school: special educational needs",
    "bullying": "Dissatisfaction with the school: bullying",
    "dissatisfied_other": "Dissatisfaction with the school: other",
    "exclusion": "To avoid a suspension or permanent exclusion",
    "school_place": "Did not get a place at the school of choice",
    "other": "Other",
    "not_given": "No reason given",
}

CONTACT_PREFERENCES: dict[str, str] = {"email": "Email", "phone": "Phone", "post": "Letter by post"}

# A school's deletion return for home education: the ground named in the return.
DELETION_GROUND = "The parent has told the school in writing that the child is receiving education otherwise than at school"


def consent_required(*, special_school: bool, s47_enquiries: bool, cwsa_in_force: bool) -> bool:
    """Does taking the child off roll for home education need the council's consent first?

    Today: only for a child registered at a special school under council arrangements. With the
    Children's Wellbeing and Schools Act 2026 regime on (new EA 1996 s.434A), also for a child
    subject to s.47 Children Act 1989 enquiries or action. Whether the special school place is
    "under council arrangements" is taken as true for every special school on record: a child
    placed privately at an independent special school is a reading to check by hand.
    """
    return special_school or (cwsa_in_force and s47_enquiries)


def check_in_due(next_check_in_on: date | None, today: date) -> bool:
    """A check-in is due on or after the date the last one set."""
    return next_check_in_on is not None and next_check_in_on <= today


def reason_labels(keys: list[str]) -> list[str]:
    return [DFE_REASONS[k] for k in keys if k in DFE_REASONS]


def sao_choice_period_ends(served_on: date) -> date:
    """The last day the parent may choose the school to be named in a school attendance order:
    "the period of 15 days beginning with the day on which the notice is served" (EA 1996
    s.438(4)-(6)), so the day of service is day 1 and the period ends on `served_on` + 14. The
    end is not moved off a weekend (as for the s.437(1) period). When the notice is posted,
    `served_on` is the day service is deemed to happen (check: EA 1996 s.572, Interpretation
    Act 1978 s.7)."""
    return window_beginning_with(served_on, SAO_CHOICE_DAYS)


def sao_may_act_from(s437_period_ends_on: date | None, choose_by: date | None) -> date | None:
    """The first day the council may serve a school attendance order: the day after the s.437(1)
    period ends (s.437(3)(a): the parent "fails to satisfy the authority within the period") and,
    when a notice of intention was served, the day after the parent's 15 days to choose a school
    end (s.438(4)-(6)). None when no s.437(1) notice has been served: no order is possible."""
    if s437_period_ends_on is None:
        return None
    first = s437_period_ends_on + timedelta(days=1)
    if choose_by is not None:
        first = max(first, choose_by + timedelta(days=1))
    return first


def information_due_on(requested_on: date, days: int) -> date:
    """The date by which the parents must answer a request for the children-not-in-school
    register information (new EA 1996 s.436D, Children's Wellbeing and Schools Act 2026): the
    last of `days` days beginning with the day of the request. We could not confirm the period
    the Act or its regulations set, so `days` is the setting `ehe_information_days`, 15 by
    default: a placeholder (check against s.436D and the regulations when they are made)."""
    return window_beginning_with(requested_on, days)


def information_overdue(due_on: date, answered_on: date | None, today: date) -> bool:
    """An information request is overdue from the day after its date while unanswered."""
    return answered_on is None and today > due_on

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
  then a s.437(1) notice (`shared.domain.school_days.s437_notice_deadline`), then a school
  attendance order.
"""

from __future__ import annotations

from datetime import date

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

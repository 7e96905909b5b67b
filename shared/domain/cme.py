"""Children missing education rules (statutory-rules.md section 5; docs/children-missing-education.md). Pure.

- The council must make arrangements to identify children of compulsory school age in its area who
  are not registered pupils at a school and are not receiving suitable education otherwise
  (EA 1996 s.436A; DfE "Children missing education" statutory guidance, 2024).
- A school tells the council when it deletes a pupil's name from the admission register on one of
  the grounds the School Attendance (Pupil Registration) (England) Regulations 2024 list (the
  deletion return; reg 13 (check the regulation number)), including a pupil whose destination is
  not known.
- A school tells the council when a pupil will miss 15 school days or more, consecutive or
  cumulative, through illness (statutory-rules.md section 5; DfE "Working together to improve
  school attendance", 2024, and "Arranging education for children who cannot attend school because
  of health needs", 2023) so that the council can consider its Section 19 duty.
- The register is reviewed weekly (the council's children missing education procedure: the
  fair access / EHE officer's job description, seed 002 item 7). Weekly is local practice, not statute.
"""

from __future__ import annotations

from datetime import date

from shared.domain.school_days import ILLNESS_THRESHOLD_SCHOOL_DAYS

# The council's own procedure: every open case is looked at once a week.
REVIEW_INTERVAL_DAYS = 7

# Deletion grounds a school reports when the pupil's next school is not known. Our wording of the
# grounds in the Pupil Registration Regulations 2024 (check against regulation 9 before go-live).
DELETION_GROUNDS: dict[str, str] = {
    "moved_away": "No longer lives within a reasonable distance of the school, and the new school is not known",
    "unauthorised_absence": "Absent without authorisation for 20 or more consecutive school days, and the school "
                            "and the council could not find where the child is after reasonable enquiries",
    "not_returned_from_leave": "Did not return within 10 school days of the end of a leave of absence, and the "
                               "school and the council could not find where the child is",
    "left_no_destination": "Left the school and no other school has asked for the pupil's file",
    "other": "Another ground (say which in the notes)",
}

# The agencies an officer contacts during the weekly review (the seed: liaise with other agencies
# to address the barriers to a school place).
AGENCIES: dict[str, str] = {
    "social_care": "Children's social care",
    "early_help": "Early help",
    "police": "Police",
    "health": "Health (GP, school nurse, health visitor)",
    "camhs": "CAMHS",
    "housing": "Housing",
    "admissions": "School admissions",
    "fair_access": "Fair access panel",
    "other_council": "Another council",
    "school": "A school",
    "attendance": "Attendance service",
}

# Who else tells the council about a child missing education (officer-recorded reports).
OTHER_SOURCES: dict[str, str] = {
    "police": "Police",
    "health": "Health",
    "social_care": "Children's social care",
    "neighbour": "A neighbour or member of the public",
    "other_council": "Another council",
    "family": "The family",
    "other": "Someone else",
}

# How a case closes.
OUTCOMES: dict[str, str] = {
    "on_roll": "On roll at a school",
    "moved_council": "Moved to another council's area",
    "home_educated": "Electively home educated",
    "section_19": "Section 19 provision arranged",
    "left_england": "Left England",
    "other": "Other",
}


def illness_notification_due(days_absent: int) -> bool:
    """Must the school tell the council about a pupil absent through illness? Yes once the pupil
    has missed 15 school days or more, consecutive or cumulative (statutory-rules.md section 5;
    the same 15 school days as the Section 19 health duty, `school_days.ILLNESS_THRESHOLD_SCHOOL_DAYS`)."""
    if isinstance(days_absent, bool) or not isinstance(days_absent, int) or days_absent < 0:
        raise ValueError(f"days_absent must be a whole number of school days, 0 or more, not {days_absent!r}")
    return days_absent >= ILLNESS_THRESHOLD_SCHOOL_DAYS


def review_due(last_reviewed_on: date | None, next_review_on: date | None, today: date) -> bool:
    """Is the case due its weekly review? When it has never been reviewed, when 7 days or more have
    passed since the last review, or when the next review date the last one set has come. Local
    practice (the council's weekly children out of school review), not statute."""
    if last_reviewed_on is None:
        return True
    if (today - last_reviewed_on).days >= REVIEW_INTERVAL_DAYS:
        return True
    return next_review_on is not None and next_review_on <= today


def days_since(last_reviewed_on: date | None, reported_on: date, today: date) -> int:
    """Days since the case was last looked at: since the last review, or since the report."""
    return (today - (last_reviewed_on or reported_on)).days


def outcome_problem(outcome: str, *, school_name: str, council_name: str, council_told_on: date | None,
                    details: str, closed_on: date | None, today: date) -> str | None:
    """What is missing from a closing outcome, in words, or None. A child on roll names the school;
    a move names the other council and the day it was told (the guidance: the council the child has
    moved to is told, so that it can take the case on); "other" says what happened."""
    if outcome not in OUTCOMES:
        return "Select the outcome."
    if closed_on is None or closed_on > today:
        return "The date of the outcome must be today or in the past."
    if outcome == "on_roll" and not school_name.strip():
        return "Enter the school the child is on roll at."
    if outcome == "moved_council":
        if not council_name.strip():
            return "Enter the council the child has moved to."
        if council_told_on is None or council_told_on > today:
            return "Enter the date the other council was told, today or in the past."
    if outcome == "other" and not details.strip():
        return "Say what happened."
    return None


def labels(keys: list[str], table: dict[str, str]) -> list[str]:
    return [table[k] for k in keys if k in table]

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
- A school attendance order stays in force while the child is of compulsory school age unless
  the council revokes it (s.437(4), s.442) or a court directs otherwise (s.443(2), s.447(5));
  the council amends the school named at the parent's request (s.440, a child without an EHC
  plan; for a child with a plan the school named in the plan governs, s.441). An order in force
  must be revoked before the child can be taken off roll to be educated at home
  (statutory-rules.md section 5): `sao_in_force`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


# --- a school attendance order in force, amended or revoked (EA 1996 ss.437(4), 440-442) ----------

# The chronology event recorded when a notification joins a case whose order is in force.
SAO_WARNING_EVENT = "ehe_sao_in_force_warning"

# The statuses in which an order in force is acted on (amended, revoked): the order's own, and a
# new case waiting for the council's consent that carries an order from an earlier case.
ORDER_STATUSES = frozenset({"school_attendance_order", "council_consent_required"})


def sao_in_force(issued_on: date | None, revoked_on: date | None) -> bool:
    """Is a school attendance order in force? From the day it is made until it is revoked: "A
    school attendance order shall (subject to any amendment made by the local authority)
    continue in force for so long as the child is of compulsory school age, unless (a) it is
    revoked by the authority, or (b) a direction is made in respect of it under section 443(2)
    or 447(5)" (EA 1996 s.437(4)). A revocation dated before the order was made belongs to an
    earlier order (the council may make a new one after revoking one), so it does not end this
    one. The end of compulsory school age and a court's direction are not recorded here: an
    officer closes the case then (check). While an order is in force the child may not be taken
    off roll to be educated at home until it is revoked (statutory-rules.md section 5)."""
    if issued_on is None:
        return False
    return revoked_on is None or revoked_on < issued_on


@dataclass(frozen=True)
class EarlierOrder:
    """An order made (or carried) on one of the child's earlier home education cases."""
    case_reference: str
    issued_on: date
    revoked_on: date | None


def order_still_in_force(earlier: Sequence[EarlierOrder]) -> EarlierOrder | None:
    """The child's school attendance order that is still in force when a new home education
    notification arrives, if any. `earlier` is the child's earlier cases' orders, the oldest case
    first. An order outlives the case it was made on: it lasts while the child is of compulsory
    school age unless revoked (EA 1996 s.437(4)), so a child who went back to school under an order
    and is later taken off roll again still has it, and it must be revoked first
    (statutory-rules.md section 5; s.442). The newest case that made or carried an order holds
    it: an older case's copy of the same order is superseded."""
    if not earlier:
        return None
    latest = earlier[-1]
    return latest if sao_in_force(latest.issued_on, latest.revoked_on) else None


def sao_state(issued_on: date | None, revoked_on: date | None, amended_on: date | None) -> str | None:
    """What the register and the case page say about the order: "revoked" (s.442), "amended"
    (in force, the school named changed under s.440), "in_force", or None when no order was
    made. An amendment or revocation before the current order was made belongs to an earlier one."""
    if issued_on is None:
        return None
    if not sao_in_force(issued_on, revoked_on):
        return "revoked"
    if amended_on is not None and amended_on >= issued_on:
        return "amended"
    return "in_force"


def sao_revocation_pending(issued_on: date | None, revoked_on: date | None, requested_on: date | None,
                           refused_on: date | None) -> bool:
    """Is a parent's application to revoke the order in force waiting for the council's decision
    (EA 1996 s.442: the parent "applies to the authority requesting that the order be revoked on
    the ground that arrangements have been made for the child to receive suitable education
    otherwise than at school")? Only an application made on or after the day the order was made
    counts, and only until it is refused (or the order revoked)."""
    return (sao_in_force(issued_on, revoked_on) and requested_on is not None and requested_on >= issued_on
            and (refused_on is None or refused_on < requested_on))

"""EHE associates: the council's sessional visitors, the visits the EHE practitioner allocates to
them and the yearly budget the visits are costed against (docs/ehe-associates.md).

One function per action, each in the caller's transaction. Visit actions write a chronology event
on the case; allocating and cancelling email the associate through the outbox. The budget rules
are in `shared.domain.ehe_budget`.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from shared.db import db, utcnow
from shared.domain import ehe_budget as rules
from shared.models import (
    Case,
    CaseKind,
    CheckInKind,
    CheckInOutcome,
    EheAssociate,
    EheAssociateVisit,
    EheBudget,
    Role,
    User,
    VisitStatus,
)
from shared.outbox import add_outbox_message
from shared.queries.ehe_associates import year_position
from shared.services import ehe
from shared.services.cases import check_version
from shared.services.chronology import record_event
from shared.services.errors import ServiceError
from shared.services.submissions import claim, previous_result

EMAIL_JOB = "send_ehe_associate_email"
RESULT_TYPE = "ehe_associate_visit"
MAX_MONEY = Decimal("100000")
MAX_MILES = Decimal("1000")
# A visit is for a child being home educated: not while the school may not yet delete the name.
VISIT_STATES = frozenset({"notified", "enquiries", "suitable", "s437_notice", "school_attendance_order"})


def visits_allowed(case: Case) -> bool:
    """Whether a visit may be allocated on this case: an open home education case whose status
    allows visits (not while the council's consent is awaited, docs/ehe-associates.md). The
    route, the service and the case page's "Allocate a visit" link all ask this."""
    return case.kind == CaseKind.EHE and case.closed_at is None and case.status in VISIT_STATES


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


# --- associates ---------------------------------------------------------------------------------

def _associate_fields(name: str, email: str, visit_fee: Decimal, mileage_rate: Decimal,
                      exclude: EheAssociate | None = None) -> None:
    if not name.strip():
        raise ServiceError("Enter the associate's name.")
    if "@" not in email.strip():
        raise ServiceError("Enter the associate's email address.")
    if visit_fee is None or not (0 <= Decimal(visit_fee) <= MAX_MONEY):
        raise ServiceError("Enter a visit fee from 0 to 100,000 pounds.")
    if mileage_rate is None or not (0 <= Decimal(mileage_rate) <= 10):
        raise ServiceError("Enter a mileage rate from 0 to 10 pounds a mile.")
    stmt = select(EheAssociate.id).where(func.lower(EheAssociate.email) == email.strip().lower())
    if exclude is not None:
        stmt = stmt.where(EheAssociate.id != exclude.id)
    if db.session.scalars(stmt).first() is not None:
        raise ServiceError("An associate with this email address is already recorded.")


def add_associate(*, name: str, email: str, phone: str, visit_fee: Decimal, mileage_rate: Decimal,
                  actor: User) -> EheAssociate:
    """Record an associate the council may allocate visits to, with their fee and mileage rate."""
    _associate_fields(name, email, visit_fee, mileage_rate)
    associate = EheAssociate(name=name.strip(), email=email.strip().lower(), phone=phone.strip(),
                             visit_fee=rules.to_pence(visit_fee), mileage_rate=rules.to_pence(mileage_rate),
                             active=True)
    db.session.add(associate)
    db.session.flush()
    return associate


def update_associate(associate: EheAssociate, *, name: str, email: str, phone: str, visit_fee: Decimal,
                     mileage_rate: Decimal, actor: User) -> None:
    """Change an associate's details or rates. Visits already allocated keep the fee and rate
    they were costed at."""
    _associate_fields(name, email, visit_fee, mileage_rate, exclude=associate)
    associate.name, associate.email, associate.phone = name.strip(), email.strip().lower(), phone.strip()
    associate.visit_fee, associate.mileage_rate = rules.to_pence(visit_fee), rules.to_pence(mileage_rate)
    db.session.flush()


def deactivate_associate(associate: EheAssociate, *, actor: User) -> None:
    """Stop allocating visits to an associate. Visits already allocated stay as they are."""
    associate.active = False
    db.session.flush()


def reactivate_associate(associate: EheAssociate, *, actor: User) -> None:
    """Allocate visits to an associate again."""
    associate.active = True
    db.session.flush()


# --- the budget ---------------------------------------------------------------------------------

def set_budget(year: int, *, amount: Decimal, actor: User) -> EheBudget:
    """Set (or change) the budget for associate visits in financial year `year` (a manager's
    decision). A budget below what is already committed and spent is allowed: the budget page
    then shows how far over it the year is, and no more visits can be allocated."""
    if actor.role != Role.MANAGER:
        raise ServiceError("Only a manager can set the budget.")
    if amount is None or not (0 <= Decimal(amount) <= Decimal("100000000")):
        raise ServiceError("Enter a budget from 0 to 100,000,000 pounds.")
    budget = db.session.scalars(select(EheBudget).where(EheBudget.financial_year == year).with_for_update()).first()
    if budget is None:
        budget = EheBudget(financial_year=year, amount=rules.to_pence(amount))
        db.session.add(budget)
    budget.amount, budget.set_by_id, budget.set_at = rules.to_pence(amount), actor.id, utcnow()
    db.session.flush()
    return budget


# --- visits -------------------------------------------------------------------------------------

def allocate_visit(case: Case, *, associate: EheAssociate, planned_on: date, estimated_miles: Decimal | None,
                   actor: User, expected_version: int | None, today: date, submission_key: str = ""
                   ) -> EheAssociateVisit:
    """Allocate a visit to an associate for an open EHE case, costed at the associate's fee plus
    the estimated miles at their rate. Refused for an inactive associate, a planned date in the
    past, a year with no budget set, and a visit that would take the year's committed and spent
    over the budget. Posted twice with the same `submission_key`, it makes one visit."""
    earlier = previous_result(submission_key)
    if earlier is not None and earlier.result_type == RESULT_TYPE:
        return db.session.get(EheAssociateVisit, uuid.UUID(earlier.result_id))
    check_version(case, expected_version)
    if case.kind != CaseKind.EHE or case.closed_at is not None:
        raise ServiceError("Visits can only be allocated for an open home education case.")
    if case.status not in VISIT_STATES:
        raise ServiceError("The council must decide whether to consent before a visit is allocated.")
    if not associate.active:
        raise ServiceError(f"{associate.name} is no longer in use: choose another associate.")
    if planned_on < today:
        raise ServiceError("The planned date must be today or in the future.")
    miles = Decimal(estimated_miles) if estimated_miles is not None else Decimal(0)
    if not (0 <= miles <= MAX_MILES):
        raise ServiceError("Enter the estimated miles from 0 to 1,000.")
    cost = rules.visit_cost(associate.visit_fee, miles, associate.mileage_rate)
    year = rules.financial_year(planned_on)
    # Lock the year's budget row so two allocations at once cannot both fit the same money.
    budget = db.session.scalars(select(EheBudget).where(EheBudget.financial_year == year).with_for_update()).first()
    if budget is None:
        raise ServiceError(f"No budget is set for {rules.financial_year_label(year)}: set the budget first "
                           "(a manager sets it on the budget page).")
    position = year_position(year)
    if not rules.allocation_fits(position, cost):
        raise ServiceError(
            f"This visit would cost {_money(cost)}, but only {_money(max(position.remaining, Decimal(0)))} of the "
            f"{_money(position.budget)} budget for {rules.financial_year_label(year)} is left "
            f"({_money(position.committed)} committed, {_money(position.spent)} spent).")
    visit = EheAssociateVisit(case_id=case.id, associate_id=associate.id, associate=associate,
                              status=VisitStatus.ALLOCATED, financial_year=year, allocated_on=today,
                              planned_on=planned_on, visit_fee=associate.visit_fee,
                              mileage_rate=associate.mileage_rate, estimated_miles=miles, estimated_cost=cost,
                              allocated_by_id=actor.id)
    db.session.add(visit)
    db.session.flush()
    if submission_key and not claim(submission_key, user_id=actor.id, result_type=RESULT_TYPE,
                                    result_id=str(visit.id)):
        raise ServiceError("This visit has already been allocated.")
    record_event(case, "ehe_associate_visit_allocated",
                 f"Visit allocated to {associate.name} for {planned_on:%-d %B %Y}, estimated at {_money(cost)}",
                 actor=actor, data={"visit_id": str(visit.id), "associate_id": str(associate.id),
                                    "estimated_cost": str(cost), "financial_year": year})
    add_outbox_message(EMAIL_JOB, {"visit_id": str(visit.id), "kind": "allocated"})
    return visit


def _open_visit(visit: EheAssociateVisit) -> None:
    db.session.refresh(visit, with_for_update=True)  # one officer records or cancels it, not two
    if visit.status is not VisitStatus.ALLOCATED:
        raise ServiceError(f"This visit is already {visit.status.label.lower()}.")


def record_visit(case: Case, visit: EheAssociateVisit, *, visited_on: date, outcome: str, actual_miles: Decimal,
                 report_notes: str, next_check_in_on: date | None, actor: User, expected_version: int | None,
                 today: date) -> EheAssociateVisit:
    """The associate made the visit: its actual cost (the fee and rate it was allocated at, and
    the miles travelled) is spent, and the visit is recorded as an EHE check-in of kind "visit"
    with its outcome. A "concern" outcome is not itself a safeguarding concern: the officer
    decides and records one separately if it is."""
    check_version(case, expected_version)
    _open_visit(visit)
    if outcome not in {o.value for o in CheckInOutcome}:
        raise ServiceError("Select the outcome of the visit.")
    if visited_on > today:
        raise ServiceError("The date of the visit must be today or in the past.")
    if actual_miles is None or not (0 <= Decimal(actual_miles) <= MAX_MILES):
        raise ServiceError("Enter the miles travelled from 0 to 1,000.")
    if not report_notes.strip():
        raise ServiceError("Enter what the associate reported.")
    associate = visit.associate
    check_in = ehe.record_check_in(case, held_on=visited_on, kind=CheckInKind.VISIT.value, outcome=outcome,
                                   notes=f"Visit by {associate.name}: {report_notes.strip()}",
                                   next_check_in_on=next_check_in_on, actor=actor, expected_version=expected_version,
                                   today=today)
    cost = rules.visit_cost(visit.visit_fee, Decimal(actual_miles), visit.mileage_rate)
    visit.status, visit.visited_on, visit.actual_miles, visit.actual_cost = (
        VisitStatus.COMPLETED, visited_on, Decimal(actual_miles), cost)
    visit.outcome, visit.report_notes = CheckInOutcome(outcome), report_notes.strip()
    visit.check_in_id, visit.recorded_by_id = check_in.id, actor.id
    visit.financial_year = rules.financial_year(visited_on)  # the cost falls in the year the visit was made
    record_event(case, "ehe_associate_visit_completed",
                 f"Visit by {associate.name} on {visited_on:%-d %B %Y}: {CheckInOutcome(outcome).label}. "
                 f"Cost {_money(cost)} ({visit.actual_miles} miles)",
                 actor=actor, data={"visit_id": str(visit.id), "actual_cost": str(cost),
                                    "estimated_cost": str(visit.estimated_cost), "outcome": outcome})
    db.session.flush()
    return visit


def cancel_visit(case: Case, visit: EheAssociateVisit, *, reason: str, actor: User, expected_version: int | None,
                 today: date) -> None:
    """Cancel a visit not yet made, with the reason: its estimated cost is no longer committed.
    The associate is told by email (the reason stays on the case record)."""
    check_version(case, expected_version)
    if not reason.strip():
        raise ServiceError("Give the reason for cancelling the visit.")
    _open_visit(visit)
    visit.status, visit.cancelled_on, visit.cancel_reason = VisitStatus.CANCELLED, today, reason.strip()
    visit.cancelled_by_id = actor.id
    record_event(case, "ehe_associate_visit_cancelled",
                 f"Visit by {visit.associate.name} planned for {visit.planned_on:%-d %B %Y} cancelled: "
                 f"{reason.strip()}. {_money(visit.estimated_cost)} released",
                 actor=actor, data={"visit_id": str(visit.id), "released": str(visit.estimated_cost)})
    add_outbox_message(EMAIL_JOB, {"visit_id": str(visit.id), "kind": "cancelled"})
    db.session.flush()

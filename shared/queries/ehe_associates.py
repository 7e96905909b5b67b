"""EHE associates, their visits and the budget (docs/ehe-associates.md). Cases come only
through the user's visibility rules; the budget's totals are the council's, over every visit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, union

from shared.db import db
from shared.domain import ehe_budget as rules
from shared.models import Case, CaseKind, Child, EheAssociate, EheAssociateVisit, EheBudget, User, VisitStatus
from shared.queries.cases import visible_cases


def associates(*, active_only: bool = False) -> list[EheAssociate]:
    """Associates in use first, then by name."""
    stmt = select(EheAssociate).order_by(EheAssociate.active.desc(), EheAssociate.name, EheAssociate.email)
    if active_only:
        stmt = stmt.where(EheAssociate.active.is_(True))
    return list(db.session.scalars(stmt))


def associate(associate_id: uuid.UUID) -> EheAssociate | None:
    return db.session.get(EheAssociate, associate_id)


def visits_for_case(case: Case) -> list[EheAssociateVisit]:
    """A case's visits, the latest planned first."""
    stmt = (select(EheAssociateVisit).where(EheAssociateVisit.case_id == case.id)
            .order_by(EheAssociateVisit.planned_on.desc(), EheAssociateVisit.created_at.desc(),
                      EheAssociateVisit.id))
    return list(db.session.scalars(stmt))


def visit_for_case(case: Case, visit_id: uuid.UUID) -> EheAssociateVisit | None:
    """One visit, only through a case the user has already been allowed to see."""
    stmt = select(EheAssociateVisit).where(EheAssociateVisit.id == visit_id, EheAssociateVisit.case_id == case.id)
    return db.session.scalars(stmt).first()


def budget_for_year(year: int) -> EheBudget | None:
    return db.session.scalars(select(EheBudget).where(EheBudget.financial_year == year)).first()


def year_position(year: int) -> rules.BudgetPosition:
    """The council's position for `year` over every visit: committed (allocated, at the
    estimate), spent (made, at the actual cost); cancelled visits count for nothing."""
    budget = budget_for_year(year)
    sums = dict(db.session.execute(
        select(EheAssociateVisit.status,
               func.coalesce(func.sum(func.coalesce(EheAssociateVisit.actual_cost, EheAssociateVisit.estimated_cost)),
                             0))
        .where(EheAssociateVisit.financial_year == year).group_by(EheAssociateVisit.status)).all())
    return rules.budget_position(budget.amount if budget else None,
                                 allocated=[sums.get(VisitStatus.ALLOCATED, Decimal(0))],
                                 completed=[sums.get(VisitStatus.COMPLETED, Decimal(0))])


def budget_years(today: date) -> list[int]:
    """The years to offer: every year with a budget or a visit, this year and next; newest first."""
    stmt = union(select(EheBudget.financial_year), select(EheAssociateVisit.financial_year))
    years = set(db.session.scalars(stmt)) | {rules.financial_year(today), rules.financial_year(today) + 1}
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class BudgetVisit:
    """One visit as the budget report lists it: plain values, not a loaded visit, case and child
    (4,000 of those took most of a second to load: docs/performance.md)."""
    case_id: uuid.UUID
    reference: str
    child_name: str
    status: VisitStatus
    planned_on: date
    visited_on: date | None
    estimated_cost: Decimal
    actual_cost: Decimal | None


@dataclass
class AssociateGroup:
    associate: EheAssociate
    visits: list[BudgetVisit] = field(default_factory=list)
    committed: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")


def budget_report(user: User, year: int) -> tuple[rules.BudgetPosition, list[AssociateGroup]]:
    """The year's position and its visits grouped by associate (by name), each visit of a case
    the user may see, in the order planned."""
    cases = visible_cases(user).where(Case.kind == CaseKind.EHE).subquery()
    # One query, the columns the page shows (the child and case reference with each visit).
    stmt = (select(EheAssociate, EheAssociateVisit.case_id, cases.c.reference, Child.first_name, Child.last_name,
                   EheAssociateVisit.status, EheAssociateVisit.planned_on, EheAssociateVisit.visited_on,
                   EheAssociateVisit.estimated_cost, EheAssociateVisit.actual_cost)
            .select_from(EheAssociateVisit)
            .join(cases, cases.c.id == EheAssociateVisit.case_id)
            .join(Child, Child.id == cases.c.child_id)
            .join(EheAssociate, EheAssociate.id == EheAssociateVisit.associate_id)
            .where(EheAssociateVisit.financial_year == year)
            .order_by(EheAssociate.name, EheAssociate.id, EheAssociateVisit.planned_on, EheAssociateVisit.id))
    groups: dict[uuid.UUID, AssociateGroup] = {}
    for associate_row, case_id, reference, first_name, last_name, *facts in db.session.execute(stmt):
        visit = BudgetVisit(case_id, reference, f"{first_name} {last_name}", *facts)
        group = groups.setdefault(associate_row.id, AssociateGroup(associate=associate_row))
        group.visits.append(visit)
        if visit.status is VisitStatus.ALLOCATED:
            group.committed += visit.estimated_cost
        elif visit.status is VisitStatus.COMPLETED:
            group.spent += visit.actual_cost or Decimal(0)
    return year_position(year), list(groups.values())

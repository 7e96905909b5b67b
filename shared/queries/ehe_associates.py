"""EHE associates, their visits and the budget (docs/ehe-associates.md). Cases come only
through the user's visibility rules; the budget's totals are the council's, over every visit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AssociateTotals:
    """One associate's line on the budget page: visits by status and money committed and spent."""
    associate: EheAssociate
    allocated: int
    completed: int
    cancelled: int
    committed: Decimal
    spent: Decimal

    @property
    def visits(self) -> int:
        return self.allocated + self.completed + self.cancelled


def _ehe_cases(user: User):
    return visible_cases(user).where(Case.kind == CaseKind.EHE).subquery()


def budget_report(user: User, year: int) -> tuple[rules.BudgetPosition, list[AssociateTotals]]:
    """The year's position and one line of totals per associate (by name), over the visits of
    cases the user may see. Totals, not visits: a large county has some 4,000 visits a year and
    listing them all made a 1.7 MB page (docs/performance.md); `associate_visits` lists one
    associate's."""
    cases = _ehe_cases(user)
    visits = (select(EheAssociateVisit).join(cases, cases.c.id == EheAssociateVisit.case_id)
              .where(EheAssociateVisit.financial_year == year).subquery())
    status, cost = visits.c.status, visits.c.estimated_cost

    def count(state: VisitStatus):
        return func.count().filter(status == state)

    stmt = (select(EheAssociate, count(VisitStatus.ALLOCATED), count(VisitStatus.COMPLETED),
                   count(VisitStatus.CANCELLED),
                   func.coalesce(func.sum(cost).filter(status == VisitStatus.ALLOCATED), 0),
                   func.coalesce(func.sum(func.coalesce(visits.c.actual_cost, 0))
                                 .filter(status == VisitStatus.COMPLETED), 0))
            .join(visits, visits.c.associate_id == EheAssociate.id)
            .group_by(EheAssociate.id)
            .order_by(EheAssociate.name, EheAssociate.id))
    totals = [AssociateTotals(associate, allocated, completed, cancelled, Decimal(committed), Decimal(spent))
              for associate, allocated, completed, cancelled, committed, spent in db.session.execute(stmt)]
    return year_position(year), totals


def associate_visits(user: User, associate_id: uuid.UUID, year: int) -> list[BudgetVisit]:
    """One associate's visits in the year, of cases the user may see, in the order planned, with
    each child and reference read in the same query."""
    cases = _ehe_cases(user)
    stmt = (select(EheAssociateVisit.case_id, cases.c.reference, Child.first_name, Child.last_name,
                   EheAssociateVisit.status, EheAssociateVisit.planned_on, EheAssociateVisit.visited_on,
                   EheAssociateVisit.estimated_cost, EheAssociateVisit.actual_cost)
            .select_from(EheAssociateVisit)
            .join(cases, cases.c.id == EheAssociateVisit.case_id)
            .join(Child, Child.id == cases.c.child_id)
            .where(EheAssociateVisit.financial_year == year, EheAssociateVisit.associate_id == associate_id)
            .order_by(EheAssociateVisit.planned_on, EheAssociateVisit.id))
    return [BudgetVisit(case_id, reference, f"{first_name} {last_name}", *facts)
            for case_id, reference, first_name, last_name, *facts in db.session.execute(stmt)]

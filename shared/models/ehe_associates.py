"""EHE associates, their visits to home educated children and the yearly budget the visits are
costed against (docs/ehe-associates.md)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.cases import Case
from shared.models.ehe import CheckInOutcome
from shared.models.people import User, enum_column


class VisitStatus(enum.StrEnum):
    ALLOCATED = "allocated"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"allocated": "Allocated", "completed": "Visited", "cancelled": "Cancelled"}[self.value]


class EheAssociate(UUIDPk, db.Model):
    """A sessional visitor (often a former headteacher) paid a fee per visit plus mileage."""

    __tablename__ = "ehe_associates"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    visit_fee: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    mileage_rate: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # pounds a mile
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EheAssociateVisit(UUIDPk, db.Model):
    """One visit allocated to an associate for an EHE case, costed when allocated (estimate) and
    when made (actual). The fee and rate are copied at allocation: later changes to the
    associate's rates do not change a visit already allocated."""

    __tablename__ = "ehe_associate_visits"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    associate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ehe_associates.id"), index=True)
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus, "ehe_visit_status"),
                                                default=VisitStatus.ALLOCATED)
    financial_year: Mapped[int] = mapped_column(index=True)  # the year the cost counts in (1 April start)
    allocated_on: Mapped[date]
    planned_on: Mapped[date]
    visit_fee: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    mileage_rate: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    estimated_miles: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    estimated_cost: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    visited_on: Mapped[date | None]
    actual_miles: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    outcome: Mapped[CheckInOutcome | None] = mapped_column(enum_column(CheckInOutcome, "ehe_check_in_outcome"))
    report_notes: Mapped[str] = mapped_column(Text, default="")
    check_in_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ehe_check_ins.id"))
    cancelled_on: Mapped[date | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    allocated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    cancelled_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    associate: Mapped[EheAssociate] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def cost(self) -> Decimal:
        """What the visit counts for: the actual cost once made, else the estimate."""
        return self.actual_cost if self.actual_cost is not None else self.estimated_cost


class EheBudget(UUIDPk, db.Model):
    """The council's budget for associate visits in one financial year (1 April to 31 March)."""

    __tablename__ = "ehe_budgets"

    financial_year: Mapped[int] = mapped_column(unique=True)  # the calendar year it starts in
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    set_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    set_by: Mapped[User | None] = relationship()

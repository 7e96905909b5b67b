"""Cases: one per statutory process about one child, with its lifecycle state."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import Child, User, enum_column


class CaseKind(enum.StrEnum):
    EHC_ASSESSMENT = "ehc_assessment"
    EHC_PLAN = "ehc_plan"
    EHE = "ehe"
    SECTION_19 = "section_19"
    EOTAS = "eotas"
    CME = "cme"

    @property
    def label(self) -> str:
        return CASE_KIND_LABELS[self]

    @property
    def prefix(self) -> str:
        return CASE_KIND_PREFIX[self]


CASE_KIND_LABELS = {
    CaseKind.EHC_ASSESSMENT: "EHC needs assessment",
    CaseKind.EHC_PLAN: "EHC plan",
    CaseKind.EHE: "Elective home education",
    CaseKind.SECTION_19: "Section 19 education",
    CaseKind.EOTAS: "Education otherwise than at school",
    CaseKind.CME: "Children missing education",
}
CASE_KIND_PREFIX = {
    CaseKind.EHC_ASSESSMENT: "EHC",
    CaseKind.EHC_PLAN: "PLN",
    CaseKind.EHE: "EHE",
    CaseKind.SECTION_19: "S19",
    CaseKind.EOTAS: "OTS",
    CaseKind.CME: "CME",
}


class Case(UUIDPk, db.Model):
    """A case. `version` is the optimistic lock: a save made against an older version than the
    one in the database is refused with a conflict, never silently applied."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_open_by_child", "child_id", "kind", "closed_at"),
        Index("ix_cases_officer_status", "assigned_officer_id", "status"),
    )

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind, "case_kind"))
    status: Mapped[str] = mapped_column(String(40), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    assigned_officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    received_on: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    child: Mapped[Child] = relationship()
    assigned_officer: Mapped[User | None] = relationship(foreign_keys=[assigned_officer_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])


class AdviserConsent(UUIDPk, db.Model):
    """A family's recorded consent for a SENDIASS adviser to see one case, read-only. Access
    ends the moment `withdrawn_at` is set (UK GDPR Art 9; statutory-rules.md section 9)."""

    __tablename__ = "adviser_consents"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    adviser_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    granted_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    adviser: Mapped[User] = relationship(foreign_keys=[adviser_id])

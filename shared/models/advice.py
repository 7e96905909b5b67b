"""Advice requests of an EHC needs assessment (SEND Regulations 2014 regs 6 and 8)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.documents import Document
from shared.models.people import User, enum_column


class AdviceKind(enum.StrEnum):
    """Whose advice (reg 6(1)): the school or setting, an educational psychologist, health,
    social care, or another person the council thinks appropriate."""

    SCHOOL = "school"
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist"
    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"school": "School or setting", "educational_psychologist": "Educational psychologist",
                "health": "Health", "social_care": "Social care", "other": "Other"}[self.value]


class AdviceStatus(enum.StrEnum):
    REQUESTED = "requested"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class AdviceRequest(UUIDPk, db.Model):
    """One request for advice, with its own 6-week deadline (reg 8(1)) and a secure link: signed,
    single-use, expiring and revocable, so the advice giver needs no account."""

    __tablename__ = "advice_requests"
    __table_args__ = (Index("ix_advice_requests_open_due", "status", "due_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[AdviceKind] = mapped_column(enum_column(AdviceKind, "advice_kind"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_email: Mapped[str] = mapped_column(String(254))
    requested_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[AdviceStatus] = mapped_column(enum_column(AdviceStatus, "advice_status"),
                                                 default=AdviceStatus.REQUESTED)
    received_on: Mapped[date | None]
    link_nonce: Mapped[str] = mapped_column(String(64))
    link_expires_on: Mapped[date]
    link_used_at: Mapped[datetime | None]
    link_revoked_at: Mapped[datetime | None]
    reminder_queued_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    document: Mapped[Document | None] = relationship()
    requested_by: Mapped[User | None] = relationship()

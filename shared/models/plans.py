"""EHC plans: every saved version, the family's response to a draft, and school consultations."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import School, User, enum_column


class PlanStage(enum.StrEnum):
    WORKING = "working"
    DRAFT = "draft"  # sent to the family as the draft plan (reg 13(1))
    FINAL = "final"  # issued as the final plan (reg 14)

    @property
    def label(self) -> str:
        return {"working": "Not sent", "draft": "Sent as the draft plan", "final": "Issued as the final plan"}[self.value]


class PlanVersion(UUIDPk, db.Model):
    """One saved version of a case's plan. Versions are never changed: each save adds the next
    number, and the unique (case, number) means two officers saving on the same version get a
    conflict instead of one overwriting the other. A version sent as the draft or issued as the
    final plan is marked with its stage and date."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_plan_versions_case_number"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSONB)
    changed: Mapped[str] = mapped_column(String(200), default="")
    saved_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage: Mapped[PlanStage] = mapped_column(enum_column(PlanStage, "plan_stage"), default=PlanStage.WORKING)
    issued_on: Mapped[date | None]

    saved_by: Mapped[User] = relationship()


class DraftResponse(UUIDPk, db.Model):
    """The family's response to a draft plan within the window of reg 13(1): representations,
    the school or setting they would like named (CFA s.38(2)(b)) and whether they want a meeting."""

    __tablename__ = "draft_plan_responses"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    plan_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_versions.id"))
    responder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    comments: Mapped[str] = mapped_column(Text, default="")
    preferred_school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    preferred_setting_other: Mapped[str] = mapped_column(String(300), default="")
    meeting_requested: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_on: Mapped[date]
    in_time: Mapped[bool] = mapped_column(default=True)

    responder: Mapped[User] = relationship()
    preferred_school: Mapped[School | None] = relationship()
    plan_version: Mapped[PlanVersion] = relationship()


class ConsultationAnswer(enum.StrEnum):
    CAN_MEET = "can_meet"
    CAN_MEET_WITH_CHANGES = "can_meet_with_changes"
    CANNOT_MEET = "cannot_meet"

    @property
    def label(self) -> str:
        return CONSULTATION_ANSWER_LABELS[self]


CONSULTATION_ANSWER_LABELS = {
    ConsultationAnswer.CAN_MEET: "We can meet the child's needs and admit them",
    ConsultationAnswer.CAN_MEET_WITH_CHANGES: "We can meet the child's needs with the changes or resources we describe",
    ConsultationAnswer.CANNOT_MEET: "Admitting the child would be unsuitable or incompatible (we give our reasons)",
}


class SchoolConsultation(UUIDPk, db.Model):
    """The council consulting a school or college it intends to name in section I (CFA ss.39(2),
    40(2)); the school should answer within 15 days (CoP 9.83). The school sees the draft plan
    that was sent with the consultation, through this record only."""

    __tablename__ = "school_consultations"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), index=True)
    plan_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan_versions.id"))
    sent_on: Mapped[date]
    reply_due: Mapped[date]
    consulted_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[ConsultationAnswer | None] = mapped_column(enum_column(ConsultationAnswer, "consultation_answer"))
    answer_details: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]

    school: Mapped[School] = relationship()
    plan_version: Mapped[PlanVersion] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

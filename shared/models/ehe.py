"""Elective home education (EA 1996 ss.7, 436A, 437-442; docs/home-education.md): the notification
behind an EHE case (a parent's letter or a school's deletion return) and the termly check-ins."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.cases import Case
from shared.models.people import School, User, enum_column


class EheSource(enum.StrEnum):
    PARENT = "parent"
    SCHOOL_DELETION = "school_deletion"

    @property
    def label(self) -> str:
        return {"parent": "Parent's notification", "school_deletion": "School's deletion return"}[self.value]


class CheckInKind(enum.StrEnum):
    CALL = "call"
    VISIT = "visit"
    REPORT = "report"

    @property
    def label(self) -> str:
        return {"call": "Phone call", "visit": "Visit", "report": "Written report"}[self.value]


class CheckInOutcome(enum.StrEnum):
    SUITABLE = "suitable"
    MORE_INFORMATION = "more_information"
    CONCERN = "concern"

    @property
    def label(self) -> str:
        return {"suitable": "Education appears suitable", "more_information": "More information needed",
                "concern": "Concern"}[self.value]


class EheNotification(UUIDPk, db.Model):
    """What the council was told, one per EHE case, and the facts the casework adds to it."""

    __tablename__ = "ehe_notifications"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    source: Mapped[EheSource] = mapped_column(enum_column(EheSource, "ehe_source"))
    notified_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    school_left_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    school_left_name: Mapped[str] = mapped_column(String(200), default="")
    left_school_on: Mapped[date | None]
    address: Mapped[str] = mapped_column(Text, default="")
    parent_names: Mapped[str] = mapped_column(Text, default="")
    parent_email: Mapped[str] = mapped_column(String(254), default="")
    parent_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_preferences: Mapped[list] = mapped_column(JSONB, default=list)
    reasons: Mapped[list] = mapped_column(JSONB, default=list)  # DfE categories (shared.domain.ehe)
    other_reason: Mapped[str] = mapped_column(Text, default="")
    education_description: Mapped[str] = mapped_column(Text, default="")
    has_ehc_plan: Mapped[bool] = mapped_column(default=False)
    has_sen: Mapped[bool] = mapped_column(default=False)
    safeguarding_flag: Mapped[bool] = mapped_column(default=False)
    safeguarding_notes: Mapped[str] = mapped_column(Text, default="")
    # The deletion return (Pupil Registration Regulations 2024 reg 13).
    deletion_ground: Mapped[str] = mapped_column(String(200), default="")
    deleted_on: Mapped[date | None]
    # Council consent (special school under council arrangements; from the CWSA 2026, s.47 too).
    consent_required: Mapped[bool] = mapped_column(default=False)
    consent_given: Mapped[bool | None]
    consent_reasons: Mapped[str] = mapped_column(Text, default="")
    consent_decided_on: Mapped[date | None]
    # Children's Wellbeing and Schools Act 2026 regime (new EA 1996 ss.436B-436G, 434A).
    s47_enquiries: Mapped[bool] = mapped_column(default=False)
    hours_by_parents: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    hours_by_others: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    other_providers: Mapped[str] = mapped_column(Text, default="")
    # Escalation and outcome.
    s437_served_on: Mapped[date | None]
    s437_deadline: Mapped[date | None]
    s437_sent_by_system: Mapped[bool] = mapped_column(default=False)  # a letter sent here, not recorded
    # The notice of intention to serve a school attendance order (EA 1996 s.438(2)-(6)).
    sao_intention_served_on: Mapped[date | None]
    sao_intention_choose_by: Mapped[date | None]  # the last of the parent's 15 days to choose a school
    sao_intention_school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    sao_intention_school_name: Mapped[str] = mapped_column(String(200), default="")
    sao_intention_alternatives: Mapped[list] = mapped_column(JSONB, default=list)  # school names
    sao_school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    sao_school_name: Mapped[str] = mapped_column(String(200), default="")
    sao_issued_on: Mapped[date | None]
    sao_sent_by_system: Mapped[bool] = mapped_column(default=False)
    # The order amended at the parent's request (s.440): the day and the school named before.
    sao_amended_on: Mapped[date | None]
    sao_previous_school_name: Mapped[str] = mapped_column(String(200), default="")
    # The parent's application to revoke the order (s.442): when it arrived, what the parent says
    # about the education arranged otherwise than at school, and a refusal with its reasons.
    sao_revocation_requested_on: Mapped[date | None]
    sao_revocation_request: Mapped[str] = mapped_column(Text, default="")
    sao_revocation_refused_on: Mapped[date | None]
    sao_revocation_refusal_reasons: Mapped[str] = mapped_column(Text, default="")
    # The order revoked (s.442 on the parent's application, or on the council's own initiative).
    sao_revoked_on: Mapped[date | None]
    sao_revoked_on_request: Mapped[bool] = mapped_column(default=False)
    sao_revocation_reasons: Mapped[str] = mapped_column(Text, default="")
    returned_to_school_on: Mapped[date | None]
    returned_school_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    notified_by: Mapped[User | None] = relationship()
    school_left: Mapped[School | None] = relationship(foreign_keys=[school_left_id])
    sao_intention_school: Mapped[School | None] = relationship(foreign_keys=[sao_intention_school_id])
    sao_school: Mapped[School | None] = relationship(foreign_keys=[sao_school_id])


class EheCheckIn(UUIDPk, db.Model):
    """One termly check-in (a call, a visit or a written report) and what it found."""

    __tablename__ = "ehe_check_ins"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    held_on: Mapped[date]
    kind: Mapped[CheckInKind] = mapped_column(enum_column(CheckInKind, "ehe_check_in_kind"))
    outcome: Mapped[CheckInOutcome] = mapped_column(enum_column(CheckInOutcome, "ehe_check_in_outcome"))
    notes: Mapped[str] = mapped_column(Text, default="")
    next_check_in_on: Mapped[date | None]
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EheInformationRequest(UUIDPk, db.Model):
    """A request to the parents for the children-not-in-school register information (new EA 1996
    s.436D, Children's Wellbeing and Schools Act 2026), with the date to answer by."""

    __tablename__ = "ehe_information_requests"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    requested_on: Mapped[date]
    due_on: Mapped[date]
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answered_on: Mapped[date | None]
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

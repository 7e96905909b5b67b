"""Children missing education (EA 1996 s.436A; docs/children-missing-education.md): the register
entry behind a CME case (its safeguarding flag and closing outcome), each report that fed it (a
school's deletion with no known destination, a school's illness notification, or another source an
officer records) and the weekly reviews."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.cases import Case
from shared.models.people import School, User, enum_column


class CmeSource(enum.StrEnum):
    SCHOOL_DELETION = "school_deletion"
    SCHOOL_ILLNESS = "school_illness"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"school_deletion": "School deletion, no known destination",
                "school_illness": "School illness notification (15 school days or more)",
                "other": "Another source"}[self.value]


class CmeOutcome(enum.StrEnum):
    ON_ROLL = "on_roll"
    MOVED_COUNCIL = "moved_council"
    HOME_EDUCATED = "home_educated"
    SECTION_19 = "section_19"
    LEFT_ENGLAND = "left_england"
    OTHER = "other"


class CmeRecord(UUIDPk, db.Model):
    """One per CME case: what the register shows about the child across every report, and the
    outcome when the case closes."""

    __tablename__ = "cme_records"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    safeguarding_flag: Mapped[bool] = mapped_column(default=False)
    safeguarding_notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[CmeOutcome | None] = mapped_column(enum_column(CmeOutcome, "cme_outcome"))
    outcome_on: Mapped[date | None]
    outcome_school_name: Mapped[str] = mapped_column(String(200), default="")
    outcome_council_name: Mapped[str] = mapped_column(String(200), default="")
    council_told_on: Mapped[date | None]
    outcome_details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()


class CmeReport(UUIDPk, db.Model):
    """One report about the child. A report about a child who already has an open CME case is
    added to that case (joined), so a case can have several."""

    __tablename__ = "cme_reports"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    source: Mapped[CmeSource] = mapped_column(enum_column(CmeSource, "cme_source"))
    reported_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reported_on: Mapped[date]
    reporting_school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"), index=True)
    school_name: Mapped[str] = mapped_column(String(200), default="")
    other_source: Mapped[str] = mapped_column(String(40), default="")  # shared.domain.cme.OTHER_SOURCES
    source_details: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    parent_names: Mapped[str] = mapped_column(Text, default="")
    parent_email: Mapped[str] = mapped_column(String(254), default="")
    parent_phone: Mapped[str] = mapped_column(String(40), default="")
    # A deletion (Pupil Registration Regulations 2024): the ground and the date.
    deletion_ground: Mapped[str] = mapped_column(String(40), default="")  # shared.domain.cme.DELETION_GROUNDS
    deleted_on: Mapped[date | None]
    # An illness notification: school days missed and the expected return.
    days_absent: Mapped[int | None]
    expected_return_on: Mapped[date | None]
    has_ehc_plan: Mapped[bool] = mapped_column(default=False)
    has_sen: Mapped[bool] = mapped_column(default=False)
    has_social_worker: Mapped[bool] = mapped_column(default=False)
    safeguarding_concern: Mapped[bool] = mapped_column(default=False)
    safeguarding_notes: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    reported_by: Mapped[User | None] = relationship()
    reporting_school: Mapped[School | None] = relationship()


class CmeReview(UUIDPk, db.Model):
    """One weekly review: who was contacted, the barriers to a school place, what was agreed."""

    __tablename__ = "cme_reviews"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    reviewed_on: Mapped[date]
    agencies: Mapped[list] = mapped_column(JSONB, default=list)  # shared.domain.cme.AGENCIES
    barriers: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[date | None]
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

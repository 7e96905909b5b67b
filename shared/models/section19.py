"""Section 19 (EA 1996): the referral behind a case, the provider catalogue, the packages the
council commissions and their reviews (docs/section-19.md)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.cases import Case
from shared.models.people import School, User, enum_column


class S19Reason(enum.StrEnum):
    ILLNESS = "illness"
    PERMANENT_EXCLUSION = "permanent_exclusion"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"illness": "Illness or health needs", "permanent_exclusion": "Permanent exclusion",
                "other": "Another reason"}[self.value]


class S19Delivery(enum.StrEnum):
    GROUP = "group"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return "Group" if self is S19Delivery.GROUP else "Individual (one to one)"


class S19Referral(UUIDPk, db.Model):
    """What the school or health professional told us, the decision
    on it, the plan for the child's return and the closing outcome: one a Section 19 case."""

    __tablename__ = "s19_referrals"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    referrer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    referrer_type: Mapped[str] = mapped_column(String(20))  # "school" or "health"
    referrer_job_title: Mapped[str] = mapped_column(String(200), default="")
    referrer_organisation: Mapped[str] = mapped_column(String(200), default="")  # a health professional's
    school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    address: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[S19Reason] = mapped_column(enum_column(S19Reason, "s19_reason"))
    expected_absence_days: Mapped[int | None]
    exclusion_first_day: Mapped[date | None]
    other_reason: Mapped[str] = mapped_column(Text, default="")
    days_missed: Mapped[int] = mapped_column(default=0)
    school_view: Mapped[str] = mapped_column(Text, default="")
    parent_name: Mapped[str] = mapped_column(String(200), default="")
    parent_email: Mapped[str] = mapped_column(String(254), default="")
    parent_views: Mapped[str] = mapped_column(Text, default="")
    parent_told: Mapped[bool] = mapped_column(default=False)
    parent_consents: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str | None] = mapped_column(String(30))
    decision_reasons: Mapped[str] = mapped_column(Text, default="")
    other_route: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None]
    reintegration_target_on: Mapped[date | None]
    receiving_school: Mapped[str] = mapped_column(String(200), default="")
    reintegration_notes: Mapped[str] = mapped_column(Text, default="")
    close_outcome: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    referrer: Mapped[User | None] = relationship()
    school: Mapped[School | None] = relationship()


class S19Provider(UUIDPk, db.Model):
    """A provider in the council's catalogue, with its hourly rate."""

    __tablename__ = "s19_providers"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    provider_type: Mapped[str] = mapped_column(String(100))
    delivery: Mapped[S19Delivery] = mapped_column(enum_column(S19Delivery, "s19_delivery"))
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    active: Mapped[bool] = mapped_column(default=True)


class S19Package(UUIDPk, db.Model):
    """An education package commissioned for a Section 19 case. A change ends the package the
    day before the new one starts (`replaces_id` on the new one); an ending sets `ends_on`. The
    current package is the newest one; it is in place while it has not ended."""

    __tablename__ = "s19_packages"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("s19_providers.id"))
    delivery: Mapped[S19Delivery] = mapped_column(enum_column(S19Delivery, "s19_delivery"))
    individual_reason: Mapped[str] = mapped_column(Text, default="")
    hours_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    full_time: Mapped[bool]
    reduced_reason: Mapped[str] = mapped_column(Text, default="")
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    weekly_cost: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    starts_on: Mapped[date]
    statutory_start_on: Mapped[date | None]
    review_every_weeks: Mapped[int]
    next_review_on: Mapped[date]
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("s19_packages.id"))
    change_reason: Mapped[str] = mapped_column(Text, default="")
    ends_on: Mapped[date | None]
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    provider: Mapped[S19Provider] = relationship()
    reviews: Mapped[list[S19Review]] = relationship(back_populates="package", order_by="S19Review.reviewed_on")


class S19Review(UUIDPk, db.Model):
    """One review of a package (statutory guidance: provision reviewed regularly)."""

    __tablename__ = "s19_reviews"

    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("s19_packages.id"), index=True)
    reviewed_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[date | None]
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    package: Mapped[S19Package] = relationship(back_populates="reviews")

"""School staff memberships: the council's (or a school lead's) grant of a school's pupil data.

A school staff account sees nothing of any pupil until its membership of the school is approved;
nothing about the account's email address is trusted for that (decision 0006).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import School, User, enum_column


class MembershipStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REMOVED = "removed"


class SchoolMembership(UUIDPk, db.Model):
    """A school staff account's standing at its school. `is_lead` marks the school's SENCO or
    head, who may approve and remove the school's other staff from the portal."""

    __tablename__ = "school_memberships"
    __table_args__ = (UniqueConstraint("user_id", "school_id", name="uq_school_memberships_user_school"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), index=True)
    status: Mapped[MembershipStatus] = mapped_column(enum_column(MembershipStatus, "membership_status"))
    is_lead: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    school: Mapped[School] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class MembershipEvent(db.Model):
    """The audit trail of memberships: every request, approval, removal and change of lead, who
    did it and when. Rows are never updated or deleted (a database trigger refuses it)."""

    __tablename__ = "school_membership_events"
    __table_args__ = (Index("ix_school_membership_events_school_at", "school_id", "at", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    membership_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_memberships.id"), index=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: the system (the migration that carried existing accounts over, or demo data).
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text)

    membership: Mapped[SchoolMembership] = relationship()
    actor: Mapped[User | None] = relationship()

"""The chronology (append-only events), staff access logs, sign-in attempts and idempotency."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import db, utcnow
from shared.models.people import User

MILESTONE_EVENTS = ("agree_to_assess", "refuse_to_assess", "issue_final_plan")


class Event(db.Model):
    """One change to a case: who, when, what, and any related document. Rows are never updated
    or deleted: a database trigger refuses it (see the first migration)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_case_at", "case_id", "at", "id"),
        # The statutory milestones the timeliness report reads across every case.
        Index("ix_events_milestones", "kind", "case_id", "at",
              postgresql_where=text(f"kind IN ({', '.join(repr(k) for k in MILESTONE_EVENTS)})")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSONB, default=dict)
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
    notice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notices.id"))
    # Staff only: never shown to the family, a school or an adviser, nor in their chronology PDF
    # (a safeguarding concern, for one). Set when written, like the rest of the row.
    staff_only: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    actor: Mapped[User | None] = relationship()


class AccessLog(db.Model):
    """Every view of a child's record by staff (statutory-rules.md section 9: DPA 2018)."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_child_at", "child_id", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"))
    route: Mapped[str] = mapped_column(String(200))


class LoginAttempt(db.Model):
    """A sign-in attempt, keyed by a hash of the email typed, so that an unknown address is
    throttled exactly like a real account and the two cannot be told apart."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "account_key", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool]


class Submission(db.Model):
    """An idempotency record: the first POST with a key makes the record, later ones with the
    same key are answered with what the first one made."""

    __tablename__ = "submissions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    result_type: Mapped[str] = mapped_column(String(40))
    result_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Requests a family or school builds in the portal before sending them: one draft per request.

A draft's `answers` are kept by section (``{"child": {"status": "completed", "fields": {...}}}``),
as the strings the person gave (dates as ISO dates). When the request is sent the draft stays,
linked to the case it opened (or to the open case it was added to): the answers of a request
live here, not on the case (docs: shared/services/ehc_requests.py).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.cases import Case
from shared.models.people import User, enum_column


class DraftStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class RequestDraft(UUIDPk, db.Model):
    """A request for an EHC needs assessment being written (journeys 1 and 2). Only its owner
    ever loads it (shared.queries.requests)."""

    __tablename__ = "request_drafts"
    __table_args__ = (Index("ix_request_drafts_owner_status", "owner_id", "status", "updated_at"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    answers: Mapped[dict] = mapped_column(JSONB, default=dict)
    status: Mapped[DraftStatus] = mapped_column(enum_column(DraftStatus, "request_draft_status"),
                                                default=DraftStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # True when the request was added to an EHC assessment case already open for the child.
    joined_open_case: Mapped[bool] = mapped_column(default=False)

    owner: Mapped[User] = relationship()
    case: Mapped[Case | None] = relationship()

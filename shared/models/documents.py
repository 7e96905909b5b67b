"""Uploaded evidence and generated letters, kept in the object store."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import User, enum_column


class DocumentStatus(enum.StrEnum):
    """An upload is never served before it is CLEAN."""

    AWAITING_UPLOAD = "awaiting_upload"
    AWAITING_SCAN = "awaiting_scan"
    CLEAN = "clean"
    INFECTED = "infected"
    REJECTED_TYPE = "rejected_type"
    TOO_LARGE_TO_SCAN = "too_large_to_scan"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {
            "awaiting_upload": "Waiting for the file",
            "awaiting_scan": "Awaiting virus scan",
            "clean": "Ready",
            "infected": "Quarantined: a virus was found",
            "rejected_type": "Rejected: file type not accepted",
            "too_large_to_scan": "Rejected: too large to check for viruses",
            "missing": "Upload did not arrive",
        }[self.value]


class Document(UUIDPk, db.Model):
    __tablename__ = "documents"

    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    object_key: Mapped[str] = mapped_column(String(300), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200))
    detected_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus, "document_status"), default=DocumentStatus.AWAITING_UPLOAD
    )
    status_reason: Mapped[str | None] = mapped_column(String(300))
    is_generated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scanned_at: Mapped[datetime | None]

    uploaded_by: Mapped[User | None] = relationship()

"""Decision notices, their deliveries, and the transactional outbox that queues them."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import enum_column


class NoticeStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "Queued", "sent": "Sent", "failed": "Failed: needs attention"}[self.value]


class NoticeChannel(enum.StrEnum):
    """How a notice reaches its recipient. An email notice is also on the portal when the
    recipient has an account; a postal notice is delivered by being printed and marked posted."""

    EMAIL = "email"
    POST = "post"


class Notice(UUIDPk, db.Model):
    """A decision letter to one recipient by one channel. Its content (decision, reasons and,
    for appealable decisions, every appeal-rights slot) is frozen when the decision is made, so
    a later change of council contacts never rewrites a letter already issued. A postal letter
    is dated again, once, when it is put in a print batch: its date is the day it is posted
    (`issued_on`), and `decided_on` keeps the day of the decision."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_created", "status", "created_at"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_type: Mapped[str] = mapped_column(String(60))
    recipient_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_email: Mapped[str] = mapped_column(String(254))  # "" for a letter only posted
    channel: Mapped[NoticeChannel] = mapped_column(enum_column(NoticeChannel, "notice_channel"),
                                                   default=NoticeChannel.EMAIL)
    recipient_address: Mapped[str] = mapped_column(Text, default="")  # lines, for a postal letter
    family_contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("family_contacts.id"))
    print_batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("print_batches.id"), index=True)
    posted_on: Mapped[date | None]
    decided_on: Mapped[date]
    issued_on: Mapped[date]
    appeal_deadline: Mapped[date | None]
    content: Mapped[dict] = mapped_column(JSONB)
    status: Mapped[NoticeStatus] = mapped_column(
        enum_column(NoticeStatus, "notice_status"), default=NoticeStatus.QUEUED
    )
    pdf_object_key: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    deliveries: Mapped[list[NoticeDelivery]] = relationship(
        back_populates="notice", order_by="NoticeDelivery.created_at"
    )

    @property
    def status_label(self) -> str:
        if self.channel == NoticeChannel.POST and self.status == NoticeStatus.QUEUED:
            return "Waiting to be posted"
        if self.channel == NoticeChannel.POST and self.status == NoticeStatus.SENT:
            return "Posted"
        return self.status.label

    @property
    def by_post(self) -> bool:
        return self.channel == NoticeChannel.POST

    @property
    def address_lines(self) -> list[str]:
        return [line for line in self.recipient_address.splitlines() if line.strip()]


class NoticeDelivery(UUIDPk, db.Model):
    """One attempt to hand a notice to a mail provider. The idempotency key is unique, so a job
    that runs twice finds the first delivery and never sends again."""

    __tablename__ = "notice_deliveries"

    notice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notices.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    provider_reference: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    notice: Mapped[Notice] = relationship(back_populates="deliveries")


class OutboxMessage(db.Model):
    """A job to run, written in the same transaction as the change that needs it. The relay
    moves rows to RQ; a row stays until a job marks it done, so nothing is lost if Redis is down."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "done_at", "available_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    job: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)

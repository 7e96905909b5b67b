"""Recorded exceptions to the statutory time limits (SEND Regulations 2014 regs 5(4), 8(2),
10(4), 13(3)). They never move a due date; they say why it may be missed, for the family, the
officer and the SEN2 "20-week exceptions apply" flag."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.domain.clocks import ExceptionReason, RecordedException
from shared.models.people import User


class StatutoryException(UUIDPk, db.Model):
    __tablename__ = "statutory_exceptions"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    advice_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("advice_requests.id"))
    reason: Mapped[ExceptionReason] = mapped_column(
        Enum(ExceptionReason, name="exception_reason", values_callable=lambda e: [m.value for m in e]))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(40), default="officer")

    recorded_by: Mapped[User | None] = relationship()

    def as_rule(self) -> RecordedException:
        return RecordedException(self.reason, self.starts_on, self.ends_on, self.note)

"""The people the council writes to about a child, and the batches of letters it posts.

A decision never waits for a portal account (docs/decisions/0005-letters-by-post.md): each
recipient gets a notice by the channels the council has for them, and a letter that must go by
post waits in the print queue until an officer prints it in a batch and marks the batch posted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow
from shared.models.people import Child, User


class FamilyContact(UUIDPk, db.Model):
    """A parent, carer or young person the council writes to about a child: their name, email
    address, postal address and whether they want letters by post. `user_id` is set when the
    contact holds an account (a parent who asked in the portal); a parent named on a school's
    request, or on a request received by post, has none. Only officers and the request
    services write these rows; letters are addressed from them (shared.services.recipients)."""

    __tablename__ = "family_contacts"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    address_line_1: Mapped[str] = mapped_column(String(200), default="")
    address_line_2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    prefers_post: Mapped[bool] = mapped_column(default=False)
    # Where the details came from: "ehc_request", "school_request", "paper_request" or "officer".
    source: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    child: Mapped[Child] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
                if line and line.strip()]

    @property
    def has_address(self) -> bool:
        return bool(self.address_line_1.strip() and self.postcode.strip())


class PrintBatch(UUIDPk, db.Model):
    """Letters printed together as one PDF. `letter_date` is the day the letters are dated
    and will be posted: a letter's date is the day it is sent, and its appeal deadline counts
    from it. `posted_on` is set when an officer marks the batch posted."""

    __tablename__ = "print_batches"

    letter_date: Mapped[date]
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    posted_on: Mapped[date | None]
    posted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    posted_by: Mapped[User | None] = relationship(foreign_keys=[posted_by_id])

"""Server-side web sessions (see shared/web/sessions.py and docs/decisions/0007)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import db, utcnow


class WebSession(db.Model):
    """One browser's session. The cookie holds a random id; only its SHA-256 is stored, so a
    copy of this table cannot be replayed as cookies. A session ends when it is deleted (sign-out,
    revocation, a deactivated account), when idle past SESSION_IDLE_MINUTES after `last_seen_at`,
    or at `expires_at` (the absolute lifetime) whatever its use."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)

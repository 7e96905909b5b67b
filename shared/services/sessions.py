"""Ending web sessions: a user's sessions revoked, an account deactivated, expired rows purged.

Each runs in the caller's transaction, so a revocation commits together with the change that
caused it (shared/web/sessions.py keeps the sessions themselves).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, or_

from shared.db import db, utcnow
from shared.models import User, WebSession
from shared.services.errors import ServiceError

log = logging.getLogger("send.sessions")


def end_user_sessions(user: User, *, actor: User | None) -> int:
    """Sign a user out everywhere: every session they have ends at once (the next request with
    an old cookie is signed out)."""
    count = db.session.execute(delete(WebSession).where(WebSession.user_id == user.id)).rowcount
    log.info("sessions of user %s ended by %s: %d", user.id, actor.id if actor else "the system", count)
    return count


def deactivate_account(user: User, *, actor: User) -> int:
    """Close an account: it can no longer sign in, and every session it has ends now."""
    if user.id == actor.id:
        raise ServiceError("You cannot deactivate your own account")
    user.is_active_account = False
    return end_user_sessions(user, actor=actor)


def purge_expired_sessions(idle: timedelta, now=None) -> int:
    """Delete sessions past their idle timeout or absolute lifetime (the scheduler's sweep)."""
    now = now or utcnow()
    stmt = delete(WebSession).where(or_(WebSession.expires_at <= now, WebSession.last_seen_at <= now - idle))
    return db.session.execute(stmt).rowcount

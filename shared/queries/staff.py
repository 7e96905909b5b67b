"""Staff users."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import abort
from sqlalchemy import func, select

from shared.db import db, utcnow
from shared.models import CaseKind, Role, User, WebSession
from shared.queries.cases import STAFF_CASE_KINDS


def officers_for_kind(kind: CaseKind) -> list[User]:
    roles = [role for role, kinds in STAFF_CASE_KINDS.items() if kind in kinds and role != Role.MANAGER]
    stmt = (select(User).where(User.role.in_(roles), User.is_active_account.is_(True))
            .order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))


def all_users(limit: int = 500) -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.full_name, User.id).limit(limit)))


def account_for_admin(user_id: uuid.UUID) -> User:
    """Any account, for an administrator's account page (the route requires
    `backoffice:users:read`); 404 when there is none."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def live_session_count(user: User, idle: timedelta) -> int:
    """Sessions of the user that have neither been idle for `idle` nor reached their end."""
    now = utcnow()
    stmt = select(func.count()).select_from(WebSession).where(
        WebSession.user_id == user.id, WebSession.expires_at > now, WebSession.last_seen_at > now - idle)
    return db.session.scalar(stmt)

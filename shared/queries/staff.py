"""Staff users."""

from __future__ import annotations

from sqlalchemy import select

from shared.db import db
from shared.models import CaseKind, Role, User
from shared.queries.cases import STAFF_CASE_KINDS


def officers_for_kind(kind: CaseKind) -> list[User]:
    roles = [role for role, kinds in STAFF_CASE_KINDS.items() if kind in kinds and role != Role.MANAGER]
    stmt = (select(User).where(User.role.in_(roles), User.is_active_account.is_(True))
            .order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))


def all_users(limit: int = 500) -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.full_name, User.id).limit(limit)))

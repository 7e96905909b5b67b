"""Schools."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.db import db
from shared.models import School


def school_by_urn(urn: str) -> School | None:
    return db.session.scalars(select(School).where(School.urn == urn.strip())).first()


def all_schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name, School.urn)))


def school_by_id(school_id: str | uuid.UUID | None) -> School | None:
    """One school by its id (as a form posts it); None for anything that is not one."""
    try:
        key = school_id if isinstance(school_id, uuid.UUID) else uuid.UUID(str(school_id or ""))
    except ValueError:
        return None
    return db.session.get(School, key)

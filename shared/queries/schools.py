"""Schools."""

from __future__ import annotations

from sqlalchemy import select

from shared.db import db
from shared.models import School


def school_by_urn(urn: str) -> School | None:
    return db.session.scalars(select(School).where(School.urn == urn.strip())).first()


def all_schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name, School.urn)))

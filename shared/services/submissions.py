"""Idempotent submissions: a form posted twice makes one record."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from shared.db import db
from shared.models import Case, Submission


def previous_result(key: str) -> Submission | None:
    """What an earlier POST with this key made, if any."""
    if not key:
        return None
    return db.session.scalars(select(Submission).where(Submission.key == key)).first()


def earlier_case(key: str, result_type: str, model) -> Case | None:
    """The case of the record (a `model` row, e.g. a report or a notification) that an earlier
    POST with this key made as a `result_type`, if any."""
    earlier = previous_result(key)
    if earlier is None or earlier.result_type != result_type:
        return None
    record = db.session.get(model, uuid.UUID(earlier.result_id))
    return record.case if record is not None else None


def claim(key: str, *, user_id, result_type: str, result_id: str) -> bool:
    """Record that `key` made `result_id`; False when another request already claimed the key
    (the unique key makes a concurrent duplicate lose, not create a second record)."""
    stmt = (insert(Submission).values(key=key, user_id=user_id, result_type=result_type, result_id=result_id)
            .on_conflict_do_nothing(index_elements=["key"]).returning(Submission.key))
    return db.session.execute(stmt).first() is not None

"""Reading the print queue: postal letters waiting to be printed, and the batches printed.

Every read is narrowed to the cases the officer may see (by case kind, shared.queries.cases),
so a team sees only its own letters, and a batch only when every letter in it is one of them.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.db import db
from shared.models import Case, Notice, NoticeChannel, NoticeStatus, PrintBatch, User
from shared.queries.cases import STAFF_CASE_KINDS

RECENT_BATCHES = 20


def _kinds(user: User):
    return STAFF_CASE_KINDS.get(user.role, frozenset())


def letters_waiting(user: User) -> list[Notice]:
    """Postal letters not yet in a batch, oldest decision first."""
    kinds = _kinds(user)
    if not kinds:
        return []
    stmt = (select(Notice).join(Case, Case.id == Notice.case_id)
            .where(Notice.channel == NoticeChannel.POST, Notice.status == NoticeStatus.QUEUED,
                   Notice.print_batch_id.is_(None), Case.kind.in_(kinds))
            .order_by(Notice.decided_on, Notice.created_at, Notice.id))
    return list(db.session.scalars(stmt))


def letters_in_batch(batch: PrintBatch) -> list[Notice]:
    stmt = (select(Notice).where(Notice.print_batch_id == batch.id)
            .order_by(Notice.decided_on, Notice.created_at, Notice.id))
    return list(db.session.scalars(stmt))


def _visible(user: User, batch: PrintBatch) -> bool:
    kinds = _kinds(user)
    stmt = (select(Case.kind).join(Notice, Notice.case_id == Case.id)
            .where(Notice.print_batch_id == batch.id).distinct())
    batch_kinds = set(db.session.scalars(stmt))
    return bool(batch_kinds) and batch_kinds <= set(kinds)


def batch_for_user(user: User, batch_id: uuid.UUID) -> PrintBatch | None:
    """A batch, only when every letter in it is on a case the user may see."""
    batch = db.session.get(PrintBatch, batch_id)
    return batch if batch is not None and _visible(user, batch) else None


def batches_for_user(user: User) -> list[PrintBatch]:
    """Batches not yet posted, then the most recent posted ones, that the user may see."""
    stmt = (select(PrintBatch).order_by(PrintBatch.posted_on.is_not(None), PrintBatch.created_at.desc(),
                                        PrintBatch.id).limit(RECENT_BATCHES * 5))
    return [b for b in db.session.scalars(stmt) if _visible(user, b)][:RECENT_BATCHES]


def letter_waiting_for_user(user: User, notice_id: uuid.UUID) -> Notice | None:
    """A postal letter still waiting to be printed, on a case the user may see."""
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice not in letters_waiting(user):
        return None
    return notice

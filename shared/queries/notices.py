"""Reading notices."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.db import db
from shared.models import Case, Notice, NoticeStatus


def notices_for_case(case: Case) -> list[Notice]:
    stmt = select(Notice).where(Notice.case_id == case.id).order_by(Notice.created_at.desc(), Notice.id)
    return list(db.session.scalars(stmt))


def notice_for_user(user, notice_id: uuid.UUID, case_loader) -> Notice | None:
    """A notice, only through a case the user may see."""
    notice = db.session.get(Notice, notice_id)
    if notice is None or case_loader(user, notice.case_id) is None:
        return None
    return notice


def notices_needing_attention(limit: int = 200) -> list[Notice]:
    stmt = (select(Notice).where(Notice.status != NoticeStatus.SENT)
            .order_by(Notice.status.desc(), Notice.created_at, Notice.id).limit(limit))
    return list(db.session.scalars(stmt))

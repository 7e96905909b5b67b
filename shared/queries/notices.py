"""Reading notices."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shared.db import db
from shared.models import Case, Notice, NoticeStatus

# Letters to organisations (the named school, the health commissioner) that the family does not
# need listed beside its own letters: the plan itself is on the family's case page.
ORGANISATION_COPIES = ("final_plan_copy",)


def notices_for_case(case: Case, *, family_view: bool = False) -> list[Notice]:
    """Every letter of the case (staff), or only the family's letters (`family_view`, the portal)."""
    stmt = select(Notice).where(Notice.case_id == case.id).order_by(Notice.created_at.desc(), Notice.id)
    if family_view:
        stmt = stmt.where(Notice.decision_type.not_in(ORGANISATION_COPIES))
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

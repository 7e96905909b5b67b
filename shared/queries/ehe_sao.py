"""School attendance order reads for the back-office EHE case page (docs/home-education.md):
the notifications that arrived while an order was in force (the warning events of
shared/services/ehe_join.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.domain.ehe import SAO_WARNING_EVENT
from shared.models import Case, Event


def sao_warnings(case: Case, order_made_on: date) -> list[Event]:
    """The warnings recorded on this case about the order made on `order_made_on` (not about an
    earlier, revoked one), newest first."""
    stmt = (select(Event)
            .where(Event.case_id == case.id, Event.kind == SAO_WARNING_EVENT,
                   Event.data["sao_issued_on"].astext == order_made_on.isoformat())
            .order_by(Event.at.desc(), Event.id.desc()))
    return list(db.session.scalars(stmt))

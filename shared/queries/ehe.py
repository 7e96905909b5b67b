"""Elective home education reads: a case's notification and check-ins, and the EHE register
(docs/home-education.md). Cases come only through the user's visibility rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import func, select

from shared.db import db
from shared.domain import ehe as rules
from shared.domain.lifecycles import EHE
from shared.models import Case, CaseKind, EheCheckIn, EheNotification, User
from shared.queries.cases import visible_cases


def cwsa_in_force() -> bool:
    """The Children's Wellbeing and Schools Act 2026 regime (a setting, off by default)."""
    return bool(has_app_context() and current_app.config["SETTINGS"].ehe_cwsa_2026)


def notification_for_case(case: Case) -> EheNotification | None:
    return db.session.scalars(select(EheNotification).where(EheNotification.case_id == case.id)).first()


def case_for_submission(key: str) -> Case | None:
    """The case an earlier POST of a notification with this idempotency key made, if any."""
    from shared.services.submissions import previous_result

    earlier = previous_result(key)
    if earlier is None or earlier.result_type != "ehe_notification":
        return None
    notification = db.session.get(EheNotification, uuid.UUID(earlier.result_id))
    return notification.case if notification else None


def check_ins_for_case(case: Case) -> list[EheCheckIn]:
    stmt = select(EheCheckIn).where(EheCheckIn.case_id == case.id).order_by(EheCheckIn.held_on.desc(),
                                                                           EheCheckIn.created_at.desc())
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class RegisterRow:
    case: Case
    notification: EheNotification
    status_label: str
    reasons: list[str]
    last_contact_on: date | None
    next_check_in_on: date | None
    check_in_due: bool


STATUS_FILTERS = {"open": "All open cases", **{s: label for s, label in EHE.labels.items()}}


def ehe_register(user: User, *, status: str = "open", due_only: bool = False, today: date) -> list[RegisterRow]:
    """Every home educated child the user may see, with the facts the register shows: status,
    reasons, EHC plan, SEN, safeguarding, last contact and next check-in. Safeguarding first,
    then by the next check-in (none last), then by reference."""
    last = (select(EheCheckIn.case_id, func.max(EheCheckIn.held_on).label("last_on"))
            .group_by(EheCheckIn.case_id).subquery())
    latest_next = (select(EheCheckIn.case_id, EheCheckIn.next_check_in_on)
                   .distinct(EheCheckIn.case_id)
                   .order_by(EheCheckIn.case_id, EheCheckIn.held_on.desc(), EheCheckIn.created_at.desc())
                   .subquery())
    cases = visible_cases(user).where(Case.kind == CaseKind.EHE).subquery()
    stmt = (select(Case, EheNotification, last.c.last_on, latest_next.c.next_check_in_on)
            .join(cases, cases.c.id == Case.id)
            .join(EheNotification, EheNotification.case_id == Case.id)
            .outerjoin(last, last.c.case_id == Case.id)
            .outerjoin(latest_next, latest_next.c.case_id == Case.id))
    if status == "open":
        stmt = stmt.where(Case.closed_at.is_(None))
    elif status in EHE.labels:
        stmt = stmt.where(Case.status == status)
    if due_only:
        stmt = stmt.where(latest_next.c.next_check_in_on <= today, Case.closed_at.is_(None))
    stmt = stmt.order_by(EheNotification.safeguarding_flag.desc(),
                         latest_next.c.next_check_in_on.asc().nulls_last(), Case.reference)
    rows = []
    for case, notification, last_on, next_on in db.session.execute(stmt):
        rows.append(RegisterRow(case=case, notification=notification, status_label=EHE.labels[case.status],
                                reasons=rules.reason_labels(notification.reasons) or (
                                    [notification.other_reason] if notification.other_reason else []),
                                last_contact_on=last_on, next_check_in_on=next_on,
                                check_in_due=rules.check_in_due(next_on, today) and case.closed_at is None))
    return rows

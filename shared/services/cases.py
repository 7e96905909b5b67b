"""Opening, moving and assigning cases. Each function is one action, in the caller's transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm.attributes import flag_modified

from shared.db import db, utcnow
from shared.domain.lifecycles import lifecycle_for, status_label
from shared.models import Case, CaseKind, Child, User
from shared.services.chronology import record_event
from shared.services.errors import Conflict, ServiceError


def next_reference(kind: CaseKind, on: date) -> str:
    number = db.session.execute(text("SELECT nextval('case_reference_seq')")).scalar_one()
    return f"{kind.prefix}-{on.year}-{number:06d}"


def open_case(child: Child, kind: CaseKind, *, received_on: date, actor: User | None,
              requested_by: User | None = None, summary: str | None = None, data: dict | None = None) -> Case:
    """Open a case in its lifecycle's first state and start its chronology."""
    case = Case(kind=kind, child=child, child_id=child.id, status=lifecycle_for(kind).initial,
                received_on=received_on, requested_by=requested_by,
                reference=next_reference(kind, received_on))
    db.session.add(case)
    db.session.flush()
    record_event(case, "case_opened", summary or f"{kind.label} case opened", actor=actor,
                 data={"received_on": received_on.isoformat(), **(data or {})})
    return case


def open_case_of_kind(child: Child, kind: CaseKind, *, lock: bool = False) -> Case | None:
    """The child's open case of this kind (the earliest received, should there be two). With
    `lock`, the case row is taken FOR UPDATE: a second report for the child waits for the first."""
    stmt = (select(Case).where(Case.child_id == child.id, Case.kind == kind, Case.closed_at.is_(None))
            .order_by(Case.received_on, Case.reference))
    if lock:
        stmt = stmt.with_for_update()
    return db.session.scalars(stmt).first()


def case_record(case: Case, model, missing: str):
    """The case's one `model` row (its register entry, notification, ...); a `ServiceError`
    saying `missing` when there is none."""
    found = db.session.scalars(select(model).where(model.case_id == case.id)).first()
    if found is None:
        raise ServiceError(missing)
    return found


def check_version(case: Case, expected_version: int | None) -> None:
    """Refuse a save made against a version of the case older than the one stored."""
    if expected_version is not None and case.version != expected_version:
        raise Conflict("This case was changed by someone else after you opened it.")


def mark_changed(case: Case) -> None:
    """A change recorded against the case that leaves its columns as they were (a step to the
    same status, a review added) still moves the case's version on: the row is updated, so a form
    opened before it is a `Conflict`."""
    flag_modified(case, "status")


def move_case(case: Case, action: str, *, actor: User | None, expected_version: int | None = None,
              summary: str | None = None, data: dict | None = None) -> str:
    """Apply one lifecycle step, or raise IllegalTransition; writes the chronology event."""
    check_version(case, expected_version)
    lifecycle = lifecycle_for(case.kind)
    new_status = lifecycle.next_state(case.kind, case.status, action)
    old_status = case.status
    case.status = new_status
    if new_status == old_status:  # a package changed, an order amended: still a change of the case
        mark_changed(case)
    if new_status in lifecycle.closed:
        case.closed_at = utcnow()
    record_event(case, action, summary or f"Status changed to: {status_label(case.kind, new_status)}",
                 actor=actor, data={"from": old_status, "to": new_status, **(data or {})})
    return new_status


def assign_case(case: Case, officer: User, *, actor: User, expected_version: int | None = None) -> None:
    """Give a case to an officer (or move it to another)."""
    check_version(case, expected_version)
    previous = case.assigned_officer.full_name if case.assigned_officer else None
    case.assigned_officer = officer
    summary = f"Assigned to {officer.full_name}" + (f" (was {previous})" if previous else "")
    record_event(case, "assigned", summary, actor=actor, data={"officer_id": str(officer.id)})

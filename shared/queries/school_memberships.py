"""School staff memberships: the one rule for whether a school staff account may see its school's
pupils, and the lists the council's and the school lead's pages show (decision 0006).

`approved_membership` is the predicate every school-scoped read uses (case visibility, children
missing education reports, consultations, the school's own forms, who is emailed for the school):
an account's school counts only while its membership of that school is approved. Nothing is
cached in the session, so removing a member takes effect on their next request.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, case, exists, select

from shared.db import db
from shared.models import MembershipEvent, MembershipStatus, Role, School, SchoolMembership, User

AUDIT_PAGE = 200


def approved_membership(user_id, school_id) -> ColumnElement[bool]:
    """SQL: the user holds an approved membership of the school (columns or values)."""
    return exists().where(SchoolMembership.user_id == user_id, SchoolMembership.school_id == school_id,
                          SchoolMembership.status == MembershipStatus.APPROVED)


def approved_school_id(user: User | None) -> uuid.UUID | None:
    """The school whose pupils this account may see: its school, only while approved; else None."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.SCHOOL_STAFF:
        return None
    if user.school_id is None:
        return None
    approved = db.session.scalar(select(approved_membership(user.id, user.school_id)))
    return user.school_id if approved else None


def approved_school(user: User | None) -> School | None:
    """The account's school while its membership is approved; else None."""
    school_id = approved_school_id(user)
    return db.session.get(School, school_id) if school_id else None


def awaits_approval(user) -> bool:
    """A school staff account without an approved membership: it sees no pupil data at all."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.role == Role.SCHOOL_STAFF and approved_school_id(user) is None)


def membership_of(user: User) -> SchoolMembership | None:
    """The account's membership of its own school, whatever its status."""
    if user.school_id is None:
        return None
    return db.session.scalars(select(SchoolMembership).where(
        SchoolMembership.user_id == user.id, SchoolMembership.school_id == user.school_id)).first()


def lead_membership(user: User) -> SchoolMembership | None:
    """The account's membership when it is an approved lead (SENCO or head) of its school."""
    membership = membership_of(user)
    ok = membership is not None and membership.status == MembershipStatus.APPROVED and membership.is_lead
    return membership if ok else None


_STATUS_ORDER = case({MembershipStatus.REQUESTED: 0, MembershipStatus.APPROVED: 1}, value=SchoolMembership.status,
                     else_=2)


def memberships_of_school(school_id: uuid.UUID) -> list[SchoolMembership]:
    """A school's memberships: requests waiting first, then members, then removed, by name."""
    stmt = (select(SchoolMembership).join(User, User.id == SchoolMembership.user_id)
            .where(SchoolMembership.school_id == school_id)
            .order_by(_STATUS_ORDER, User.full_name, SchoolMembership.id))
    return list(db.session.scalars(stmt))


def membership_for_lead(lead: User, membership_id: uuid.UUID) -> SchoolMembership | None:
    """A membership a school lead may decide: of their own school, not their own."""
    own = lead_membership(lead)
    if own is None:
        return None
    found = db.session.get(SchoolMembership, membership_id)
    if found is None or found.school_id != own.school_id or found.user_id == lead.id:
        return None
    return found


def all_memberships(status: MembershipStatus | None = None, limit: int = 500) -> list[SchoolMembership]:
    """Every school's memberships for the council, requests waiting first, by school then name."""
    stmt = (select(SchoolMembership).join(User, User.id == SchoolMembership.user_id)
            .join(School, School.id == SchoolMembership.school_id)
            .order_by(_STATUS_ORDER, School.name, User.full_name, SchoolMembership.id).limit(limit))
    if status is not None:
        stmt = stmt.where(SchoolMembership.status == status)
    return list(db.session.scalars(stmt))


def membership_by_id(membership_id: uuid.UUID) -> SchoolMembership | None:
    """One membership for the council's pages (held by those with `backoffice:school_members:*`)."""
    return db.session.get(SchoolMembership, membership_id)


def membership_events(*, school_id: uuid.UUID | None = None, membership_id: uuid.UUID | None = None,
                      limit: int = AUDIT_PAGE) -> list[MembershipEvent]:
    """The audit trail, newest first: of one school, one membership, or (for the council) all."""
    stmt = select(MembershipEvent).order_by(MembershipEvent.at.desc(), MembershipEvent.id.desc()).limit(limit)
    if school_id is not None:
        stmt = stmt.where(MembershipEvent.school_id == school_id)
    if membership_id is not None:
        stmt = stmt.where(MembershipEvent.membership_id == membership_id)
    return list(db.session.scalars(stmt))


def approved_staff_of_school(school_id: uuid.UUID) -> list[User]:
    """The school's approved, active staff accounts (who is emailed for the school)."""
    stmt = (select(User).where(User.school_id == school_id, User.role == Role.SCHOOL_STAFF,
                               User.is_active_account.is_(True), approved_membership(User.id, school_id))
            .order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))

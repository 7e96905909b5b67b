"""Finding the child a request, referral or notification is about, and adding a new one.

Matching never links a person to a child already on record: the caller decides that (a link to
an existing child waits for an officer, shared/services/links.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from shared.db import db
from shared.models import Child, ChildLink, Role, School, User
from shared.queries.school_memberships import approved_school_id
from shared.services.errors import ServiceError


def match_child(user: User, first_name: str, last_name: str, dob: date, upn: str | None) -> Child | None:
    """An existing child: by UPN (with the same date of birth), or by the same name and date of
    birth among the children this user is linked to (school staff: pupils of their school)."""
    if upn:
        child = db.session.scalars(select(Child).where(Child.upn == upn).with_for_update()).first()
        if child is not None:
            if child.date_of_birth != dob:
                raise ServiceError("The unique pupil number does not match the date of birth. Check "
                                   "both, or leave the UPN out.")
            return child
    stmt = select(Child).where(func.lower(Child.first_name) == first_name.lower(),
                               func.lower(Child.last_name) == last_name.lower(),
                               Child.date_of_birth == dob)
    if user.role == Role.SCHOOL_STAFF:
        # None when the membership is not approved: then no child matches (`Child.school_id = NULL`).
        stmt = stmt.where(Child.school_id == approved_school_id(user))
    else:
        stmt = stmt.where(select(ChildLink.id).where(ChildLink.child_id == Child.id,
                                                     ChildLink.user_id == user.id).exists())
    return db.session.scalars(stmt.order_by(Child.created_at, Child.id).with_for_update()).first()


def match_pupil(user: User, first_name: str, last_name: str, dob: date, upn: str | None, *,
                team: str) -> Child | None:
    """`match_child`, refusing a match (by UPN) on a child recorded at another school when
    school staff are asking: they may only act for their own pupils."""
    child = match_child(user, first_name, last_name, dob, upn)
    if child is not None and user.role == Role.SCHOOL_STAFF and child.school_id not in (None, approved_school_id(user)):
        raise ServiceError(f"We could not match this pupil to your school. Check the name, date of birth and UPN, "
                           f"or contact {team}.")
    return child


def add_or_update_child(child: Child | None, *, first_name: str, last_name: str, date_of_birth: date,
                        upn: str | None, school: School | None) -> Child:
    """The matched child with any school or UPN it lacked filled in, or a new child."""
    if child is None:
        child = Child(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, upn=upn,
                      school_id=school.id if school else None)
        db.session.add(child)
        db.session.flush()
        return child
    if child.school_id is None and school is not None:
        child.school_id = school.id
    if upn and child.upn is None:
        child.upn = upn
    return child

"""Which cases and children a user may see (users-and-journeys.md, "Roles").

- parent / young person: children they are linked to;
- school staff: pupils of their own school, while their membership of it is approved;
- SENDIASS adviser: cases with consent that has not been withdrawn;
- health professional: the Section 19 referrals they made;
- staff: the case kinds of their team (a manager sees every kind; an administrator none).
"""

from __future__ import annotations

import uuid

from flask import has_request_context, request
from sqlalchemy import Select, exists, insert, select

from shared.db import db
from shared.models import AccessLog, AdviserConsent, Case, CaseKind, Child, ChildLink, Role, S19Referral, User
from shared.queries.school_memberships import approved_membership

STAFF_CASE_KINDS: dict[Role, frozenset[CaseKind]] = {
    Role.EHC_OFFICER: frozenset({CaseKind.EHC_ASSESSMENT, CaseKind.EHC_PLAN}),
    Role.EHE_PRACTITIONER: frozenset({CaseKind.EHE, CaseKind.EOTAS, CaseKind.CME}),
    Role.S19_LEAD: frozenset({CaseKind.SECTION_19}),
    Role.MANAGER: frozenset(CaseKind),
    Role.ADMINISTRATOR: frozenset(),
}
# Never on a portal user's case list or case page: a children missing education case holds other
# schools' reports and safeguarding notes. A school reaches only its own reports through
# shared.queries.cme (docs/children-missing-education.md).
PORTAL_HIDDEN_KINDS = frozenset({CaseKind.CME})


def handles_kind(user: User, kind: CaseKind) -> bool:
    """Whether the user's team works cases of `kind` (a manager works every kind). A route that
    opens or records such cases asks this, and so does the page that shows its link."""
    return bool(user.is_authenticated and kind in STAFF_CASE_KINDS.get(user.role, frozenset()))


def _visibility(user: User, stmt: Select) -> Select:
    role = user.role
    if not user.is_staff:
        stmt = stmt.where(Case.kind.not_in(PORTAL_HIDDEN_KINDS))
    if role in (Role.PARENT, Role.YOUNG_PERSON):
        linked = exists().where(ChildLink.child_id == Case.child_id, ChildLink.user_id == user.id)
        return stmt.where(linked)
    if role == Role.SCHOOL_STAFF:
        if user.school_id is None:
            return stmt.where(False)
        # Only while the account's membership of the school is approved (decision 0006).
        return stmt.join(Child, Child.id == Case.child_id).where(Child.school_id == user.school_id,
                                                                 approved_membership(user.id, Child.school_id))
    if role == Role.SENDIASS_ADVISER:
        consented = exists().where(AdviserConsent.case_id == Case.id,
                                   AdviserConsent.adviser_id == user.id,
                                   AdviserConsent.withdrawn_at.is_(None))
        return stmt.where(consented)
    if role == Role.HEALTH_PROFESSIONAL:  # only the Section 19 referrals they made
        made = exists().where(S19Referral.case_id == Case.id, S19Referral.referrer_id == user.id)
        return stmt.where(Case.kind == CaseKind.SECTION_19, made)
    kinds = STAFF_CASE_KINDS.get(role, frozenset())
    return stmt.where(Case.kind.in_(kinds)) if kinds else stmt.where(False)


def visible_cases(user: User) -> Select:
    """A query for every case the user may see, newest first."""
    return _visibility(user, select(Case)).order_by(Case.received_on.desc(), Case.reference)


def case_for_user(user: User, case_id: uuid.UUID) -> Case | None:
    """Load one case only if the user may see it. Staff and adviser views are logged."""
    case = db.session.scalars(_visibility(user, select(Case)).where(Case.id == case_id)).first()
    if case is not None and (user.is_staff or user.role == Role.SENDIASS_ADVISER):
        log_view(user, case.child_id, case.id)
    return case


def children_for_user(user: User) -> list[Child]:
    stmt = (select(Child).join(ChildLink, ChildLink.child_id == Child.id)
            .where(ChildLink.user_id == user.id).order_by(Child.first_name, Child.id))
    return list(db.session.scalars(stmt))


def log_view(user: User, child_id: uuid.UUID, case_id: uuid.UUID | None) -> None:
    """Record a staff view of a child's record (DPA 2018; statutory-rules.md section 9), or an
    adviser's use of the access a family gave them (shown on the case's chronology).

    Written on its own connection and committed at once, so a view is logged even when the
    page then fails, and reading a page never leaves the request's own transaction dirty."""
    route = request.path if has_request_context() else "job"
    with db.engine.begin() as connection:
        connection.execute(insert(AccessLog).values(user_id=user.id, child_id=child_id,
                                                    case_id=case_id, route=route[:200]))

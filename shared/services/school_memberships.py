"""School staff memberships: request, approve, remove, and mark or unmark the school's lead.

A school staff account sees its school's pupils only while its membership is approved
(`shared.queries.school_memberships.approved_membership`, decision 0006). UK GDPR Art. 5(1)(f) and
Art. 32 require access to children's records to be granted deliberately and withdrawable: the
council (holders of `backoffice:school_members:write`) decides any membership; a school's approved
lead (its SENCO or head) decides the school's other staff, never their own membership or another
lead's. Every step is written to the append-only audit trail (`MembershipEvent`), and the person
is told by email. Services never commit.
"""

from __future__ import annotations

from shared.db import db, utcnow
from shared.models import MembershipEvent, MembershipStatus, Role, School, SchoolMembership, User
from shared.outbox import add_outbox_message
from shared.queries.school_memberships import lead_membership
from shared.services.errors import ServiceError
from shared.web.access import has_permission

S = MembershipStatus
COUNCIL_PERMISSION = "backoffice:school_members:write"


def request_membership(user: User, school: School) -> SchoolMembership:
    """A school staff sign-up asks to join its school; it sees nothing until approved."""
    membership = SchoolMembership(user_id=user.id, school_id=school.id, status=S.REQUESTED, is_lead=False)
    db.session.add(membership)
    db.session.flush()
    _record(membership, user, "requested", f"{user.full_name} ({user.email}) asked for access to {school.name}")
    return membership


def approve_membership(membership: SchoolMembership, *, actor: User) -> None:
    """Approve a request (or restore a removed member): access starts on their next page."""
    _check_may_decide(membership, actor)
    if membership.status == S.APPROVED:
        raise ServiceError(f"{membership.user.full_name} already has access")
    _decide(membership, S.APPROVED, actor)
    _record(membership, actor, "approved", f"{actor.full_name} approved {membership.user.full_name}'s access "
                                           f"to {membership.school.name}")
    add_outbox_message("send_account_email", {"user_id": str(membership.user_id), "kind": "membership_approved"})


def remove_membership(membership: SchoolMembership, *, actor: User) -> None:
    """Remove access (or turn down a request): it ends on the person's next request."""
    _check_may_decide(membership, actor)
    if membership.status == S.REMOVED:
        raise ServiceError(f"{membership.user.full_name} does not have access")
    declined = membership.status == S.REQUESTED
    _decide(membership, S.REMOVED, actor)
    was_lead, membership.is_lead = membership.is_lead, False
    verb = "turned down the request of" if declined else "removed the access of"
    lead_note = " (they were the school's lead)" if was_lead else ""
    _record(membership, actor, "declined" if declined else "removed",
            f"{actor.full_name} {verb} {membership.user.full_name} to {membership.school.name}{lead_note}")
    add_outbox_message("send_account_email", {"user_id": str(membership.user_id), "kind": "membership_removed"})


def set_lead(membership: SchoolMembership, *, is_lead: bool, actor: User) -> None:
    """The council marks an approved member as the school's lead (SENCO or head), or unmarks them."""
    if not _is_council(actor):
        raise ServiceError("Only the council can choose a school's lead")
    if is_lead and membership.status != S.APPROVED:
        raise ServiceError("Approve their access before making them the school's lead")
    if membership.is_lead == is_lead:
        raise ServiceError("Nothing to change")
    membership.is_lead = is_lead
    name, school = membership.user.full_name, membership.school.name
    summary = (f"{actor.full_name} made {name} a lead of {school} (they can approve and remove its staff)" if is_lead
               else f"{actor.full_name} ended {name}'s role as a lead of {school}")
    _record(membership, actor, "made_lead" if is_lead else "lead_ended", summary)


def _is_council(actor: User) -> bool:
    return actor.is_staff and has_permission(actor, COUNCIL_PERMISSION)


def _check_may_decide(membership: SchoolMembership, actor: User) -> None:
    if _is_council(actor):
        return
    own = lead_membership(actor) if actor.role == Role.SCHOOL_STAFF else None
    if own is None or own.school_id != membership.school_id:
        raise ServiceError("Only the council or the school's lead can decide this")
    if membership.user_id == actor.id or membership.is_lead:
        raise ServiceError("Ask the council to change a lead's access")


def _decide(membership: SchoolMembership, status: MembershipStatus, actor: User) -> None:
    membership.status, membership.decided_by_id, membership.decided_at = status, actor.id, utcnow()


def _record(membership: SchoolMembership, actor: User | None, action: str, summary: str) -> None:
    db.session.add(MembershipEvent(membership_id=membership.id, school_id=membership.school_id,
                                   actor_id=actor.id if actor else None, action=action, summary=summary))

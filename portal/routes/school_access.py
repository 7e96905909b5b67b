"""School staff access: the page an account sees while its membership waits for approval, and the
school lead's page for approving and removing the school's staff (decision 0006)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from shared.models import Role
from shared.queries import school_memberships as q
from shared.services import school_memberships as memberships
from shared.services.errors import ServiceError
from shared.web.access import open_before_approval, requires
from shared.web.pages import render_page
from shared.web.transactions import commits

TITLES = {"approved": "Your school access", "requested": "Your access is waiting for approval",
          "removed": "You do not have access to your school's cases", None: "Your account is not linked to a school"}


@requires("portal:school_access:read")
@open_before_approval
def school_access():
    if current_user.role != Role.SCHOOL_STAFF:
        abort(403)
    membership = q.membership_of(current_user)
    status = membership.status.value if membership else None
    return render_page("portal/school_access/status.html", page_title=TITLES[status], membership=membership,
                       status=status, school=current_user.school)


def _lead():
    """The signed-in account's lead membership, or 403: only a school's lead uses these pages."""
    return q.lead_membership(current_user) or abort(403)


@requires("portal:school_members:read")
def school_staff():
    lead = _lead()
    return render_page("portal/school_access/staff.html", page_title=f"Staff at {lead.school.name}",
                       memberships=q.memberships_of_school(lead.school_id), lead=lead,
                       events=q.membership_events(school_id=lead.school_id))


@requires("portal:school_members:write")
@commits
def approve_member(membership_id: uuid.UUID):
    return _decide(membership_id, memberships.approve_membership, "now has access to your school's cases")


@requires("portal:school_members:write")
@commits
def remove_member(membership_id: uuid.UUID):
    return _decide(membership_id, memberships.remove_membership, "no longer has access to your school's cases")


def _decide(membership_id: uuid.UUID, action, done: str):
    _lead()
    membership = q.membership_for_lead(current_user, membership_id) or abort(404)
    try:
        action(membership, actor=current_user)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(f"{membership.user.full_name} {done}.", "success")
    return redirect(url_for("portal.school_staff"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/school-access", view_func=school_access)
    bp.add_url_rule("/school-staff", view_func=school_staff)
    bp.add_url_rule("/school-staff/<uuid:membership_id>/approve", view_func=approve_member, methods=["POST"])
    bp.add_url_rule("/school-staff/<uuid:membership_id>/remove", view_func=remove_member, methods=["POST"])

"""The council's school staff memberships: requests waiting, members, approving, removing, the
school's lead, and the audit trail of every decision (decision 0006)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from shared.models import MembershipStatus
from shared.queries import school_memberships as q
from shared.services import school_memberships as memberships
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits

FILTERS = {"requested": "Waiting for approval", "approved": "Have access", "removed": "No access", "all": "All"}


@requires("backoffice:school_members:read")
def school_memberships():
    shown = request.args.get("status", "requested")
    if shown not in FILTERS:
        shown = "requested"
    status = None if shown == "all" else MembershipStatus(shown)
    return render_page("backoffice/school_memberships/list.html", page_title="School staff access",
                       memberships=q.all_memberships(status), shown=shown, filters=FILTERS)


@requires("backoffice:school_members:read")
def school_membership(membership_id: uuid.UUID):
    membership = q.membership_by_id(membership_id) or abort(404)
    return render_page("backoffice/school_memberships/membership.html",
                       page_title=f"{membership.user.full_name}, {membership.school.name}", membership=membership,
                       events=q.membership_events(membership_id=membership.id))


@requires("backoffice:school_members:read")
def membership_history():
    return render_page("backoffice/school_memberships/history.html", page_title="School staff access history",
                       events=q.membership_events(), limit=q.AUDIT_PAGE)


ACTIONS = {
    "approve": (lambda m: memberships.approve_membership(m, actor=current_user), "now has access"),
    "remove": (lambda m: memberships.remove_membership(m, actor=current_user), "no longer has access"),
    "make-lead": (lambda m: memberships.set_lead(m, is_lead=True, actor=current_user), "is now a school lead"),
    "end-lead": (lambda m: memberships.set_lead(m, is_lead=False, actor=current_user), "is no longer a school lead"),
}


@requires("backoffice:school_members:write")
@commits
def decide_membership(membership_id: uuid.UUID, action: str):
    act, done = ACTIONS.get(action) or abort(404)
    membership = q.membership_by_id(membership_id) or abort(404)
    try:
        act(membership)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(f"{membership.user.full_name} {done}.", "success")
    return redirect(url_for("backoffice.school_membership", membership_id=membership.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/school-memberships", view_func=school_memberships)
    bp.add_url_rule("/school-memberships/history", view_func=membership_history)
    bp.add_url_rule("/school-memberships/<uuid:membership_id>", view_func=school_membership)
    bp.add_url_rule("/school-memberships/<uuid:membership_id>/<action>",
                    view_func=decide_membership, methods=["POST"])

"""Confirming a family member's link to a child."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from shared.queries.cases import case_for_user
from shared.services.errors import ServiceError
from shared.services.links import confirm_link
from shared.web.access import requires
from shared.web.transactions import commits


@requires("backoffice:case:write")
@commits
def confirm_family_link(case_id: uuid.UUID, user_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    try:
        link = confirm_link(case, user_id, actor=current_user)
    except ServiceError:
        abort(404)
    flash(f"{link.user.full_name if link.user else 'They'} can now see this case in their account.", "success")
    return redirect(url_for("backoffice.case_page", case_id=case.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/links/<uuid:user_id>/confirm", view_func=confirm_family_link, methods=["POST"])

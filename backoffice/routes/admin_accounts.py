"""Administration of one account: sign it out everywhere, or deactivate it (which does both)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, url_for
from flask_login import current_user

from shared.queries.staff import account_for_admin, live_session_count
from shared.services.errors import ServiceError
from shared.services.sessions import deactivate_account, end_user_sessions
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("backoffice:users:read")
def account(user_id: uuid.UUID):
    user = account_for_admin(user_id)
    idle = timedelta(minutes=current_app.config["SETTINGS"].session_idle_minutes)
    return render_page("backoffice/admin/account.html", page_title=user.full_name, account=user,
                       sessions=live_session_count(user, idle), is_self=user.id == current_user.id)


@requires("backoffice:users:write")
@commits
def sign_out_everywhere(user_id: uuid.UUID):
    user = account_for_admin(user_id)
    count = end_user_sessions(user, actor=current_user)
    flash(f"{user.full_name} is signed out on every device ({count} session{'s' if count != 1 else ''} ended).",
          "success")
    return redirect(url_for("backoffice.account", user_id=user.id))


@requires("backoffice:users:write")
@commits
def deactivate(user_id: uuid.UUID):
    user = account_for_admin(user_id)
    try:
        deactivate_account(user, actor=current_user)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(f"{user.full_name}'s account is deactivated: they are signed out and cannot sign in.", "success")
    return redirect(url_for("backoffice.account", user_id=user.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/admin/users/<uuid:user_id>", view_func=account)
    bp.add_url_rule("/admin/users/<uuid:user_id>/sign-out-everywhere", view_func=sign_out_everywhere,
                    methods=["POST"])
    bp.add_url_rule("/admin/users/<uuid:user_id>/deactivate", view_func=deactivate, methods=["POST"])

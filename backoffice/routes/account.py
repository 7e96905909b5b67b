"""Staff sign-in: password, then a TOTP security code."""

from __future__ import annotations

from flask import Blueprint, redirect, request, session, url_for

from backoffice.forms import CodeForm, StaffSignInForm
from shared.auth import accounts
from shared.db import db
from shared.models import Role, User
from shared.web.access import public, signed_in
from shared.web.pages import render_page
from shared.web.signin import end_session, safe_next, start_session
from shared.web.transactions import commits

PENDING = "pending_staff_user"


@public
@commits
def sign_in():
    form = StaffSignInForm()
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data, staff=True)
        if result.user is not None:
            session[PENDING] = str(result.user.id)
            return redirect(url_for("backoffice.sign_in_code", next=request.args.get("next")))
        form.email.errors.append(result.error)
    return render_page("backoffice/account/sign_in.html", page_title="Sign in to the SEND back-office", form=form)


@public
@commits
def sign_in_code():
    user_id = session.get(PENDING)
    if not user_id:
        return redirect(url_for("backoffice.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        user = db.session.get(User, user_id)
        key = user.email if user else user_id
        if accounts.throttle.guard(key):
            session.pop(PENDING, None)
            return redirect(url_for("backoffice.sign_in"))
        ok = user is not None and accounts.check_totp(user, form.code.data)
        accounts.throttle.record_attempt(key, succeeded=ok)
        if ok:
            start_session(user)
            home = "backoffice.users" if user.role == Role.ADMINISTRATOR else "backoffice.caseload"
            return redirect(safe_next(request.args.get("next"), url_for(home)))
        if user is not None and accounts.throttle.is_throttled(user.email):
            session.pop(PENDING, None)
            return redirect(url_for("backoffice.sign_in"))
        form.code.errors.append("The security code is not correct or has expired")
    return render_page("backoffice/account/code.html", page_title="Enter your security code", form=form)


@signed_in("backoffice")
def sign_out():
    end_session()
    return redirect(url_for("backoffice.sign_in"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/sign-in", view_func=sign_in, methods=["GET", "POST"])
    bp.add_url_rule("/sign-in/code", view_func=sign_in_code, methods=["GET", "POST"])
    bp.add_url_rule("/sign-out", view_func=sign_out, methods=["POST"])

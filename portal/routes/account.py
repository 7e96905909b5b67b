"""Creating an account, confirming the email address, signing in and out."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, request, session, url_for

from portal.forms import SignInForm, SignUpForm
from shared.auth import accounts
from shared.auth.tokens import VERIFY_EMAIL_MAX_AGE, VERIFY_EMAIL_SALT, read_token
from shared.db import db
from shared.models import Role, User
from shared.queries.schools import school_by_urn
from shared.services.errors import ServiceError
from shared.web.access import open_before_approval, public, signed_in
from shared.web.pages import render_page
from shared.web.sessions import touch_session
from shared.web.signin import end_session, safe_next, start_session
from shared.web.transactions import commits


@public
@commits
def sign_up():
    form = SignUpForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        school = None
        if role == Role.SCHOOL_STAFF:
            school = school_by_urn(form.school_urn.data or "")
            if school is None:
                form.school_urn.errors.append("Enter the URN of a school in our list")
            elif not school.email or form.email.data.split("@")[-1].lower() != school.email.split("@")[-1].lower():
                form.email.errors.append("Use your school email address")
        if role == Role.HEALTH_PROFESSIONAL:
            if not (form.organisation.data or "").strip():
                form.organisation.errors.append("Enter your organisation")
            if not (form.job_title.data or "").strip():
                form.job_title.errors.append("Enter your job title")
        if not form.errors:
            try:
                accounts.register_account(email=form.email.data, full_name=form.full_name.data,
                                          password=form.password.data, role=role,
                                          school_id=school.id if school else None, **_health_details(form, role))
            except ServiceError as error:
                form.email.errors.append(str(error))
            else:
                return redirect(url_for("portal.check_email"))
    return render_page("portal/account/sign_up.html", page_title="Create an account", form=form)


def _health_details(form: SignUpForm, role: Role) -> dict:
    """A health professional's organisation and job title (no one else's are kept)."""
    if role != Role.HEALTH_PROFESSIONAL:
        return {}
    return {"organisation": form.organisation.data or "", "job_title": form.job_title.data or ""}


@public
def check_email():
    return render_page("portal/account/check_email.html", page_title="Check your email")


@public
@commits
def verify_email(token: str):
    settings = current_app.config["SETTINGS"]
    payload = read_token(settings.secret_key, VERIFY_EMAIL_SALT, token, VERIFY_EMAIL_MAX_AGE)
    user = db.session.get(User, uuid.UUID(payload["user_id"])) if payload else None
    if user is None or user.email != payload.get("email"):
        return render_page("portal/account/link_expired.html", page_title="This link has expired", status=400)
    if request.method == "POST":
        accounts.verify_email(user)
        flash("Your email address is confirmed. You can now sign in.", "success")
        return redirect(url_for("portal.sign_in"))
    # Confirming takes a button press (a POST), so a mail scanner that follows links changes nothing.
    return render_page("portal/account/confirm_email.html", page_title="Confirm your email address", token=token)


@public
@commits
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data, staff=False)
        if result.user is not None:
            start_session(result.user)
            return redirect(safe_next(request.args.get("next"), url_for("portal.dashboard")))
        form.email.errors.append(result.error)
    return render_page("portal/account/sign_in.html", page_title="Sign in", form=form)


@signed_in("portal")
@open_before_approval
def sign_out():
    end_session()
    flash("You have signed out.", "success")
    return redirect(url_for("portal.sign_in"))


@public
def keep_alive():
    """The timeout warning's "stay signed in" button (a fetch from app.js): the server-side
    session's idle timer is refreshed now, so there is nothing to return."""
    touch_session(session)
    response = current_app.response_class(status=204)
    response.headers.remove("Content-Type")  # no content, so no type
    return response


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/sign-up", view_func=sign_up, methods=["GET", "POST"])
    bp.add_url_rule("/sign-up/check-your-email", view_func=check_email)
    bp.add_url_rule("/verify-email/<token>", view_func=verify_email, methods=["GET", "POST"])
    bp.add_url_rule("/sign-in", view_func=sign_in, methods=["GET", "POST"])
    bp.add_url_rule("/sign-out", view_func=sign_out, methods=["POST"])
    bp.add_url_rule("/session/keep-alive", view_func=keep_alive, methods=["POST"])

"""Administration: staff accounts and the council contacts that go into every notice."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from backoffice.forms import CONTACT_FIELDS, ContactsForm, NewUserForm
from shared.auth import accounts
from shared.db import db
from shared.models import CouncilContacts, Role
from shared.queries.staff import all_users
from shared.services.config import update_contacts
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("backoffice:users:read")
def users():
    return render_page("backoffice/admin/users.html", page_title="Users", users=all_users())


@requires("backoffice:users:write")
@commits
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_staff_user(email=form.email.data, full_name=form.full_name.data,
                                              role=Role(form.role.data), password=form.password.data,
                                              actor=current_user)
        except ServiceError as error:
            form.email.errors.append(str(error))
        else:
            db.session.flush()
            flash(f"Account created for {user.full_name}. Give them their authenticator key in person: "
                  f"{user.totp_secret}", "success")
            return redirect(url_for("backoffice.users"))
    return render_page("backoffice/admin/new_user.html", page_title="Create a staff account", form=form)


@requires("backoffice:config:write")
@commits
def contacts():
    current = db.session.get(CouncilContacts, 1) or CouncilContacts(id=1, version=0)
    form = ContactsForm(obj=current)
    if form.validate_on_submit():
        update_contacts({name: getattr(form, name).data for name, _ in CONTACT_FIELDS},
                        actor=current_user, expected_version=form.version.data)
        flash("Contacts saved. New notices will use them.", "success")
        return redirect(url_for("backoffice.contacts"))
    return render_page("backoffice/admin/contacts.html", page_title="Council contacts in notices",
                       form=form, fields=CONTACT_FIELDS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/admin/users", view_func=users)
    bp.add_url_rule("/admin/users/new", view_func=new_user, methods=["GET", "POST"])
    bp.add_url_rule("/admin/contacts", view_func=contacts, methods=["GET", "POST"])

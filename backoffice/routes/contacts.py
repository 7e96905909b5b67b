"""Who gets the letters of a case: the family's contacts, their addresses, and letters by post."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from backoffice.contact_forms import FamilyContactForm
from shared.queries.cases import case_for_user
from shared.queries.family_contacts import contact_for_case
from shared.services.errors import ServiceError
from shared.services.family_contacts import ContactDetails, account_contact, save_family_contact
from shared.services.recipients import family_recipients, notice_recipients
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("backoffice:case:read")
def contacts(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    return render_page("backoffice/contacts/list.html", page_title="Who gets the letters", case=case,
                       recipients=notice_recipients(case))


def _details(form: FamilyContactForm) -> ContactDetails:
    return ContactDetails(name=form.name.data or "", email=form.email.data or "",
                          address_line_1=form.address_line_1.data or "", address_line_2=form.address_line_2.data or "",
                          town=form.town.data or "", postcode=form.postcode.data or "",
                          prefers_post=bool(form.prefers_post.data))


def _edit(case, contact, form, *, account=None):
    if form.validate_on_submit():
        try:
            if account is not None:
                contact = account_contact(case.child, account)
            save_family_contact(case, contact, _details(form), actor=current_user)
        except ServiceError as error:
            form.address_line_1.errors.append(str(error))
        else:
            flash("Contact details saved.", "success")
            return redirect(url_for("backoffice.case_contacts", case_id=case.id))
    title = "Add a contact" if contact is None and account is None else "Change contact details"
    return render_page("backoffice/contacts/edit.html", page_title=title, case=case, form=form,
                       account=account or (contact.user if contact is not None else None))


@requires("backoffice:case:write")
@commits
def new_contact(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    return _edit(case, None, FamilyContactForm())


@requires("backoffice:case:write")
@commits
def edit_contact(case_id: uuid.UUID, contact_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    contact = contact_for_case(case, contact_id) or abort(404)
    form = FamilyContactForm(obj=contact)
    if contact.user is not None:  # an account holder's name and email come from the account
        form.name.data, form.email.data = contact.name, contact.email
    return _edit(case, contact, form)


@requires("backoffice:case:write")
@commits
def edit_account_contact(case_id: uuid.UUID, user_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    account = next((u for u in family_recipients(case) if u.id == user_id), None) or abort(404)
    form = FamilyContactForm()
    form.name.data, form.email.data = account.full_name, account.email
    return _edit(case, None, form, account=account)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/contacts", view_func=contacts, endpoint="case_contacts")
    bp.add_url_rule("/cases/<uuid:case_id>/contacts/new", view_func=new_contact, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/contacts/<uuid:contact_id>", view_func=edit_contact,
                    methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/contacts/accounts/<uuid:user_id>", view_func=edit_account_contact,
                    methods=["GET", "POST"])

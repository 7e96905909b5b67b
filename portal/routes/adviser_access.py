"""The family gives a SENDIASS adviser access to a case, or withdraws it; anyone who can see a
case can download its chronology."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from portal.forms import AdviserAccessForm
from shared.db import db
from shared.models import AdviserConsent
from shared.queries.cases import case_for_user
from shared.queries.referrer_view import sees_whole_case
from shared.services.adviser_access import active_consents, grant_adviser_access, withdraw_adviser_access
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.downloads_pdf import send_chronology
from shared.web.pages import render_page
from shared.web.transactions import commits


def _page(case, form):
    return render_page("portal/adviser_access.html", page_title="Give a SENDIASS adviser access", case=case,
                       form=form, consents=active_consents(case))


@requires("portal:consent:write")
@commits
def adviser_access(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    form = AdviserAccessForm()
    if form.validate_on_submit():
        try:
            consent = grant_adviser_access(case, adviser_email=form.email.data, granted_by=current_user)
        except ServiceError as error:
            form.email.errors.append(str(error))
        else:
            db.session.flush()
            flash(f"{consent.adviser.full_name} can now see this case. You can withdraw this at any time.", "success")
            return redirect(url_for("portal.adviser_access", case_id=case.id))
    return _page(case, form)


@requires("portal:consent:write")
@commits
def withdraw_access(case_id: uuid.UUID, consent_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    consent = db.session.get(AdviserConsent, consent_id)
    if consent is None or consent.case_id != case.id:
        abort(404)
    withdraw_adviser_access(case, consent, withdrawn_by=current_user)
    flash(f"{consent.adviser.full_name} can no longer see this case.", "success")
    return redirect(url_for("portal.adviser_access", case_id=case.id))


@requires("portal:case:read")
def chronology_download(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    if not sees_whole_case(current_user):  # a health referrer reads the outcome, not the file
        abort(404)
    return send_chronology(case, current_user)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/adviser-access", view_func=adviser_access, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/adviser-access/<uuid:consent_id>/withdraw", view_func=withdraw_access,
                    methods=["POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/chronology.pdf", view_func=chronology_download)

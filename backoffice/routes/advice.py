"""Requesting advice for an EHC needs assessment, and cancelling a link."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from backoffice.forms import AdviceRequestForm
from shared.db import db
from shared.domain.dates import today_in_england
from shared.models.advice import AdviceKind, AdviceRequest
from shared.queries.cases import case_for_user
from shared.services.advice import advice_for_case, request_advice, revoke_link
from shared.services.errors import ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


def _prefill(case) -> dict:
    school = case.child.school
    return {"kind": "school", "name": school.name, "email": school.email} if school and school.email else {}


@requires("backoffice:case:write")
@commits
def new_advice_request(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    form = AdviceRequestForm(data=_prefill(case)) if not advice_for_case(case) else AdviceRequestForm()
    if form.validate_on_submit():
        try:
            advice = request_advice(case, kind=AdviceKind(form.kind.data), name=form.name.data, email=form.email.data,
                                    actor=current_user, today=today_in_england())
        except ServiceError as error:
            form.kind.errors.append(str(error))
        else:
            flash(f"Advice requested from {advice.recipient_name}. It is due by {advice.due_on:%-d %B %Y}.", "success")
            return redirect(url_for("backoffice.case_page", case_id=case.id))
    return render_page("backoffice/advice_new.html", page_title="Request advice", case=case, form=form)


@requires("backoffice:case:write")
@commits
def revoke_advice_link(case_id: uuid.UUID, advice_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    advice = db.session.get(AdviceRequest, advice_id)
    if advice is None or advice.case_id != case.id:
        abort(404)
    revoke_link(advice, actor=current_user)
    flash(f"The link sent to {advice.recipient_name} no longer works.", "success")
    return redirect(url_for("backoffice.case_page", case_id=case.id))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/advice/new", view_func=new_advice_request, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<uuid:case_id>/advice/<uuid:advice_id>/revoke", view_func=revoke_advice_link,
                    methods=["POST"])

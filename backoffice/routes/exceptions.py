"""Recording an exception to a statutory time limit on a case."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from backoffice.forms import ExceptionForm
from shared.db import db
from shared.domain.clocks import ExceptionReason
from shared.domain.dates import today_in_england
from shared.models import CaseKind
from shared.models.advice import AdviceRequest
from shared.queries.cases import case_for_user
from shared.services.advice import advice_for_case
from shared.services.errors import ServiceError
from shared.services.exceptions import record_exception
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("backoffice:case:write")
@commits
def new_exception(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.EHC_ASSESSMENT:
        abort(404)
    form = ExceptionForm()
    form.advice.choices = [("", "Not a missed appointment")] + [
        (str(a.id), f"{a.recipient_name} ({a.kind.label})") for a in advice_for_case(case)]
    if form.validate_on_submit():
        advice = db.session.get(AdviceRequest, uuid.UUID(form.advice.data)) if form.advice.data else None
        try:
            record_exception(case, reason=ExceptionReason(form.reason.data), starts_on=form.starts_on.data,
                             ends_on=form.ends_on.data, note=form.note.data, actor=current_user,
                             today=today_in_england(), advice=advice)
        except ServiceError as error:
            form.reason.errors.append(str(error))
        else:
            flash("Exception recorded. The due dates stay the same; the family will see the reason.", "success")
            return redirect(url_for("backoffice.case_page", case_id=case.id))
    return render_page("backoffice/exception_new.html", page_title="Record an exception to a time limit",
                       case=case, form=form)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/exceptions/new", view_func=new_exception, methods=["GET", "POST"])

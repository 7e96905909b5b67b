"""The advice giver's page: reached by the secure link in their email, no account needed."""

from __future__ import annotations

from flask import Blueprint, abort, request, url_for

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case
from shared.services import documents
from shared.services.advice import LINK_PROBLEMS, check_link, receive_advice
from shared.web.access import public
from shared.web.pages import render_page
from shared.web.transactions import commits


def _owner(advice) -> str:
    return f"advice:{advice.id}"


def _problem(kind: str):
    return render_page("portal/advice/link_problem.html", page_title="You cannot use this link",
                       message=LINK_PROBLEMS[kind], status=410 if kind != "invalid" else 404)


@public
def advice_upload(token: str):
    checked = check_link(token, today_in_england())
    if checked.problem:
        return _problem(checked.problem)
    advice = checked.advice
    case = db.session.get(Case, advice.case_id)
    upload = documents.upload_form(
        case, _owner(advice), lambda receipt: url_for("portal.advice_received", token=token, receipt=receipt,
                                                      _external=True))
    return render_page("portal/advice/upload.html", page_title="Send your advice", advice=advice, case=case,
                       upload=upload)


@public
@commits
def advice_received(token: str, receipt: str):
    """The store's redirect after the upload (the one kind of GET that writes: decision 0003)."""
    checked = check_link(token, today_in_england())
    if checked.problem:
        return _problem(checked.problem)
    advice = checked.advice
    case = db.session.get(Case, advice.case_id)
    key = request.args.get("key", "")
    if not documents.read_receipt(receipt, _owner(advice), case, key) or not documents.object_arrived(key):
        abort(400)
    receive_advice(advice, key, today_in_england())
    return render_page("portal/advice/thanks.html", page_title="Thank you: we have your advice", advice=advice)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/advice/<token>", view_func=advice_upload)
    bp.add_url_rule("/advice/<token>/received/<receipt>", view_func=advice_received)

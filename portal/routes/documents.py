"""Uploading evidence straight to the store, and downloading clean files and letters."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from shared.queries.cases import case_for_user
from shared.queries.notices import notice_for_user
from shared.queries.referrer_view import may_read_document, may_read_notice
from shared.services import documents
from shared.web.access import requires
from shared.web.downloads import send_document, send_notice_letter
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("portal:document:write")
def new_evidence(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    upload = documents.upload_form(
        case, documents.user_owner(current_user),
        lambda token: url_for("portal.evidence_received", case_id=case.id, token=token, _external=True))
    return render_page("portal/evidence_new.html", page_title="Upload evidence", case=case, upload=upload)


@requires("portal:document:write")
@commits
def evidence_received(case_id: uuid.UUID, token: str):
    """The object store's redirect after an upload. A GET that writes, by necessity: the store
    sends the browser here. It is signed, bound to the user and case, and idempotent."""
    case = case_for_user(current_user, case_id) or abort(404)
    key = request.args.get("key", "")
    if not documents.read_receipt(token, documents.user_owner(current_user), case, key) or not documents.object_arrived(key):
        abort(400)
    document = documents.record_upload(case, current_user, key)
    flash(f"We have received {document.filename}. We are checking it for viruses: it will be "
          "ready in a minute or two.", "success")
    return redirect(url_for("portal.case_page", case_id=case.id))


@requires("portal:case:read")
def download_document(document_id: uuid.UUID):
    found = documents.document_for_user(current_user, document_id, case_for_user) or abort(404)
    if not may_read_document(current_user, found[0]):
        abort(404)
    return send_document(found[0])


@requires("portal:case:read")
def download_notice(notice_id: uuid.UUID):
    notice = notice_for_user(current_user, notice_id, case_for_user) or abort(404)
    if not may_read_notice(current_user, notice):
        abort(404)
    return send_notice_letter(notice)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/evidence/new", view_func=new_evidence)
    bp.add_url_rule("/cases/<uuid:case_id>/evidence/received/<token>", view_func=evidence_received)
    bp.add_url_rule("/documents/<uuid:document_id>/download", view_func=download_document)
    bp.add_url_rule("/notices/<uuid:notice_id>/letter.pdf", view_func=download_notice)

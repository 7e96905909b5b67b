"""Notices: delivery status across the service, failures first; letters and evidence downloads."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort
from flask_login import current_user

from shared.domain.dates import today_in_england
from shared.domain.posting import posting_overdue
from shared.queries.cases import case_for_user
from shared.queries.notices import notice_for_user, notices_needing_attention
from shared.services.documents import document_for_user
from shared.web.access import requires
from shared.web.downloads import send_document, send_notice_letter
from shared.web.pages import render_page


@requires("backoffice:notice:read")
def notice_list():
    today = today_in_england()
    notices = notices_needing_attention()
    overdue = {n.id for n in notices if n.by_post and posting_overdue(n.decided_on, today, n.posted_on)}
    return render_page("backoffice/notices.html", page_title="Notices not yet delivered", notices=notices,
                       overdue=overdue)


@requires("backoffice:case:read")
def download_notice(notice_id: uuid.UUID):
    notice = notice_for_user(current_user, notice_id, case_for_user) or abort(404)
    return send_notice_letter(notice)


@requires("backoffice:case:read")
def download_document(document_id: uuid.UUID):
    found = document_for_user(current_user, document_id, case_for_user) or abort(404)
    return send_document(found[0])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/notices", view_func=notice_list)
    bp.add_url_rule("/notices/<uuid:notice_id>/letter.pdf", view_func=download_notice)
    bp.add_url_rule("/documents/<uuid:document_id>/download", view_func=download_document)

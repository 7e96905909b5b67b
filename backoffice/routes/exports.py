"""Exports of a case for a tribunal bundle, a complaint or an MP's letter."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort
from flask_login import current_user

from shared.queries.cases import case_for_user
from shared.web.access import requires
from shared.web.downloads_pdf import send_chronology


@requires("backoffice:case:read")
def chronology_download(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    return send_chronology(case, current_user)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/chronology.pdf", view_func=chronology_download)

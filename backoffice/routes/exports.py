"""Exports of a case for a tribunal bundle, a complaint or an MP's letter."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app
from flask_login import current_user

from shared.queries.cases import case_for_user
from shared.reports.chronology_pdf import chronology_filename, chronology_pdf
from shared.web.access import requires
from shared.web.downloads_pdf import send_pdf


@requires("backoffice:case:read")
def chronology_download(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    pdf = chronology_pdf(case, council_name=current_app.config["SETTINGS"].council_name,
                         produced_for=current_user.full_name)
    return send_pdf(pdf, chronology_filename(case))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases/<uuid:case_id>/chronology.pdf", view_func=chronology_download)

"""Sending a generated PDF as an attachment."""

from __future__ import annotations

from flask import Response

from shared.storage.filetypes import content_disposition


def send_pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def send_chronology(case, user) -> Response:
    """A case's chronology as a PDF attachment, made for `user` (journey 10)."""
    from flask import current_app

    from shared.reports.chronology_pdf import chronology_filename, chronology_pdf

    pdf = chronology_pdf(case, council_name=current_app.config["SETTINGS"].council_name, produced_for=user.full_name,
                         staff=user.role.is_staff)
    return send_pdf(pdf, chronology_filename(case))

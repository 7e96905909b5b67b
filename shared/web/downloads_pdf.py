"""Sending a generated PDF as an attachment."""

from __future__ import annotations

from flask import Response

from shared.storage.filetypes import content_disposition


def send_pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response

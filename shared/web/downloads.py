"""Serving files: only clean ones, only as attachments, with safe names, streamed from the store."""

from __future__ import annotations

from flask import Response, abort

from shared.models import Document, DocumentStatus, Notice
from shared.storage.current import current_store
from shared.storage.filetypes import content_disposition


def _stream(key: str, filename: str, mimetype: str) -> Response:
    store = current_store()
    response = Response(store.stream(key), mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def send_document(document: Document) -> Response:
    """Never serve a file before the scanner has passed it."""
    if document.status != DocumentStatus.CLEAN:
        abort(404)
    return _stream(document.object_key, document.filename, document.detected_type or "application/octet-stream")


def send_notice_letter(notice: Notice) -> Response:
    if not notice.pdf_object_key:
        abort(404)
    return _stream(notice.pdf_object_key, f"{notice.decision_type}-{notice.issued_on.isoformat()}.pdf",
                   "application/pdf")

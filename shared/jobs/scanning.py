"""Checking an uploaded file: type by content against the allowlist, then a clamd scan.

A file that fails either check is moved to quarantine and never served; the uploader sees
why in plain words on their case page. Without a scanner, files wait in "awaiting scan".
"""

from __future__ import annotations

import uuid

from flask import current_app

from shared.db import db, utcnow
from shared.models import Case, Document, DocumentStatus
from shared.services.chronology import record_event
from shared.storage import filetypes, scanner
from shared.storage.current import current_store
from shared.storage.objects import ObjectStore

TOO_LARGE_MESSAGE = ("This file is too large for us to check for viruses, so we have not kept it. "
                     "Upload a smaller copy, or split it into parts.")
INFECTED_MESSAGE = ("We found a virus in this file, so we have not kept it. Check your computer "
                    "is safe, then upload a clean copy.")


def _quarantine(document: Document, store: ObjectStore, status: DocumentStatus, reason: str) -> None:
    document.object_key = store.move_to_quarantine(document.object_key)
    document.status, document.status_reason, document.scanned_at = status, reason, utcnow()
    case = db.session.get(Case, document.case_id)
    record_event(case, "document_quarantined", f"{document.filename} was not accepted: {reason}",
                 actor=None, document_id=document.id)


def scan_document(payload: dict, message_id: int) -> None:
    settings = current_app.config["SETTINGS"]
    document = db.session.get(Document, uuid.UUID(payload["document_id"]))
    if document is None or document.status != DocumentStatus.AWAITING_SCAN:
        return
    store = current_store()
    size = store.head(document.object_key)
    if size is None:
        document.status, document.status_reason = DocumentStatus.MISSING, "The file did not arrive"
        return
    document.size_bytes = size
    data = (store.read(document.object_key) if filetypes.needs_full_object(document.filename)
            else store.read_prefix(document.object_key, filetypes.PREFIX_BYTES))
    verdict = filetypes.check(data, document.filename, object_size=size)
    if not verdict.accepted:
        _quarantine(document, store, DocumentStatus.REJECTED_TYPE, verdict.message)
        return
    document.detected_type = verdict.detected.mime if verdict.detected else None
    if not settings.scanning_enabled:
        return  # stays awaiting scan; the sweeper queues it again once a scanner is configured
    result = scanner.scan_stream(settings.clamd_url, store.stream(document.object_key))
    if result.too_large:
        _quarantine(document, store, DocumentStatus.TOO_LARGE_TO_SCAN, TOO_LARGE_MESSAGE)
        return
    if not result.clean:
        _quarantine(document, store, DocumentStatus.INFECTED, INFECTED_MESSAGE)
        return
    store.tag(document.object_key, {"scan": "clean"})
    document.status, document.status_reason, document.scanned_at = DocumentStatus.CLEAN, None, utcnow()
    case = db.session.get(Case, document.case_id)
    record_event(case, "document_clean", f"{document.filename} passed the virus scan", actor=None,
                 document_id=document.id)

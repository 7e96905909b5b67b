"""Checking an uploaded file: first a clamd scan, then its type by content against the allowlist.

The scan comes first so that the uploader is told the truth: a virus inside a file named .pdf is
"we found a virus", not "this is not a real PDF". A file that fails either check is moved to
quarantine and never served; the uploader sees why in plain words on their case page. A file
that would unpack to far more than its size (a "zip bomb") fails both checks on its own terms:
clamd's archive limits (`AlertExceedsMax`) and our own reading of the zip's directory
(`filetypes.EXPANDS_TOO_MUCH`); either way it is quarantined as too large to check.
Without a scanner, files wait in "awaiting scan" and nothing else is decided about them.
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
EXPANDS_MESSAGE = filetypes.EXPANDS_MESSAGE


def _quarantine(document: Document, store: ObjectStore, status: DocumentStatus, reason: str) -> None:
    document.object_key = store.move_to_quarantine(document.object_key)
    document.status, document.status_reason, document.scanned_at = status, reason, utcnow()
    case = db.session.get(Case, document.case_id)
    record_event(case, "document_quarantined", f"{document.filename} was not accepted: {reason}",
                 actor=None, document_id=document.id)


def _scan_problem(result: scanner.ScanResult) -> tuple[DocumentStatus, str] | None:
    if result.too_large:
        return DocumentStatus.TOO_LARGE_TO_SCAN, TOO_LARGE_MESSAGE
    if result.limits_exceeded:
        return DocumentStatus.TOO_LARGE_TO_SCAN, EXPANDS_MESSAGE
    if not result.clean:
        return DocumentStatus.INFECTED, INFECTED_MESSAGE
    return None


def _type_problem(verdict: filetypes.Verdict) -> tuple[DocumentStatus, str] | None:
    if verdict.accepted:
        return None
    if verdict.reason == filetypes.EXPANDS_TOO_MUCH:
        return DocumentStatus.TOO_LARGE_TO_SCAN, verdict.message
    return DocumentStatus.REJECTED_TYPE, verdict.message


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
    if not settings.scanning_enabled:
        return  # stays awaiting scan; the sweeper queues it again once a scanner is configured
    problem = _scan_problem(scanner.scan_stream(settings.clamd_url, store.stream(document.object_key)))
    if problem is None:
        data = (store.read(document.object_key) if filetypes.needs_full_object(document.filename)
                else store.read_prefix(document.object_key, filetypes.PREFIX_BYTES))
        verdict = filetypes.check(data, document.filename, object_size=size)
        problem = _type_problem(verdict)
    if problem is not None:
        _quarantine(document, store, *problem)
        return
    document.detected_type = verdict.detected.mime if verdict.detected else None
    store.tag(document.object_key, {"scan": "clean"})
    document.status, document.status_reason, document.scanned_at = DocumentStatus.CLEAN, None, utcnow()
    case = db.session.get(Case, document.case_id)
    record_event(case, "document_clean", f"{document.filename} passed the virus scan",
                 actor=None, document_id=document.id)

"""Evidence uploads: straight to the object store, then checked, scanned and only then served.

1. `upload_form` gives the browser a presigned POST (the store enforces the size limit) whose
   success redirect carries a signed receipt token.
2. `record_upload` (the store's redirect back) records the document as awaiting scan and
   queues the scan through the outbox.
3. The scan job (shared.jobs.scanning) checks the type by content and scans with clamd.
"""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select

from shared.auth.tokens import make_token, read_token
from shared.db import db
from shared.models import Case, Document, DocumentStatus, User
from shared.outbox import add_outbox_message
from shared.services.chronology import record_event
from shared.storage.current import current_store

RECEIPT_SALT = "upload-receipt"


def upload_form(case: Case, owner: str, success_url_for) -> dict:
    """A presigned POST for one file into this case's evidence folder, for `owner` (an opaque
    string naming who may complete the upload: "user:<id>" or "advice:<id>"). `fields` are for
    the plain HTML form (the store redirects back); `script_fields` for app.js's upload with
    progress (the store answers 201 and the script goes to `receipt_url` itself)."""
    settings = current_app.config["SETTINGS"]
    prefix = f"evidence/{case.id}/{uuid.uuid4()}/"
    token = make_token(settings.secret_key, RECEIPT_SALT, {"case": str(case.id), "owner": owner, "prefix": prefix})
    receipt_url = success_url_for(token)
    store = current_store()
    common = {"max_bytes": settings.upload_max_bytes, "expires": settings.upload_url_seconds}
    form = store.presigned_upload(prefix + "${filename}", success_redirect=receipt_url, **common)
    script = store.presigned_upload(prefix + "${filename}", success_status=201, **common)
    return {**form, "script_fields": script["fields"], "receipt_url": receipt_url}


def user_owner(user: User) -> str:
    return f"user:{user.id}"


def read_receipt(token: str, owner: str, case: Case, key: str) -> bool:
    """Is this store redirect genuine, for this owner and case, and within its prefix?"""
    settings = current_app.config["SETTINGS"]
    payload = read_token(settings.secret_key, RECEIPT_SALT, token, settings.upload_url_seconds + 600)
    return bool(payload and payload.get("owner") == owner and payload["case"] == str(case.id)
                and key.startswith(payload["prefix"]) and len(key) > len(payload["prefix"]))


def object_arrived(key: str) -> bool:
    """The store really holds the object (the redirect alone proves nothing)."""
    return current_store().head(key) is not None


def record_upload(case: Case, user: User | None, key: str, *, uploader_name: str | None = None) -> Document:
    """Record an uploaded file as awaiting scan and queue its scan. Idempotent on the key, so a
    reloaded redirect page records the file once. `uploader_name` names someone without an
    account (an advice giver using their link)."""
    existing = db.session.scalars(select(Document).where(Document.object_key == key)).first()
    if existing is not None:
        return existing
    filename = key.rsplit("/", 1)[-1][:255] or "upload"
    document = Document(case_id=case.id, uploaded_by_id=user.id if user else None, object_key=key,
                        filename=filename, title=filename, status=DocumentStatus.AWAITING_SCAN)
    db.session.add(document)
    db.session.flush()
    add_outbox_message("scan_document", {"document_id": str(document.id)})
    who = user.full_name if user else (uploader_name or "Someone")
    record_event(case, "document_uploaded", f"{who} uploaded {filename}", actor=user, document_id=document.id)
    return document


def documents_for_case(case: Case) -> list[Document]:
    stmt = (select(Document).where(Document.case_id == case.id)
            .order_by(Document.created_at.desc(), Document.id))
    return list(db.session.scalars(stmt))


def document_for_user(user: User, document_id: uuid.UUID, case_loader) -> tuple[Document, Case] | None:
    """A document, only through a case the user may see."""
    document = db.session.get(Document, document_id)
    if document is None or document.case_id is None:
        return None
    case = case_loader(user, document.case_id)
    return (document, case) if case is not None else None

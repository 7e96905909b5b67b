"""Delivering a decision notice: render the tagged PDF letter, store it, email it, once.

A postal notice is not sent from here: it is delivered when an officer marks its print batch
posted (shared.services.print_queue), which queues this job only to store the PDF as posted.

Exactly once as the reader sees it: the delivery row with a unique idempotency key is
committed *before* the email is handed over. A rerun that finds it `sent` stops. A rerun that
finds it `sending` (the worker died mid-send) sends again with the same Message-ID, which mail
clients treat as the same message, and GOV.UK Notify with the same reference.
"""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select

from shared import mail
from shared.db import db, utcnow
from shared.models import Case, Notice, NoticeChannel, NoticeDelivery, NoticeStatus
from shared.models.plans import PlanVersion
from shared.notices.decision_types import DECISION_TYPES
from shared.notices.render import render_notice_email, render_notice_pdf
from shared.reports.plan_pdf import plan_filename, plan_pdf
from shared.services.chronology import record_event
from shared.storage.current import current_store


def _ensure_pdf(notice: Notice) -> bytes:
    store = current_store()
    key = notice.pdf_object_key or f"letters/{notice.case_id}/{notice.id}.pdf"
    if notice.pdf_object_key and store.head(key) is not None:
        return store.read(key)
    pdf = render_notice_pdf(notice.content)
    store.put(key, pdf, "application/pdf")
    notice.pdf_object_key = key
    db.session.commit()
    return pdf


def _delivery(notice: Notice) -> NoticeDelivery:
    key = f"notice:{notice.id}:email"
    delivery = db.session.scalars(select(NoticeDelivery).where(NoticeDelivery.idempotency_key == key)).first()
    if delivery is None:
        delivery = NoticeDelivery(notice_id=notice.id, channel="email", idempotency_key=key, status="sending")
        db.session.add(delivery)
        db.session.commit()
    return delivery


def _plan_attachment(notice: Notice) -> list[tuple[str, bytes, str]]:
    """The draft or final plan a notice is sent with (SEND Regulations 2014 regs 13(1), 14),
    rendered from its frozen version."""
    version_id = (notice.content.get("extra") or {}).get("plan_version_id")
    if not version_id:
        return []
    version = db.session.get(PlanVersion, uuid.UUID(version_id))
    case = db.session.get(Case, notice.case_id)
    pdf = plan_pdf(case, version, council_name=notice.content["council"]["name"])
    return [(plan_filename(case, version), pdf, "application/pdf")]


def deliver_notice(payload: dict, message_id: int) -> None:
    notice = db.session.get(Notice, uuid.UUID(payload["notice_id"]))
    if notice is not None and notice.channel == NoticeChannel.POST:
        # A postal letter is delivered by being marked posted (shared.services.print_queue);
        # this job only keeps the PDF of the letter as posted, for the case page and the portal.
        if notice.posted_on is not None:
            _ensure_pdf(notice)
        return
    if notice is None or notice.status == NoticeStatus.SENT:
        return
    notice.attempts += 1
    pdf = _ensure_pdf(notice)
    delivery = _delivery(notice)
    if delivery.status != "sent":
        subject, body = render_notice_email(notice.content)
        attachments = [(f"{notice.decision_type}-{notice.issued_on.isoformat()}.pdf", pdf, "application/pdf")]
        attachments.extend(_plan_attachment(notice))
        reference = mail.send_email(
            current_app.config["SETTINGS"], to=notice.recipient_email, subject=subject, body_text=body,
            attachments=attachments, idempotency_key=delivery.idempotency_key)
        delivery.status, delivery.provider_reference, delivery.completed_at = "sent", reference, utcnow()
    notice.status, notice.sent_at, notice.last_error = NoticeStatus.SENT, utcnow(), None
    case = db.session.get(Case, notice.case_id)
    record_event(case, "notice_sent", f"Notice '{DECISION_TYPES[notice.decision_type].title}' emailed to "
                 f"{notice.recipient_name}", actor=None, notice_id=notice.id)


def mark_failed(payload: dict, error: str) -> None:
    """Terminal failure: staff see it on the notices page and the case, and act by hand."""
    notice = db.session.get(Notice, uuid.UUID(payload["notice_id"]))
    if notice is None or notice.status == NoticeStatus.SENT:
        return
    notice.status, notice.last_error = NoticeStatus.FAILED, error[:2000]
    case = db.session.get(Case, notice.case_id)
    record_event(case, "notice_failed", f"Notice to {notice.recipient_name} could not be delivered: "
                 "send it by hand", actor=None, notice_id=notice.id, data={"error": error[:500]})

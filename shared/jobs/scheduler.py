"""The scheduler process: relays the outbox every few seconds and sweeps stuck work and expired
web sessions.

Run as `python -m shared.jobs.scheduler`. It survives Redis or the database being down: each
pass that fails is logged and tried again on the next tick.
"""

from __future__ import annotations

import logging
import signal
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import String, select

from shared.db import db, utcnow
from shared.domain.dates import today_in_england
from shared.jobs.app import job_app
from shared.jobs.relay import relay_once
from shared.models import Document, DocumentStatus, OutboxMessage
from shared.outbox import add_outbox_message
from shared.services.advice import queue_advice_follow_ups
from shared.services.ehe_information_follow_up import queue_information_follow_ups
from shared.services.sessions import purge_expired_sessions

log = logging.getLogger("send.scheduler")
RELAY_EVERY = 2.0
SWEEP_EVERY = 60.0


def requeue_unscanned(older_than: timedelta = timedelta(minutes=2)) -> int:
    """Queue a scan again for files still awaiting one (the scanner was off or a job was lost)."""
    settings = current_app.config["SETTINGS"]
    if not settings.scanning_enabled:
        return 0
    cutoff = utcnow() - older_than
    pending_scan = select(OutboxMessage.id).where(
        OutboxMessage.job == "scan_document", OutboxMessage.done_at.is_(None),
        OutboxMessage.payload["document_id"].astext == Document.id.cast(String)).exists()
    stmt = (select(Document).where(Document.status == DocumentStatus.AWAITING_SCAN,
                                   Document.created_at < cutoff, ~pending_scan)
            .order_by(Document.created_at).limit(200))
    documents = list(db.session.scalars(stmt))
    for document in documents:
        add_outbox_message("scan_document", {"document_id": str(document.id)})
    db.session.commit()
    return len(documents)


def follow_up_advice() -> tuple[int, int]:
    """Queue advice reminders and escalations that are due (each only once)."""
    counts = queue_advice_follow_ups(today_in_england())
    db.session.commit()
    return counts


def follow_up_ehe_information() -> tuple[int, int]:
    """Queue reminders to parents and overdue notices to officers for requests for the register
    information (new EA 1996 s.436D) that are due (each only once)."""
    settings = current_app.config["SETTINGS"]
    counts = queue_information_follow_ups(today_in_england(), lead_days=settings.ehe_information_reminder_days)
    db.session.commit()
    return counts


def purge_sessions() -> int:
    """Delete web sessions past their idle timeout or absolute lifetime."""
    settings = current_app.config["SETTINGS"]
    count = purge_expired_sessions(timedelta(minutes=settings.session_idle_minutes))
    db.session.commit()
    return count


def run_forever() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(levelname)s %(message)s")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    last_sweep = 0.0
    with job_app().app_context():
        while not stopping:
            try:
                count = relay_once()
                if count:
                    log.info("relayed %d outbox message(s)", count)
                if time.monotonic() - last_sweep > SWEEP_EVERY:
                    requeue_unscanned()
                    follow_up_advice()
                    follow_up_ehe_information()
                    purge_sessions()
                    last_sweep = time.monotonic()
            except Exception as error:  # noqa: BLE001 - keep relaying when a dependency blips
                db.session.rollback()
                log.warning("relay pass failed, will retry: %s", error)
            db.session.remove()
            time.sleep(RELAY_EVERY)


if __name__ == "__main__":
    run_forever()

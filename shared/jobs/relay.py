"""The outbox relay: moves committed outbox rows onto RQ queues.

A row is enqueued, then marked with `enqueued_at`. If Redis is down the enqueue fails, the
transaction rolls back and the row waits for the next pass: nothing is lost. A row enqueued
but not done after STUCK_AFTER (a worker died) is enqueued again; handlers are idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from shared.db import db, utcnow
from shared.jobs.handlers import QUEUE_FOR_JOB
from shared.models import OutboxMessage
from shared.queue import queue

STUCK_AFTER = timedelta(minutes=5)
JOB_TIMEOUT = 120  # seconds; well inside STUCK_AFTER
BATCH = 100


def pending_messages(now, limit: int = BATCH):
    stmt = (select(OutboxMessage)
            .where(OutboxMessage.done_at.is_(None), OutboxMessage.available_at <= now,
                   or_(OutboxMessage.enqueued_at.is_(None), OutboxMessage.enqueued_at < now - STUCK_AFTER))
            .order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True))
    return list(db.session.scalars(stmt))


def relay_once() -> int:
    """Enqueue what is due; returns how many rows were handed to RQ."""
    redis_url = current_app.config["SETTINGS"].redis_url
    now = utcnow()
    count = 0
    try:
        for message in pending_messages(now):
            queue(QUEUE_FOR_JOB[message.job], redis_url).enqueue(
                "shared.jobs.runner.run_outbox_message", message.id,
                job_id=f"outbox-{message.id}-{message.attempts + 1}", job_timeout=JOB_TIMEOUT,
                result_ttl=3600, failure_ttl=7 * 24 * 3600)
            message.enqueued_at = now
            count += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count

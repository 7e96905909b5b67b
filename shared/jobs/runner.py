"""Runs one outbox message in a worker: the handler's work and `done_at` commit together."""

from __future__ import annotations

from datetime import timedelta

from flask import has_app_context

from shared.db import db, utcnow
from shared.jobs.app import job_app
from shared.jobs.handlers import HANDLERS, ON_GIVE_UP
from shared.models import OutboxMessage

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(10 * 2 ** attempts, 3600))


def run_outbox_message(message_id: int) -> str:
    if has_app_context():  # a burst worker inside a test, or a job run by hand
        return run_in_context(message_id)
    with job_app().app_context():
        return run_in_context(message_id)


def run_in_context(message_id: int) -> str:
    message = db.session.get(OutboxMessage, message_id, with_for_update={"skip_locked": True})
    if message is None:
        db.session.rollback()
        return "busy or gone"
    if message.done_at is not None:
        db.session.rollback()
        return "already done"
    message.attempts += 1
    job, payload = message.job, dict(message.payload)
    db.session.commit()
    try:
        HANDLERS[job](payload, message_id)
        message = db.session.get(OutboxMessage, message_id)
        message.done_at = utcnow()
        db.session.commit()
        return "done"
    except Exception as error:
        db.session.rollback()
        _after_failure(message_id, job, payload, error)
        raise


def _after_failure(message_id: int, job: str, payload: dict, error: Exception) -> None:
    """Retry later with backoff, or give up and mark the work failed for staff to see."""
    message = db.session.get(OutboxMessage, message_id)
    message.enqueued_at = None
    if message.attempts >= MAX_ATTEMPTS:
        message.done_at = utcnow()
        if job in ON_GIVE_UP:
            ON_GIVE_UP[job](payload, f"{type(error).__name__}: {error}")
    else:
        message.available_at = utcnow() + backoff(message.attempts)
    db.session.commit()

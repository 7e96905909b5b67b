"""The transactional outbox: a job is recorded in the same transaction as the change that needs
it, so a decision and its notice are committed together or not at all."""

from __future__ import annotations

from shared.db import db
from shared.models import OutboxMessage


def add_outbox_message(job: str, payload: dict) -> OutboxMessage:
    """Queue `job` with `payload` (ids only) once the current transaction commits."""
    message = OutboxMessage(job=job, payload=payload)
    db.session.add(message)
    return message

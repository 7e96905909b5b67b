"""GET /healthz: each dependency and whether it answers, whether a worker is alive, and how long
the oldest due outbox row has waited.

Answers 503 when a dependency is down, when no RQ worker has sent a heartbeat within
WORKER_HEARTBEAT_SECONDS (RQ's worker registry: each worker refreshes its `last_heartbeat`
while it runs), or when the oldest undelivered outbox row has been due for more than
OUTBOX_MAX_AGE_SECONDS (the relay or the workers are not keeping up). A platform's health check
or a monitor polling this address therefore notices a dead worker, which the queue's PING alone
would not show.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from flask import Blueprint, current_app, jsonify
from rq import Worker
from sqlalchemy import func, select, text

from shared.db import db, utcnow
from shared.models import OutboxMessage
from shared.queue import redis_for
from shared.web.access import public

blueprint = Blueprint("health", __name__)


def _check(fn) -> str:
    try:
        fn()
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means the dependency is down
        current_app.logger.warning("health check failed: %s", error)
        return "down"


def dependency_status(settings) -> dict[str, str]:
    from shared import mail
    from shared.storage import scanner
    from shared.storage.current import current_store

    status = {
        "database": _check(lambda: db.session.execute(text("SELECT 1"))),
        "queue": _check(lambda: redis_for(settings.redis_url).ping()),
        "storage": _check(lambda: current_store().ping()),
        "scanner": _check(lambda: scanner.ping(settings.clamd_url)) if settings.scanning_enabled else "off",
        "mail": _check(lambda: mail.ping(settings)),
    }
    db.session.rollback()
    return status


def live_workers(settings) -> int:
    """RQ workers whose last heartbeat is recent (a killed worker stays in the registry until its
    key expires, so the heartbeat, not its presence, is what counts)."""
    cutoff = utcnow() - timedelta(seconds=settings.worker_heartbeat_seconds)
    workers = Worker.all(connection=redis_for(settings.redis_url))
    return sum(1 for worker in workers if worker.last_heartbeat is not None
               and _aware(worker.last_heartbeat) >= cutoff)


def oldest_outbox_age_seconds() -> int | None:
    """Seconds the oldest undelivered outbox row has been due (None when nothing is waiting)."""
    now = utcnow()
    oldest = db.session.scalar(select(func.min(OutboxMessage.available_at))
                               .where(OutboxMessage.done_at.is_(None), OutboxMessage.available_at <= now))
    db.session.rollback()
    return None if oldest is None else int((now - oldest).total_seconds())


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@blueprint.get("/healthz")
@public
def healthz():
    settings = current_app.config["SETTINGS"]
    status = dependency_status(settings)
    problems = [name for name, state in status.items() if state == "down"]
    body: dict = {"dependencies": status}
    if status["queue"] == "ok":
        try:
            body["workers"] = live_workers(settings)
        except Exception as error:  # noqa: BLE001 - the registry unreadable is the queue down
            current_app.logger.warning("worker registry unreadable: %s", error)
            body["workers"] = 0
        if body["workers"] == 0:
            problems.append("workers")
    if status["database"] == "ok":
        age = oldest_outbox_age_seconds()
        body["outbox_oldest_seconds"] = age
        if age is not None and age > settings.outbox_max_age_seconds:
            problems.append("outbox")
    body["status"] = "down" if problems else "ok"
    if problems:
        body["down"] = problems
    return jsonify(body), 503 if problems else 200

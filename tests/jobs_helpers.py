"""Running the outbox relay and a real RQ worker (in burst mode) inside a test."""

from __future__ import annotations

from rq import SimpleWorker

from shared.db import db
from shared.jobs.relay import relay_once
from shared.queue import ALL_QUEUES, queue, redis_for


def run_jobs(app, rounds: int = 3) -> None:
    """Relay the outbox and work every queue until nothing is left (jobs may queue more)."""
    settings = app.config["SETTINGS"]
    for _ in range(rounds):
        if relay_once() == 0:
            break
        queues = [queue(name, settings.redis_url) for name in ALL_QUEUES]
        SimpleWorker(queues, connection=redis_for(settings.redis_url)).work(burst=True)
        db.session.expire_all()

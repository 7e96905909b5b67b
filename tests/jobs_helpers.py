"""Running the outbox relay and a real RQ worker (in burst mode) inside a test, or a real worker
process beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rq import SimpleWorker, Worker

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


@contextmanager
def worker_process(settings, queues=("idle",)) -> Iterator[subprocess.Popen]:
    """A real `rq worker` process (as the Procfile runs it), yielded once it is in RQ's worker
    registry; stopped afterwards (unless the test killed it already). By default it listens to a
    queue nothing uses, so it never takes a test's jobs."""
    rq = Path(sys.executable).parent / "rq"
    name = f"test-worker-{os.getpid()}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [str(rq), "worker", "--worker-ttl", "60", "--url", settings.redis_url, "--name", name,
         "--logging_level", "WARNING", *queues],
        env={**os.environ, "REDIS_URL": settings.redis_url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        connection = redis_for(settings.redis_url)
        while not any(w.name == name for w in Worker.all(connection=connection)):
            assert process.poll() is None and time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)

"""Health names what is down; queue names, job handlers and the Procfile agree; migrations
match the models and run both ways."""

import re
import socket
import subprocess
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from rq import Worker
from sqlalchemy import create_engine, update
from sqlalchemy.engine import make_url

from shared.config import Settings
from shared.db import db, utcnow
from shared.jobs.handlers import HANDLERS, ON_GIVE_UP, QUEUE_FOR_JOB
from shared.models import OutboxMessage
from shared.queue import ALL_QUEUES, redis_for
from tests.jobs_helpers import worker_process

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_names_what_is_down(settings, db_ready):
    from wsgi import create_app

    broken = create_app(replace(settings, redis_url=f"redis://127.0.0.1:{_closed_port()}/0",
                                clamd_url=f"tcp://127.0.0.1:{_closed_port()}"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["down"] == ["queue", "scanner"]
    assert response.json["dependencies"]["database"] == "ok"


def test_healthz_answers_503_without_a_live_worker(app, client, settings):
    response = client.get("/healthz")  # no worker process at all
    assert response.status_code == 503 and response.json["down"] == ["workers"]
    assert response.json["workers"] == 0 and response.json["dependencies"]["queue"] == "ok"
    with worker_process(settings) as worker:
        assert client.get("/healthz").status_code == 200
        worker.kill()  # SIGKILL: it cannot unregister, so RQ's registry still lists it
        worker.wait()
        assert len(Worker.all(connection=redis_for(settings.redis_url))) == 1
        time.sleep(1.5)
        app.config["SETTINGS"] = replace(settings, worker_heartbeat_seconds=1)
        try:
            response = client.get("/healthz")
        finally:
            app.config["SETTINGS"] = settings
    assert response.status_code == 503 and response.json["down"] == ["workers"]


def test_healthz_answers_503_when_the_outbox_waits_too_long(client, settings):
    now = utcnow()
    db.session.add_all([
        OutboxMessage(job="send_account_email", payload={}, available_at=now - timedelta(minutes=11)),
        OutboxMessage(job="send_account_email", payload={}, available_at=now + timedelta(days=3)),  # not due
        OutboxMessage(job="send_account_email", payload={}, available_at=now - timedelta(days=9), done_at=now),
    ])
    db.session.commit()
    with worker_process(settings):
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json["down"] == ["outbox"]
        assert 660 <= response.json["outbox_oldest_seconds"] < 700
        db.session.execute(update(OutboxMessage).values(available_at=utcnow() - timedelta(minutes=9)))
        db.session.commit()
        response = client.get("/healthz")
    assert response.status_code == 200 and 540 <= response.json["outbox_oldest_seconds"] < 600


def test_worker_listens_to_exactly_the_queues_jobs_use():
    procfile = (ROOT / "Procfile").read_text()
    worker = next(line for line in procfile.splitlines() if line.startswith("worker:"))
    listened = worker.split("--logging_level WARNING", 1)[1].split()
    assert sorted(listened) == sorted(ALL_QUEUES)
    assert set(QUEUE_FOR_JOB) == set(HANDLERS) and set(QUEUE_FOR_JOB.values()) <= set(ALL_QUEUES)
    assert set(ON_GIVE_UP) <= set(HANDLERS)


def _procfile(name: str) -> str:
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(f"{name}:"))
    return line.split(":", 1)[1].strip()


def test_the_web_server_binds_from_a_setting_all_interfaces_by_default():
    """A platform routes to $PORT on every interface; `make run` binds to loopback (honcho and
    platforms run Procfile lines with /bin/sh)."""
    from devstack.run import run_env

    web = _procfile("web")
    bind = web.split("--bind ", 1)[1].split()[0]

    def expand(env):
        return subprocess.run(["/bin/sh", "-c", f"echo {bind}"], env=env, capture_output=True, text=True).stdout.strip()

    assert expand({"PORT": "5123"}) == "0.0.0.0:5123"
    assert expand({}) == "0.0.0.0:8000"
    assert expand(run_env({}, {"REDIS_URL": "redis://x"}, "8000")) == "127.0.0.1:8000"
    assert expand(run_env({"BIND": "0.0.0.0"}, {}, "9000")) == "0.0.0.0:9000"


def test_make_run_supervises_worker_and_scheduler_and_keeps_the_production_lines():
    from devstack.run import dev_procfile

    procfile = (ROOT / "Procfile").read_text()
    dev = dict(line.split(":", 1) for line in dev_procfile(procfile, python="py").splitlines())
    for name in ("worker", "scheduler"):
        assert dev[name].strip() == f"exec py -m devstack.supervise {name} -- {_procfile(name)}"
    assert dev["web"].strip() == _procfile("web") and dev["release"].strip() == _procfile("release")


def test_an_idle_worker_heartbeats_well_inside_the_health_threshold():
    """RQ's idle worker refreshes its heartbeat every worker-ttl minus 15 seconds."""
    ttl = int(_procfile("worker").split("--worker-ttl ", 1)[1].split()[0])
    assert ttl - 15 < Settings().worker_heartbeat_seconds / 2


def test_migration_files_are_named_and_chained():
    files = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    assert files
    for path in files:
        assert re.fullmatch(r"\d{8}_\d{4}_[a-z0-9_]+\.py", path.name), path.name


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == [], f"models differ from the migrations: {diff}"


def test_migrations_run_down_and_up(settings, stack):
    from alembic import command
    from sqlalchemy import text

    from shared.migrate import alembic_config

    url = settings.database_url
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS send_migration_check"))
        connection.execute(text("CREATE DATABASE send_migration_check"))
    scratch = make_url(url).set(database="send_migration_check")
    config = alembic_config(scratch.render_as_string(hide_password=False))
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE send_migration_check WITH (FORCE)"))
    admin.dispose()

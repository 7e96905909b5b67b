"""Health names what is down; queue names, job handlers and the Procfile agree; migrations
match the models and run both ways."""

import re
import socket
from dataclasses import replace
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from shared.db import db
from shared.jobs.handlers import HANDLERS, ON_GIVE_UP, QUEUE_FOR_JOB
from shared.queue import ALL_QUEUES

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


def test_worker_listens_to_exactly_the_queues_jobs_use():
    procfile = (ROOT / "Procfile").read_text()
    worker = next(line for line in procfile.splitlines() if line.startswith("worker:"))
    listened = worker.split("--logging_level WARNING", 1)[1].split()
    assert sorted(listened) == sorted(ALL_QUEUES)
    assert set(QUEUE_FOR_JOB) == set(HANDLERS) and set(QUEUE_FOR_JOB.values()) <= set(ALL_QUEUES)
    assert set(ON_GIVE_UP) <= set(HANDLERS)


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

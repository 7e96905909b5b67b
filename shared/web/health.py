"""GET /healthz: each dependency and whether it answers."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from shared.db import db
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


@blueprint.get("/healthz")
@public
def healthz():
    settings = current_app.config["SETTINGS"]
    status = dependency_status(settings)
    down = [name for name, state in status.items() if state == "down"]
    body = {"status": "down" if down else "ok", "dependencies": status}
    if down:
        body["down"] = down
    return jsonify(body), 503 if down else 200

"""A minimal Flask app for workers: settings and the database, no web routes."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask

from shared.config import load_settings
from shared.db import db


@lru_cache(maxsize=1)
def job_app() -> Flask:
    settings = load_settings()
    app = Flask("send-jobs")
    app.config.update(SETTINGS=settings, SQLALCHEMY_DATABASE_URI=settings.database_url,
                      SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}, SECRET_KEY=settings.secret_key)
    db.init_app(app)
    return app

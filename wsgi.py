"""The application factory: the one place that knows both front doors.

`portal` and `backoffice` depend on `shared`; only this module imports all three.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from backoffice import create_blueprint as backoffice_blueprint
from portal import create_blueprint as portal_blueprint
from shared.config import Settings, load_settings
from shared.db import db
from shared.web import access, errors, health, security, sessions, transactions
from shared.web.context import init_context
from shared.web.filters import init_filters
from shared.web.pages import htmx
from shared.web.signin import init_login
from shared.web.tables import init_tables

csrf = CSRFProtect()


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_NAME="send_session",
        SESSION_COOKIE_SECURE=settings.secure_cookies or settings.is_production,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(app.root_path + "/templates"),
         PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                       "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")})]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    db.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    WTFormsHelpers(app)
    app.session_interface = sessions.DatabaseSessionInterface(
        idle=timedelta(minutes=settings.session_idle_minutes),
        lifetime=timedelta(hours=settings.session_absolute_hours),
    )
    init_login(app)
    app.before_request(access.enforce_access)
    security.init_security(app)
    transactions.init_transactions(app)
    init_context(app)
    init_filters(app)
    init_tables(app)
    errors.init_errors(app)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(portal_blueprint())
    app.register_blueprint(backoffice_blueprint(), url_prefix="/staff")
    return app


"""Friendly error pages. Nobody sees a stack trace; a stale save gets a clear conflict page."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from shared.db import db
from shared.domain.lifecycles import IllegalTransition
from shared.services.errors import Conflict
from shared.web.pages import render_page

MESSAGES = {
    400: ("There is a problem with your request", "Go back and try again."),
    403: ("You do not have permission to see this page",
          "If you think you should, contact the SEND team."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Page not found", "If you typed the web address, check it is correct."),
    409: ("Someone else changed this case",
          "Another officer saved a change to this case after you opened it. Nothing you entered "
          "has been saved. Open the case again to see their change, then make yours."),
    413: ("The file is too large", "Go back and choose a smaller file."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you entered has been lost."),
}


def _page(status: int, detail: str | None = None):
    title, body = MESSAGES[status]
    return render_page("shared/error.html", status=status, page_title=title, heading=title,
                       body=detail or body)


def init_errors(app: Flask) -> None:
    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, lambda e, s=status: _page(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, "Your form had expired. Go back, refresh the page and try again.")

    @app.errorhandler(Conflict)
    @app.errorhandler(StaleDataError)
    @app.errorhandler(IllegalTransition)
    def conflict(error):
        db.session.rollback()
        return _page(409)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500)

"""One transaction per request, committed only by views that declare it.

A view that changes state is decorated with `@commits`: its work is committed once, after it
returns. Any other view must leave the session clean; in development and tests a view that
leaves pending changes raises, so a missing `@commits` or an accidental GET write is loud.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, request

from shared.db import db


class UncommittedChanges(RuntimeError):
    pass


def commits(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        db.session.commit()
        return response

    wrapper.commits = True
    return wrapper


def init_transactions(app: Flask) -> None:
    @app.after_request
    def refuse_dirty_session(response):
        session = db.session
        if session.new or session.dirty or session.deleted:
            session.rollback()
            if not current_app.config["SETTINGS"].is_production:
                raise UncommittedChanges(f"{request.method} {request.endpoint} left uncommitted changes")
        return response

"""Flask-Login wiring: the signed-in user is loaded from the server-side session."""

from __future__ import annotations

import uuid

from flask import Flask
from flask_login import LoginManager

from shared.db import db
from shared.models import User

login_manager = LoginManager()


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        key = uuid.UUID(user_id)
    except ValueError:
        return None
    user = db.session.get(User, key)
    return user if user is not None and user.is_active_account else None


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session is rotated at sign-in instead


def start_session(user: User) -> None:
    """Sign in: a fresh session id (no fixation), then remember the user."""
    from flask import session
    from flask_login import login_user

    from shared.web.sessions import rotate_session

    session.clear()
    rotate_session(session)
    login_user(user)


def end_session() -> None:
    """Sign out for real: the server forgets the session, so the old cookie is worthless."""
    from flask import session
    from flask_login import logout_user

    from shared.web.sessions import destroy_session

    logout_user()
    destroy_session(session)


def safe_next(target: str | None, default: str) -> str:
    """Only follow a `next` that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default

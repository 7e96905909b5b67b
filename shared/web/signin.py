"""Flask-Login wiring: the signed-in user is loaded from the server-side session."""

from __future__ import annotations

import unicodedata
import uuid
from urllib.parse import unquote, urlsplit

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
    """Only follow a `next` that is a path on this site, decided by parsing it, not by its prefix.

    Browsers drop tabs and newlines from a Location and read a backslash as a slash, so
    `/\t/evil.example` becomes `//evil.example`: another site. The target must be printable ASCII
    (a newline would otherwise reach the Location header), parse with no scheme and no host, and
    have a path that, once percent-decoded (repeatedly, so double encoding does not hide
    anything), starts with exactly one `/` and holds no whitespace, control character or
    backslash. The query and fragment may hold an encoded space (a search), never an encoded
    control character. Anything else goes to `default`.
    """
    if not target or not all(0x21 <= ord(ch) <= 0x7E for ch in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    path = _fully_decoded(parts.path)
    if not path.startswith("/") or path.startswith("//") or any(_unsafe(ch) for ch in path):
        return default
    rest = _fully_decoded(parts.query + parts.fragment)
    if any(_unsafe(ch) and ch != " " for ch in rest):
        return default
    return target


def _fully_decoded(text: str) -> str:
    for _ in range(5):
        decoded = unquote(text)
        if decoded == text:
            return text
        text = decoded
    return text


def _unsafe(ch: str) -> bool:
    """Whitespace, a control or invisible formatting character, or a backslash."""
    return ch.isspace() or ch == "\\" or unicodedata.category(ch)[0] in ("C", "Z")

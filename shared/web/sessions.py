"""Server-side sessions in PostgreSQL that the server can revoke.

The cookie holds only a random session id; the database keeps its SHA-256 (`WebSession`), the
session's data, its user, and when it was created, last seen and must end. Redis is not involved,
so signed-in work carries on while the job queues are down (docs/decisions/0007).

- A session is created only when something is stored in it (a CSRF token for a form, a flash
  message, a sign-in): a page view that stores nothing writes no row and sets no cookie.
- Signing in rotates the id (no session fixation); signing out deletes the row, so the old cookie
  is worthless; `shared.services.sessions.end_user_sessions` ends every session of a user
  (revocation by an administrator, a deactivated account).
- A session ends when idle for SESSION_IDLE_MINUTES, and SESSION_ABSOLUTE_HOURS after it was
  created whatever its use; the scheduler purges the rows (`purge_expired_sessions`).
- Rows are read with a plain SELECT on the request's connection and written on their own short
  connection and transaction after the response is built, never in the request's transaction:
  a view's `@commits` and the "a GET leaves the session clean" rule (shared/web/transactions.py)
  are untouched, and a GET that only reads the session writes nothing unless `last_seen_at` is a
  minute or more old (TOUCH_EVERY), so most requests cost one indexed read.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from flask import Flask
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from werkzeug.datastructures import CallbackDict

from shared.db import db, utcnow
from shared.models import WebSession

TOUCH_EVERY = timedelta(minutes=1)
_TABLE = WebSession.__table__


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid: str | None = None, new: bool = False,
                 last_seen: datetime | None = None):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.new = new
        self.last_seen = last_seen
        self.modified = False
        self.rotate = False
        self.destroy = False


def rotate_session(session) -> None:
    """Give the session a fresh id at the next save (call at sign-in)."""
    session.rotate = True
    session.modified = True


def destroy_session(session) -> None:
    """Delete the session record at the next save (call at sign-out)."""
    session.clear()
    session.destroy = True


def touch_session(session) -> None:
    """Refresh the idle timer at the next save even if less than a minute has passed (the
    timeout warning's "stay signed in")."""
    session.last_seen = None


def hash_id(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def _user_id(session) -> uuid.UUID | None:
    try:
        return uuid.UUID(session.get("_user_id") or "")
    except ValueError:
        return None


class DatabaseSessionInterface(SessionInterface):
    def __init__(self, idle: timedelta, lifetime: timedelta):
        self.idle = idle
        self.lifetime = lifetime

    def open_session(self, app: Flask, request):
        sid = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if sid and len(sid) < 100:
            now = utcnow()
            # A plain read on the request's own connection (it leaves the ORM session clean).
            row = db.session.execute(
                select(_TABLE.c.data, _TABLE.c.last_seen_at)
                .where(_TABLE.c.id_hash == hash_id(sid), _TABLE.c.expires_at > now,
                       _TABLE.c.last_seen_at > now - self.idle)).first()
            if row is not None:
                return ServerSession(row.data, sid=sid, last_seen=row.last_seen_at)
        return ServerSession(sid=None, new=True)

    def save_session(self, app: Flask, session: ServerSession, response):
        name = app.config["SESSION_COOKIE_NAME"]
        where = dict(domain=self.get_cookie_domain(app), path=self.get_cookie_path(app))
        if session.destroy or (not session and session.sid):
            # Signed out, or everything removed from it: the row goes and so does the cookie.
            if session.sid:
                with db.engine.begin() as connection:
                    connection.execute(delete(_TABLE).where(_TABLE.c.id_hash == hash_id(session.sid)))
            response.delete_cookie(name, **where)
            return
        if not session:
            return  # nothing stored: no row, no cookie
        now = utcnow()
        if session.rotate or session.sid is None:
            with db.engine.begin() as connection:
                self._create(connection, session, now)
            response.set_cookie(name, session.sid, secure=self.get_cookie_secure(app), httponly=True,
                                samesite="Lax", **where)
            return
        row = update(_TABLE).where(_TABLE.c.id_hash == hash_id(session.sid))
        if session.modified:
            change = row.values(data=dict(session), user_id=_user_id(session), last_seen_at=now)
        elif session.last_seen is None or now - session.last_seen >= TOUCH_EVERY:
            change = row.values(last_seen_at=now)
        else:
            return  # read only, and seen less than a minute ago: nothing to write
        with db.engine.begin() as connection:
            connection.execute(change)

    def _create(self, connection: Connection, session: ServerSession, now: datetime) -> None:
        if session.sid is not None:
            connection.execute(delete(_TABLE).where(_TABLE.c.id_hash == hash_id(session.sid)))
        session.sid = secrets.token_urlsafe(32)
        connection.execute(insert(_TABLE).values(
            id_hash=hash_id(session.sid), user_id=_user_id(session), data=dict(session),
            created_at=now, last_seen_at=now, expires_at=now + self.lifetime))


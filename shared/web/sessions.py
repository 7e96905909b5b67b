"""Server-side sessions in Redis that the server can revoke.

The cookie holds only a random session id. The session's data lives in Redis under that id
with a time-to-live equal to the idle timeout, refreshed on each request, so an idle session
simply disappears. Signing in rotates the id (no session fixation); signing out deletes the
record, so the old cookie is worthless; `revoke_user_sessions` ends every session of a user
(an administrator deactivating an account).
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from flask import Flask
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

PREFIX = "session:"
USER_INDEX = "user-sessions:"


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid: str | None = None, new: bool = False):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.new = new
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


class RedisSessionInterface(SessionInterface):
    def __init__(self, redis_factory, idle: timedelta):
        self._redis = redis_factory
        self.idle = idle

    def open_session(self, app: Flask, request):
        sid = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if sid and len(sid) < 100:
            raw = self._redis().get(PREFIX + sid)
            if raw is not None:
                return ServerSession(json.loads(raw), sid=sid)
        return ServerSession(sid=None, new=True)

    def save_session(self, app: Flask, session: ServerSession, response):
        name = app.config["SESSION_COOKIE_NAME"]
        cookie = dict(
            domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app), httponly=True, samesite="Lax",
        )
        redis = self._redis()
        if session.destroy or (not session and not session.new and session.sid):
            if session.sid:
                redis.delete(PREFIX + session.sid)
            response.delete_cookie(name, **{k: cookie[k] for k in ("domain", "path")})
            return
        if not session:
            return
        if session.rotate and session.sid:
            redis.delete(PREFIX + session.sid)
            session.sid = None
        if session.sid is None:
            session.sid = secrets.token_urlsafe(32)
        ttl = int(self.idle.total_seconds())
        redis.set(PREFIX + session.sid, json.dumps(dict(session)), ex=ttl)
        user_id = session.get("_user_id")
        if user_id:
            redis.sadd(USER_INDEX + user_id, session.sid)
            redis.expire(USER_INDEX + user_id, ttl * 4)
        response.set_cookie(name, session.sid, **cookie)


def revoke_user_sessions(redis, user_id: str) -> int:
    """End every session a user has, at once."""
    sids = redis.smembers(USER_INDEX + user_id)
    count = 0
    for sid in sids:
        sid = sid.decode() if isinstance(sid, bytes) else sid
        count += redis.delete(PREFIX + sid)
    redis.delete(USER_INDEX + user_id)
    return count

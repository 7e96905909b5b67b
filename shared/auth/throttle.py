"""Sign-in throttling: at most 10 guesses per account in any 5 minutes.

Attempts are keyed by a hash of the normalised email, whether or not an account exists, so
the throttle itself does not reveal which addresses have accounts.

Counting and recording must be one step, or parallel requests all count the same total before
any of them records its guess (40 parallel guesses once had 17 evaluated). `guard` takes a
PostgreSQL transaction-level advisory lock on the account key before counting: guesses at one
account are evaluated one at a time, each after the previous one's attempt is committed, and
the lock is released when the request's transaction ends. Different accounts never wait on
each other.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select, text

from shared.db import db, utcnow
from shared.models import LoginAttempt

MAX_GUESSES = 10
WINDOW = timedelta(minutes=5)


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _lock_id(email: str) -> int:
    """A signed 64-bit advisory lock id from the account key."""
    return int.from_bytes(bytes.fromhex(account_key(email))[:8], "big", signed=True)


def guard(email: str) -> bool:
    """Hold this account's sign-in lock until the transaction ends, then say whether it is
    throttled. Call before evaluating a guess, and record the attempt in the same transaction."""
    db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(email)})
    return is_throttled(email)


def failed_guesses(email: str) -> int:
    since = utcnow() - WINDOW
    stmt = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.account_key == account_key(email), LoginAttempt.at >= since,
        LoginAttempt.succeeded.is_(False))
    return db.session.execute(stmt).scalar_one()


def is_throttled(email: str) -> bool:
    return failed_guesses(email) >= MAX_GUESSES


def record_attempt(email: str, succeeded: bool) -> None:
    db.session.add(LoginAttempt(account_key=account_key(email), succeeded=succeeded))

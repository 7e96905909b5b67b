"""Sign-in throttling: at most 10 guesses per account in any 5 minutes.

Attempts are keyed by a hash of the normalised email, whether or not an account exists, so
the throttle itself does not reveal which addresses have accounts.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select

from shared.db import db, utcnow
from shared.models import LoginAttempt

MAX_GUESSES = 10
WINDOW = timedelta(minutes=5)


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


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

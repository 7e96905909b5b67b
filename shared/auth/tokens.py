"""Signed, expiring tokens for links sent by email (email verification)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY_EMAIL_SALT = "verify-email"
VERIFY_EMAIL_MAX_AGE = 60 * 60 * 24


def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=salt)


def make_token(secret: str, salt: str, payload: dict) -> str:
    return _serializer(secret, salt).dumps(payload)


def read_token(secret: str, salt: str, token: str, max_age: int) -> dict | None:
    """The payload, or None when the token is forged, altered or expired."""
    try:
        return _serializer(secret, salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None

"""Account actions: register, verify email, sign in, create staff, second factor."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from sqlalchemy import func, select

from shared.auth import throttle
from shared.auth.passwords import hash_password, verify_password
from shared.db import db, utcnow
from shared.models import Role, User
from shared.outbox import add_outbox_message
from shared.services.errors import ServiceError

PUBLIC_ROLES = (Role.PARENT, Role.YOUNG_PERSON, Role.SCHOOL_STAFF, Role.SENDIASS_ADVISER, Role.HEALTH_PROFESSIONAL)
SIGN_IN_FAILED = "Enter a correct email address and password"
THROTTLED = "You have tried to sign in too many times. Wait 5 minutes, then try again."


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def register_account(*, email: str, full_name: str, password: str, role: Role, school_id=None,
                     organisation: str = "", job_title: str = "") -> User:
    """Create a public account (parent, young person, school staff, health professional with their
    organisation and job title) and queue the verification email. An email already in use gets
    the same response, and the owner an email saying so."""
    if role == Role.HEALTH_PROFESSIONAL and not (organisation.strip() and job_title.strip()):
        raise ServiceError("Enter your organisation and job title")
    if role not in PUBLIC_ROLES:
        raise ServiceError("That kind of account is created by the council")
    existing = find_user_by_email(email)
    if existing is not None:
        add_outbox_message("send_account_email", {"user_id": str(existing.id), "kind": "already_registered"})
        return existing
    user = User(email=email.strip().lower(), full_name=full_name.strip(), role=role,
                password_hash=hash_password(password), school_id=school_id,
                organisation=organisation.strip(), job_title=job_title.strip())
    db.session.add(user)
    db.session.flush()
    add_outbox_message("send_account_email", {"user_id": str(user.id), "kind": "verify_email"})
    return user


def verify_email(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


@dataclass
class SignInResult:
    user: User | None
    error: str | None
    needs_second_factor: bool = False


def authenticate(email: str, password: str, *, staff: bool) -> SignInResult:
    """Check a password, throttled per account; unknown user and wrong password look the same."""
    if throttle.is_throttled(email):
        throttle.record_attempt(email, succeeded=False)
        return SignInResult(None, THROTTLED)
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.is_active_account and user.is_staff == staff
    throttle.record_attempt(email, succeeded=ok)
    if not ok:
        return SignInResult(None, SIGN_IN_FAILED)
    if not staff and user.email_verified_at is None:
        return SignInResult(None, "Confirm your email address first: use the link we sent you")
    return SignInResult(user, None, needs_second_factor=staff)


def check_totp(user: User, code: str) -> bool:
    """Staff second factor: a 6-digit TOTP code (RFC 6238), one step of clock drift allowed."""
    if not user.totp_secret:
        return False
    return pyotp.TOTP(user.totp_secret).verify(code.strip().replace(" ", ""), valid_window=1)


def create_staff_user(*, email: str, full_name: str, role: Role, password: str, actor: User | None) -> User:
    """An administrator creates a staff account with a TOTP secret for the second factor."""
    if not role.is_staff:
        raise ServiceError("Choose a council staff role")
    if find_user_by_email(email) is not None:
        raise ServiceError("An account with that email address already exists")
    user = User(email=email.strip().lower(), full_name=full_name.strip(), role=role,
                password_hash=hash_password(password), totp_secret=pyotp.random_base32(),
                email_verified_at=utcnow())
    db.session.add(user)
    return user

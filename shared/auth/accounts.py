"""Account actions: register, verify email, sign in, create staff, second factor."""

from __future__ import annotations

import hmac
import re
import time
from dataclasses import dataclass

import pyotp
from sqlalchemy import func, or_, select, update

from shared.auth import throttle
from shared.auth.passwords import hash_password, verify_password
from shared.db import db, utcnow
from shared.models import Role, School, User
from shared.outbox import add_outbox_message
from shared.services.errors import ServiceError
from shared.services.school_memberships import request_membership

PUBLIC_ROLES = (Role.PARENT, Role.YOUNG_PERSON, Role.SCHOOL_STAFF, Role.SENDIASS_ADVISER, Role.HEALTH_PROFESSIONAL)
SIGN_IN_FAILED = "Enter a correct email address and password"
THROTTLED = "You have tried to sign in too many times. Wait 5 minutes, then try again."


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def register_account(*, email: str, full_name: str, password: str, role: Role, school_id=None,
                     organisation: str = "", job_title: str = "") -> User:
    """Create a public account (parent, young person, school staff, health professional with their
    organisation and job title) and queue the verification email. A school staff account only
    asks to join its school: it sees no pupil until the membership is approved. An email already in use gets
    the same response, and the owner an email saying so."""
    if role == Role.HEALTH_PROFESSIONAL and not (organisation.strip() and job_title.strip()):
        raise ServiceError("Enter your organisation and job title")
    if role not in PUBLIC_ROLES:
        raise ServiceError("That kind of account is created by the council")
    # Both paths do the same work (one argon2 hash, one outbox row), so the time taken does not
    # tell anyone whether the address already has an account.
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        add_outbox_message("send_account_email", {"user_id": str(existing.id), "kind": "already_registered"})
        return existing
    user = User(email=email.strip().lower(), full_name=full_name.strip(), role=role,
                password_hash=password_hash, school_id=school_id,
                organisation=organisation.strip(), job_title=job_title.strip())
    db.session.add(user)
    db.session.flush()
    if role == Role.SCHOOL_STAFF and school_id is not None:
        # A request, never access: the council or the school's lead approves it (decision 0006).
        request_membership(user, db.session.get(School, school_id))
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
    if throttle.guard(email):
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


def check_totp(user: User, code: str, *, at: float | None = None) -> bool:
    """Staff second factor: a 6-digit TOTP code (RFC 6238), one step of clock drift allowed, and
    each code accepted only once (RFC 6238 section 5.2: the verifier must not accept a code again
    after a successful validation). The time-step of the code accepted is stored on the user with
    one conditional UPDATE, so two requests racing with the same code cannot both pass: the second
    waits on the row lock and then finds the step already used."""
    if not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    code = code.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{6}", code):
        return False
    now = time.time() if at is None else at
    current = int(now // totp.interval)
    step = next((candidate for candidate in (current - 1, current, current + 1)
                 if hmac.compare_digest(totp.generate_otp(candidate), code)), None)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User).where(User.id == user.id,
                           or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).returning(User.id)
        .execution_options(synchronize_session=False)).first()
    db.session.refresh(user, ["totp_last_step"])
    return claimed is not None


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

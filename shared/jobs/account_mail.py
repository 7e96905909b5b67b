"""Account emails: confirm your address; someone tried to register with your address; a school
membership approved or removed."""

from __future__ import annotations

import uuid

from flask import current_app

from shared import mail
from shared.auth.tokens import VERIFY_EMAIL_SALT, make_token
from shared.db import db
from shared.models import User


def send_account_email(payload: dict, message_id: int) -> None:
    settings = current_app.config["SETTINGS"]
    user = db.session.get(User, uuid.UUID(payload["user_id"]))
    if user is None:
        return
    base = settings.public_base_url.rstrip("/")
    if payload["kind"] == "verify_email":
        token = make_token(settings.secret_key, VERIFY_EMAIL_SALT, {"user_id": str(user.id), "email": user.email})
        subject = f"Confirm your email address for {settings.council_name} SEND services"
        body = (f"Dear {user.full_name},\n\nTo finish creating your account, open this link and press "
                f"'Confirm': {base}/verify-email/{token}\n\nThe link works for 24 hours. If you did not "
                f"ask for an account, you can ignore this email.\n\n{settings.council_name} SEND team")
    elif payload["kind"] == "membership_approved":
        subject = f"Your school access to {settings.council_name} SEND services is approved"
        body = (f"Dear {user.full_name},\n\nYour access as a member of staff at "
                f"{user.school.name if user.school else 'your school'} is approved. Sign in at {base}/sign-in "
                f"to see the cases of your school's pupils.\n\n{settings.council_name} SEND team")
    elif payload["kind"] == "membership_removed":
        subject = f"Your school access to {settings.council_name} SEND services has ended"
        body = (f"Dear {user.full_name},\n\nYou no longer have access to the cases of "
                f"{user.school.name if user.school else 'your school'}'s pupils. If you think this is a "
                f"mistake, ask your school's SENCO or head, or contact the SEND team.\n\n"
                f"{settings.council_name} SEND team")
    else:
        subject = "Someone tried to create an account with your email address"
        body = (f"Dear {user.full_name},\n\nSomeone tried to create a {settings.council_name} SEND services "
                f"account with this email address, which already has one. If it was you, sign in at "
                f"{base}/sign-in. If not, you need do nothing.\n\n{settings.council_name} SEND team")
    mail.send_email(settings, to=user.email, subject=subject, body_text=body, attachments=[],
                    idempotency_key=f"outbox:{message_id}")

"""Send one email, by SMTP or through GOV.UK Notify, chosen by the settings.

SMTP is the default (an aiosmtpd sink in development and tests, the council's relay in
production); when NOTIFY_API_KEY is set, mail goes through GOV.UK Notify instead, with one email
template whose personalisation carries the subject, the body and at most one file.

Every message carries the caller's idempotency key: SMTP as a Message-ID derived from it (a
retried job sends the same Message-ID, so a duplicate is recognisable at the receiving end),
Notify as the notification's `reference`. Neither transport refuses a duplicate by itself, so
callers record the returned provider reference and do not send again once they have one.

Failures are split for the job that sends: `MailUnavailable` is worth retrying (connection
failures, 4xx SMTP replies, Notify 429 and 5xx); `MailError` is not (a refused recipient, a
rejected request or key).
"""

from __future__ import annotations

import hashlib
import io
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from shared.storage.filetypes import clean_filename

NOTIFY_DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
NOTIFY_FILE_FIELD = "link_to_file"
SMTP_TIMEOUT = 30

Attachment = tuple[str, bytes, str]


class MailError(RuntimeError):
    """The message was refused and sending it again will not help."""


class MailUnavailable(MailError):
    """The mail service could not take the message now: retry later."""


def message_id_for(idempotency_key: str, mail_from: str) -> str:
    """A stable Message-ID for an idempotency key: the same key always gives the same id."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def send_email(
    settings,
    *,
    to: str,
    subject: str,
    body_text: str,
    attachments: Sequence[Attachment] = (),
    idempotency_key: str,
) -> str:
    """Send one email and return the provider's reference for it (Message-ID or Notify id)."""
    if not idempotency_key:
        raise ValueError("idempotency_key is required")
    if settings.notify_api_key:
        return _send_notify(settings, to, subject, body_text, attachments, idempotency_key)
    return _send_smtp(settings, to, subject, body_text, attachments, idempotency_key)


def ping(settings) -> str:
    """Health check: 'smtp ok' after an SMTP NOOP, 'notify configured' for Notify.

    Notify has no unauthenticated status call worth making from a health check, so only the
    configuration is reported. Raises MailUnavailable when the SMTP server does not answer.
    """
    if settings.notify_api_key:
        if not settings.notify_email_template_id:
            raise MailError("NOTIFY_EMAIL_TEMPLATE_ID is not set")
        return "notify configured"
    try:
        with _smtp_connection(settings) as smtp:
            code, _ = smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(f"SMTP server did not answer: {exc}") from exc
    if code != 250:
        raise MailUnavailable(f"SMTP NOOP answered {code}")
    return "smtp ok"


# --- SMTP ---------------------------------------------------------------------------------


def build_message(settings, to, subject, body_text, attachments, idempotency_key) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id_for(idempotency_key, settings.mail_from)
    message.set_content(body_text)
    for filename, data, mimetype in attachments:
        maintype, _, subtype = (mimetype or "application/octet-stream").partition("/")
        message.add_attachment(
            bytes(data),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=clean_filename(filename),
        )
    return message


def _smtp_connection(settings) -> smtplib.SMTP:
    """Connect, upgrade with STARTTLS and log in as configured. Port 465 means implicit TLS."""
    context = ssl.create_default_context()
    if settings.smtp_port == 465:
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    try:
        if settings.smtp_starttls:
            smtp.starttls(context=context)
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_smtp(settings, to, subject, body_text, attachments, idempotency_key) -> str:
    if not settings.smtp_host:
        raise MailUnavailable("SMTP_HOST is not set")
    message = build_message(settings, to, subject, body_text, attachments, idempotency_key)
    try:
        with _smtp_connection(settings) as smtp:
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if all(400 <= code < 500 for code in codes):
            raise MailUnavailable(f"recipient temporarily refused: {exc.recipients}") from exc
        raise MailError(f"recipient refused: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        error = MailUnavailable if 400 <= exc.smtp_code < 500 else MailError
        raise error(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(f"SMTP failed: {exc}") from exc
    return message["Message-ID"]


# --- GOV.UK Notify --------------------------------------------------------------------------


def _notify_client(settings):
    from notifications_python_client import NotificationsAPIClient

    return NotificationsAPIClient(
        settings.notify_api_key, base_url=settings.notify_base_url or NOTIFY_DEFAULT_BASE_URL
    )


def notify_personalisation(subject: str, body_text: str, attachments: Sequence[Attachment]) -> dict:
    """The template's fields: ((subject)), ((body)) and ((link_to_file)).

    Notify sends a file as a download link, one file per template field, at most 2MB; the
    template has one such field, so more than one attachment is refused here rather than lost.
    """
    from notifications_python_client import prepare_upload

    if len(attachments) > 1:
        raise MailError("GOV.UK Notify sends at most one file per email with this template")
    link: dict | str = ""
    if attachments:
        filename, data, _ = attachments[0]
        try:
            link = prepare_upload(
                io.BytesIO(bytes(data)), filename=clean_filename(filename), confirm_email_before_download=True
            )
        except ValueError as exc:  # Larger than Notify's 2MB limit.
            raise MailError(str(exc)) from exc
    return {"subject": subject, "body": body_text, NOTIFY_FILE_FIELD: link}


def _send_notify(settings, to, subject, body_text, attachments, idempotency_key) -> str:
    from notifications_python_client.errors import APIError

    if not settings.notify_email_template_id:
        raise MailError("NOTIFY_EMAIL_TEMPLATE_ID is not set")
    personalisation = notify_personalisation(subject, body_text, attachments)
    try:
        response = _notify_client(settings).send_email_notification(
            email_address=to,
            template_id=settings.notify_email_template_id,
            personalisation=personalisation,
            reference=idempotency_key,
        )
    except APIError as exc:
        status = exc.status_code
        error = MailUnavailable if status == 429 or status >= 500 else MailError
        raise error(f"GOV.UK Notify {status}: {exc.message}") from exc
    return response["id"]

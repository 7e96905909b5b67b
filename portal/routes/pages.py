"""The start page and the service's information pages."""

from __future__ import annotations

import email
from pathlib import Path

from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user

from shared.db import db
from shared.models import CouncilContacts
from shared.web.access import dev_only, public
from shared.web.pages import render_page


@public
def start():
    if current_user.is_authenticated and not current_user.is_staff:
        return redirect(url_for("portal.dashboard"))
    return render_page("portal/start.html", page_title="Support for children with special educational needs")


@public
def accessibility():
    return render_page("portal/accessibility.html", page_title="Accessibility statement")


@public
def privacy():
    return render_page("portal/privacy.html", page_title="Privacy notice")


@public
def cookies():
    return render_page("portal/cookies.html", page_title="Cookies")


@public
def contact():
    contacts = db.session.get(CouncilContacts, 1)
    return render_page("portal/contact.html", page_title="Contact the SEND team", contacts=contacts)


def _sent_messages(folder: str) -> list[dict]:
    messages = []
    for path in sorted(Path(folder).glob("*.eml"), reverse=True)[:50]:
        message = email.message_from_bytes(path.read_bytes())
        body = ""
        attachments = []
        for part in message.walk():
            if part.get_content_disposition() == "attachment":
                attachments.append(part.get_filename())
            elif part.get_content_type() == "text/plain" and not body:
                body = part.get_payload(decode=True).decode("utf-8", "replace")
        messages.append({"to": message["To"], "subject": message["Subject"], "date": message["Date"],
                         "body": body, "attachments": attachments})
    return messages


@dev_only
def sent_mail():
    """The demo's outbox: every email the SMTP sink received (never in production)."""
    folder = current_app.config["SETTINGS"].mail_sink_dir
    messages = _sent_messages(folder) if folder else []
    return render_page("portal/sent_mail.html", page_title="Sent email (demo only)", messages=messages,
                       sink_configured=bool(folder))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", view_func=start)
    bp.add_url_rule("/accessibility", view_func=accessibility)
    bp.add_url_rule("/privacy", view_func=privacy)
    bp.add_url_rule("/cookies", view_func=cookies)
    bp.add_url_rule("/contact", view_func=contact)
    bp.add_url_rule("/dev/sent-mail", view_func=sent_mail)

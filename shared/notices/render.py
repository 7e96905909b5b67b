"""Render frozen notice content as an HTML letter, a tagged PDF and a plain-text email.

Rendering reads only the content dict built by `content.build_notice_content`, so re-rendering
an old notice gives the letter that was issued. Templates live in templates/shared/notices/:
one per decision type, each extending `_letter_base.html` and including the shared
`_appeal_rights.html` (or `_complaints_route.html`). The PDF is PDF/UA-1: tagged, with a
language and a document title, so screen readers can read it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from shared.notices.content import SCHEMA_VERSION
from shared.notices.formatting import long_date, long_date_with_weekday

__all__ = ["TEMPLATES_DIR", "render_letters_pdf", "render_notice_email", "render_notice_html", "render_notice_pdf"]

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
PDF_VARIANT = "pdf/ua-1"

_KEY = re.compile(r"^[a-z0-9_]+$")


def _link(text: str, url: str) -> Markup:
    """Escape `text`, then make each occurrence of `url` in it a link (for on-screen PDFs)."""
    escaped = escape(text)
    if not url:
        return escaped
    href = url if re.match(r"^(https?://|mailto:)", url) else f"https://{url}"
    anchor = Markup('<a href="{}">{}</a>').format(href, url)
    return Markup(str(escaped).replace(str(escape(url)), str(anchor)))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["long_date_with_weekday"] = long_date_with_weekday
    env.filters["link"] = _link
    return env


def _template_name(content: dict[str, Any]) -> str:
    if content.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"notice content schema {content.get('schema_version')!r} is not {SCHEMA_VERSION}")
    key = content.get("decision_type", "")
    # The name comes from stored data: keep it to a plain key inside the notices folder.
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"invalid decision type in notice content: {key!r}")
    return f"shared/notices/{key}.html"


def render_notice_html(content: dict[str, Any]) -> str:
    """The letter as a complete HTML document (also the source of the PDF)."""
    return _environment().get_template(_template_name(content)).render(c=content)


def render_notice_pdf(content: dict[str, Any]) -> bytes:
    """The letter as a tagged PDF/UA-1 document (WeasyPrint `pdf_variant`)."""
    # Imported here so that code which only builds content or email does not load Pango.
    from weasyprint import HTML

    html = render_notice_html(content)
    return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(pdf_variant=PDF_VARIANT)


def render_letters_pdf(contents: list[dict[str, Any]], *, title: str) -> bytes:
    """Several letters as ONE tagged PDF, each starting on a new page, for printing in a batch.

    Each letter is laid out on its own (so its "Page 1 of 2" footer counts its own pages), then
    the pages of all of them are written as one document: WeasyPrint's documented way of joining
    documents (`Document.copy` with the pages of several rendered documents)."""
    from weasyprint import HTML

    if not contents:
        raise ValueError("a print batch has at least one letter")
    documents = [HTML(string=render_notice_html(c), base_url=str(TEMPLATES_DIR)).render(pdf_variant=PDF_VARIANT)
                 for c in contents]
    combined = documents[0].copy([page for document in documents for page in document.pages])
    combined.metadata.title = title
    return combined.write_pdf(pdf_variant=PDF_VARIANT)


def render_notice_email(content: dict[str, Any]) -> tuple[str, str]:
    """The email that carries the letter: (subject, plain-text body).

    It names what changed (the decision's summary, e.g. "We have decided not to carry out an EHC
    needs assessment for Sam"), the key dates and the appeal deadline, repeats the decision,
    reasons and every appeal-rights element, and says the letter is attached and in the
    family's account. It never says only "you have new information".
    """
    _template_name(content)
    subject = f"{content['summary']} (reference {content['case_reference']})"
    parts = [
        f"Dear {content['recipient_name']},",
        f"{content['summary']}.",
        f"Our reference: {content['case_reference']}",
        _section(content["extra"].get("decision_heading") or "Our decision", [content["decision"]]),
    ]
    if content["reasons"]:
        heading = content["extra"].get("reasons_heading") or "Why we made this decision"
        parts.append(_section(heading, [_bullets(content["reasons"])]))
    parts.append(
        _section("Key dates", [_bullets(f"{d['label']}: {_email_date(d)}" for d in content["key_dates"])])
    )
    if content["appeal_rights"]:
        parts.extend(_appeal_rights_email(content["appeal_rights"]))
    if content["complaints"]:
        parts.append(_complaints_email(content["complaints"]))
    if content.get("support"):
        parts.append(
            _section("Information, advice and support", [_contact_email(content["support"], text=True)])
        )
    parts.append(_letter_email(content))
    return subject, "\n\n".join(parts) + "\n"


def _email_date(item: dict[str, str]) -> str:
    return long_date_with_weekday(item["date"]) if item.get("deadline") else long_date(item["date"])


def _section(heading: str, paragraphs: list[str]) -> str:
    return "\n\n".join([heading.upper(), *paragraphs])


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _contact_email(contact: dict[str, str], *, text: bool = False) -> str:
    lines = [contact["name"]]
    for label, key in (("Phone", "phone"), ("Email", "email"), ("Website", "website")):
        if contact.get(key):
            lines.append(f"{label}: {contact[key]}")
    block = "\n".join(lines)
    return f"{contact['text']}\n\n{block}" if text else block


def _appeal_rights_email(rights: dict[str, Any]) -> list[str]:
    right, limit, med = rights["right_of_appeal"], rights["time_limit"], rights["mediation"]
    mediation = [med["certificate_text"]] if med["certificate_needed"] else []
    if med["section_i_exception_text"]:
        mediation.append(med["section_i_exception_text"])
    mediation += [
        med["how_to_ask"],
        "Mediation adviser:\n" + _contact_email(med["adviser"]),
        med["ask_by_text"],
        med["tell_la_text"],
    ]
    parts = [
        _section("Your right to appeal", [right["text"], right["how_text"]]),
        _section("The deadline for appealing", [limit["text"], limit["mediation_text"]]),
        _section("Mediation", mediation),
        _section("Disagreement resolution", [_contact_email(rights["disagreement_resolution"], text=True)]),
        _section("Information, advice and support", [_contact_email(rights["sendiass"], text=True)]),
    ]
    if rights["cease"]:
        parts.append(_section("While an appeal is pending", [rights["cease"]["text"]]))
    return parts


def _complaints_email(complaints: dict[str, str]) -> str:
    ways = [complaints["text"]]
    contact = []
    if complaints["complaints_url"]:
        contact.append(f"Complaints: {complaints['complaints_url']}")
    if complaints["send_team_email"]:
        contact.append(f"Email: {complaints['send_team_email']}")
    if complaints["send_team_phone"]:
        contact.append(f"Phone: {complaints['send_team_phone']}")
    ways += ["\n".join(contact), complaints["ombudsman_text"]]
    return _section("If you disagree with this decision", ways)


def _letter_email(content: dict[str, Any]) -> str:
    where = "in your account"
    url = content["extra"].get("account_url")
    if url:
        where += f" at {url}"
    council = content["council"]
    return _section(
        "Your letter",
        [
            f"The full decision letter, dated {long_date(content['issued_on'])}, is attached to this "
            f"email as a PDF. You can also read it {where}.",
            f"{council['name']}\nSpecial educational needs and disabilities (SEND) service",
        ],
    )

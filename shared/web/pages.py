"""Render a whole page, or only its fragment when HTMX asked for it.

Every fragment is also reachable as part of a real page, so nothing depends on JavaScript.
"""

from __future__ import annotations

from flask import make_response, render_template
from flask_htmx import HTMX

htmx = HTMX()


def render_page(template: str, *, fragment: str | None = None, status: int = 200, **context):
    """Render `template`, or `fragment` for an HTMX request; always `Vary: HX-Request`."""
    form = context.get("form")
    context.setdefault("form_has_errors", bool(form is not None and getattr(form, "errors", None)))
    name = fragment if (fragment and htmx) else template
    response = make_response(render_template(name, **context), status)
    response.headers["Vary"] = "HX-Request"
    return response

"""Checks run on every HTML page the test client receives (after alphagov/notifications-admin's
idea): one <h1>; the <title> starts with it ("Error: " first when the page shows an error
summary); every form has an action; no duplicate ids; every script carries the CSP nonce; no
markup shows as text (an `html` parameter built by joining strings is escaped, so the reader
sees "Your reference number<br><strong>...")."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import g, has_app_context
from flask.testing import FlaskClient


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1s: list[str] = []
        self.title = ""
        self.ids: list[str] = []
        self.forms: list[dict] = []
        self.scripts: list[dict] = []
        self.has_error_summary = False
        self._in: list[str] = []
        self.inline_styles = 0
        self.visible_text: list[str] = []
        self._raw: str | None = None  # inside <script>, <style>, <textarea> or <template>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _RAW_TEXT:
            self._raw = tag
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "form":
            self.forms.append(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if "govuk-error-summary" in (attrs.get("class") or "").split():
            self.has_error_summary = True
        if tag in ("h1", "title"):
            self._in.append(tag)
            if tag == "h1":
                self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._raw is None:
            self.visible_text.append(data)
        if "title" in self._in:
            self.title += data
        elif "h1" in self._in:
            self.h1s[-1] += data


# Elements whose content is not shown as page text (or is the person's own typing).
_RAW_TEXT = {"script", "style", "textarea", "template"}
# The tags our templates write: seen as text after parsing, one was escaped on its way out.
_ESCAPED_TAG = re.compile(r"</?(?:a|abbr|b|br|div|em|h[1-6]|i|li|ol|p|span|strong|ul|dl|dt|dd)(?=[\s>/])",
                          re.IGNORECASE)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(html: str) -> str:
    """A page's text as a reader sees it (no attributes, scripts or styles), whitespace collapsed:
    for assertions that a page does not mention something, which random tokens in attributes
    (a CSRF token) could otherwise make fail by chance."""
    parser = _PageParser()
    parser.feed(html)
    return _squash(" ".join(parser.visible_text))


def check_page(html: str, csp: str) -> None:
    page = _PageParser()
    page.feed(html)
    assert len(page.h1s) == 1, f"expected one <h1>, found {len(page.h1s)}: {page.h1s}"
    h1, title = _squash(page.h1s[0]), _squash(page.title)
    expected = ("Error: " if page.has_error_summary else "") + h1
    assert title.startswith(expected), f"title {title!r} should start with {expected!r}"
    for form in page.forms:
        assert form.get("action"), f"a form has no action: {form}"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    nonce = re.search(r"'nonce-([^']+)'", csp or "")
    assert nonce, "the page has no CSP nonce"
    for script in page.scripts:
        assert script.get("nonce") == nonce.group(1), f"a script lacks the nonce: {script}"
    assert page.inline_styles == 0, "inline style attributes break the CSP"
    shown = _squash(" ".join(page.visible_text))
    escaped = _ESCAPED_TAG.search(shown)
    assert not escaped, f"markup shows as text: ...{shown[max(0, escaped.start() - 60):escaped.end() + 60]}..."


class PageCheckingClient(FlaskClient):
    def open(self, *args, **kwargs):
        # Tests hold one app context for their factories, and requests share it (and its `g`):
        # forget the previous request's signed-in user as a real server would.
        if has_app_context():
            g.pop("_login_user", None)
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True), response.headers.get("Content-Security-Policy", ""))
        return response

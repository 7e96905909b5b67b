"""A NUL byte (or another control character) in any field of any form is a field error in the
GOV.UK error summary, never a 500.

The forms are found the way a person finds them: every role of the demo data signs in, visits
the pages it can reach from its landing page, and every form on them is sent back with a NUL
in all its fields at once and then in each field alone (the other fields keep what the page
filled in). Forms that use GET (filters, searches) are sent the same way.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pyotp
import pytest
from werkzeug.exceptions import HTTPException

from shared.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, USERS, load_demo_data

MAX_PAGES = 150
#: How many POST endpoints the walk reaches from the demo data's pages (it cannot reach a form
#: shown only in a state the demo data does not have); a fall means forms were lost from view.
MIN_POST_ENDPOINTS_REACHED = 40
SKIP_ACTIONS = ("/sign-out", "/staff/sign-out")
NUL = "\x00"


class _Forms(HTMLParser):
    """The links and forms of a page: each form as (method, action, [(name, value, kind)])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, str, list[tuple[str, str, str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or "", []))
        elif not self.forms or not attrs.get("name") or "disabled" in attrs:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                if not any(name == attrs["name"] for name, _, _ in self.forms[-1][2]):
                    self.forms[-1][2].append((attrs["name"], attrs.get("value") or "on", kind))
                return
            if kind in ("radio", "checkbox"):
                self.forms[-1][2][:] = [f for f in self.forms[-1][2] if f[0] != attrs["name"]]
            if kind not in ("submit", "file", "image", "reset"):
                self.forms[-1][2].append((attrs["name"], attrs.get("value") or "", kind))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            self.forms[-1][2].append((self._select, attrs.get("value") or "", "select"))
            self._select = None
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1][2].append((attrs["name"], "", "textarea"))
        elif tag == "button":
            self.forms[-1][2].append((attrs["name"], attrs.get("value") or "", "button"))

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, _, kind = self.forms[-1][2][-1]
            self.forms[-1][2][-1] = (name, data, kind)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None


def _parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def _endpoint(app, path: str, method: str) -> str | None:
    try:
        return app.url_map.bind("localhost").match(path, method=method)[0]
    except HTTPException:
        return None


def _crawl(app, client, starts: list[str]) -> dict[tuple, tuple[str, list]]:
    """Visit pages reachable from `starts`; return their forms by (method, endpoint, field names)."""
    seen, queue, forms = set(), deque(starts), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        page = _parse(response.text)
        for method, action, fields in page.forms:
            target = urlsplit(action).path or urlsplit(path).path
            if target in SKIP_ACTIONS:
                continue
            endpoint = _endpoint(app, target, method.upper())
            # One form per endpoint and set of fields: a plan's sections share an endpoint but
            # not their fields (rows of needs, a school, free text).
            key = (method, endpoint, tuple(sorted({name for name, _, _ in fields})))
            if endpoint and key not in forms:
                forms[key] = (target, fields)
        for href in page.links:
            link = urldefrag(href)[0]
            if link.startswith("/") and not link.startswith(("/static", "//")) and "download" not in link:
                queue.append(link)
    return forms


def _send(client, method: str, target: str, fields: list) -> int | str:
    """The status code, or the exception that would have been a 500 (tests propagate them)."""
    data = {}
    for name, value, _ in fields:
        data.setdefault(name, []).append(value)
    try:
        if method == "post":
            return client.post(target, data=data).status_code
        return client.get(target, query_string=data).status_code
    except Exception as error:  # noqa: BLE001 - outside tests this is the 500 being looked for
        _rollback()
        return f"500 ({type(error).__name__}: {str(error).splitlines()[0][:120]})"


def _rollback() -> None:
    from shared.db import db

    db.session.rollback()


def _failed(status: int | str) -> bool:
    return isinstance(status, str) or status >= 500


def _attacks(fields: list):
    yield "every field", [(name, value + NUL, kind) for name, value, kind in fields]
    for index, (name, value, kind) in enumerate(fields):
        yield name, [*fields[:index], (name, value + NUL, kind), *fields[index + 1:]]


def _sign_in(client, email: str, is_staff: bool) -> list[tuple[str, str, int]]:
    """Sign in; on the way, send the security code form a NUL (it exists only mid-sign-in)."""
    failures = []
    if not is_staff:
        assert client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
        return failures
    assert client.post("/staff/sign-in", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
    status = _send(client, "post", "/staff/sign-in/code", [("code", NUL, "text")])
    if _failed(status):
        failures.append(("post", "/staff/sign-in/code", status))
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
    assert response.status_code == 302
    return failures


def _nul_failures(app, client, forms) -> list[str]:
    failures = []
    for (method, endpoint, _), (target, fields) in sorted(forms.items()):
        for which, attack in _attacks(fields):
            status = _send(client, method, target, attack)
            if _failed(status):
                failures.append(f"{method.upper()} {target} ({endpoint}), NUL in {which}: {status}")
    return failures


@pytest.fixture
def demo(db_ready):
    assert load_demo_data() is True


def test_signed_out_forms_take_a_nul_without_a_500(app, client, demo):
    forms = _crawl(app, client, ["/", "/sign-in", "/sign-up", "/staff/sign-in"])
    assert {endpoint for _, endpoint, _ in forms} >= {"portal.sign_in", "portal.sign_up", "backoffice.sign_in"}
    failures = _nul_failures(app, client, forms)
    assert not failures, "\n".join(failures)


def test_every_form_takes_a_nul_without_a_500(app, demo):
    failures, reached = [], set()
    for role, email, _ in USERS:
        client = app.test_client()
        failures += _sign_in(client, email, role.is_staff)
        landing = ["/staff/", "/staff/admin/users", "/staff/admin/contacts"] if role.is_staff else ["/cases", "/"]
        forms = _crawl(app, client, landing)
        failures += _nul_failures(app, client, forms)
        reached |= {endpoint for method, endpoint, _ in forms if method == "post"}
    assert not failures, "\n".join(failures)
    posted = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    print(f"POST endpoints reached through their pages: {len(reached)} of {len(posted)}; not reached:",
          sorted(posted - reached))
    assert len(reached) >= MIN_POST_ENDPOINTS_REACHED


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_class_derives_from_the_base_that_refuses_control_characters(app):
    from flask_wtf import FlaskForm

    from shared.forms import GovForm

    outside = sorted(f"{c.__module__}.{c.__qualname__}" for c in _subclasses(FlaskForm)
                     if not issubclass(c, GovForm) and c is not GovForm
                     and c.__module__.split(".")[0] in ("portal", "backoffice", "shared"))
    assert outside == []


def _form_classes():
    from flask_wtf import FlaskForm

    from shared.forms import GovForm

    return sorted({c for c in _subclasses(FlaskForm) if issubclass(c, GovForm) and c is not GovForm
                   and c.__module__.split(".")[0] in ("portal", "backoffice", "shared")},
                  key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_every_form_class_gives_a_field_error_for_a_nul_in_each_field(app):
    """The walk above reaches the forms the demo data shows; this reaches every form class."""
    from werkzeug.datastructures import MultiDict

    from shared.forms import _all_fields

    checked = 0
    for form_class in _form_classes():
        with app.test_request_context(method="POST"):
            names = [field.name for field in _all_fields(form_class(formdata=None))]
            if not names:
                continue  # a button alone (CSRF is off in tests): nothing to type into
            form = form_class(formdata=MultiDict([(name, f"a{NUL}b") for name in names]))
            for field in _all_fields(form):
                if getattr(field, "choices", ()) is None:
                    field.choices = []
            assert not form.validate(), form_class
            for field in _all_fields(form):
                assert NUL not in str(field.data or ""), (form_class, field.name)
                assert any("hidden control characters" in str(e) for e in field.errors), (form_class, field.name)
            checked += 1
    assert checked >= 40


def test_a_nul_in_the_sign_in_form_is_an_error_in_the_summary_with_the_answer_kept(client, make):
    user = make.user()
    response = client.post("/sign-in", data={"email": f"{user.email}{NUL}", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Email address must not contain hidden control characters" in response.text
    assert f'value="{user.email}"' in response.text

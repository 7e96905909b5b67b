"""Render check for the shared layout (templates/shared/base.html).

Run:  .venv/bin/python -m pytest frontend/tests/test_render.py

Builds a throwaway Flask app (only here, not the real one) with the pieces the
layout needs from the app: csp_nonce(), csrf_token() (Flask-WTF CSRFProtect),
current_user, and the govuk_frontend_jinja templates. It then renders pages
that extend base.html and checks the things the CSP, the council brand and
GOV.UK page conventions depend on. It also builds the front-end assets
(frontend/build.py, a no-op when they are up to date) to check app.css.
"""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask, flash, g, render_template
from flask_wtf import CSRFProtect, FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, PackageLoader, PrefixLoader
from wtforms import DateField, StringField
from wtforms.validators import InputRequired

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "static"
BUILD = STATIC / "build"

# frontend/build.py, loaded by path: a plain `import build` could pick up the
# PyPI "build" package instead.
_spec = importlib.util.spec_from_file_location("send_frontend_build", REPO / "frontend" / "build.py")
frontend_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frontend_build)

# --------------------------------------------------------------------------
# A minimal app: only what the layout needs
# --------------------------------------------------------------------------


class AnonymousUser:
    is_authenticated = False
    is_staff = False


class StaffUser:
    is_authenticated = True
    is_staff = True


class UploadForm(FlaskForm):
    title = StringField("Document title", widget=GovTextInput(), validators=[InputRequired("Enter a document title")])
    received = DateField("Date received", widget=GovDateInput(), validators=[InputRequired("Enter the date received")])


PAGES = {
    "tests/page.html": """
{% extends "shared/base.html" %}
{% from "shared/components/error_summary.html" import error_summary %}
{% from "shared/components/status_tag.html" import status_tag %}
{% set page_title = "Upload a document" %}
{% block content %}
  {% if form %}{{ error_summary(form) }}{% endif %}
  <h1 class="govuk-heading-l">{{ page_title }}</h1>
  <p class="govuk-body">{{ status_tag("overdue", detail="by 3 days") }} {{ status_tag("due_soon") }}</p>
  <ol class="app-chronology">
    <li class="app-chronology__item">
      <div class="app-chronology__header">
        <h2 class="app-chronology__title">Request received</h2>
        <p class="app-chronology__meta"><time datetime="2025-03-01">1 March 2025</time></p>
      </div>
      <div class="app-chronology__body"><p class="govuk-body">From the family.</p></div>
    </li>
  </ol>
  <form method="post" action="/upload" enctype="multipart/form-data" data-module="app-upload" novalidate>
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
    <div class="govuk-form-group">
      <label class="govuk-label" for="file">Upload a file</label>
      <input class="govuk-file-upload" id="file" name="file" type="file">
    </div>
    <button type="submit" class="govuk-button" data-module="govuk-button">Upload</button>
  </form>
{% endblock %}
""",
}


def make_app() -> Flask:
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.update(SECRET_KEY="render-check", TESTING=True)
    CSRFProtect(app)
    # as the real app (wsgi.py) sets them
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_loader = ChoiceLoader(
        [
            DictLoader(PAGES),
            FileSystemLoader(str(REPO / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )

    @app.before_request
    def _nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def _layout_context() -> dict:
        return {
            "csp_nonce": lambda: g.csp_nonce,
            "current_user": g.get("user", AnonymousUser()),
            "service_name": "SEND Casework",
        }

    @app.get("/anonymous")
    def anonymous():
        return render_template("tests/page.html", scanning_off=True)

    @app.get("/staff")
    def staff():
        g.user = StaffUser()
        form = UploadForm(meta={"csrf": False})
        form.validate()
        flash("Document uploaded", "success")
        flash("Something to know", "info")
        return render_template(
            "tests/page.html",
            form=form,
            scanning_off=True,
            nav_items=[
                {"text": "Cases", "href": "/cases", "active": True},
                {"text": "Reports", "href": "/reports", "active": False},
            ],
            session_timeout={
                "idle_seconds": 1800,
                "warning_seconds": 120,
                "keep_alive_url": "/keep-alive",
                "timed_out_url": "/signed-out",
            },
        )

    return app


# --------------------------------------------------------------------------
# A small HTML inspector
# --------------------------------------------------------------------------


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[dict] = []
        self.h1_texts: list[str] = []
        self.title = ""
        self.styled: list[str] = []
        self.style_elements = 0
        self.svg_in: list[str] = []
        self.body_attrs: dict = {}
        self._in_h1 = False
        self._in_title = False
        self._h1 = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.styled.append(tag)
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            self.scripts.append(a)
        if tag == "body":
            self.body_attrs = a
        if tag == "svg":
            self.svg_in.append("/".join(t for t in self.stack if t in ("header", "footer", "main")) or "body")
        if tag == "h1":
            self._in_h1, self._h1 = True, ""
        if tag == "title":
            self._in_title = True
        if tag not in ("meta", "link", "input", "br", "hr", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
            self.h1_texts.append(" ".join(self._h1.split()))
        if tag == "title":
            self._in_title = False
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in_h1:
            self._h1 += data
        if self._in_title:
            self.title += data


def inspect(html: str) -> Inspector:
    parser = Inspector()
    parser.feed(html)
    parser.title = " ".join(parser.title.split())
    return parser


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Path:
    frontend_build.build()
    return BUILD


@pytest.fixture(scope="module")
def client():
    return make_app().test_client()


@pytest.fixture(scope="module")
def anonymous_html(client) -> str:
    response = client.get("/anonymous")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture(scope="module")
def staff_html(client) -> str:
    response = client.get("/staff")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --------------------------------------------------------------------------
# Checks on every rendered page
# --------------------------------------------------------------------------


@pytest.fixture(params=["anonymous", "staff"])
def page(request, anonymous_html, staff_html) -> str:
    return anonymous_html if request.param == "anonymous" else staff_html


def test_exactly_one_h1(page):
    assert len(inspect(page).h1_texts) == 1


def test_title_starts_with_h1(page):
    doc = inspect(page)
    title = doc.title.removeprefix("Error: ")
    assert title.startswith(doc.h1_texts[0] + " - ")
    assert title.endswith(" - SEND Casework - Northbridge Council")


def test_every_script_has_the_nonce(page):
    doc = inspect(page)
    nonces = {s.get("nonce") for s in doc.scripts}
    assert len(doc.scripts) >= 4  # template's js-enabled script + 3 files
    assert len(nonces) == 1 and None not in nonces and "" not in nonces
    # Files are served locally, never from a CDN
    for s in doc.scripts:
        if "src" in s:
            assert s["src"].startswith("/static/build/"), s["src"]


def test_no_inline_styles(page):
    doc = inspect(page)
    assert doc.styled == [], f"style= attribute on {doc.styled}"
    assert doc.style_elements == 0
    assert not re.search(r"\sstyle\s*=", page)


def test_no_crown_and_no_crown_copyright(page):
    doc = inspect(page)
    assert "govuk-header__logotype-crown" not in page
    assert "govuk-logo" not in page
    assert not any(where.startswith(("header", "footer")) for where in doc.svg_in), doc.svg_in
    assert "Crown copyright" not in page
    assert "Open Government Licence" not in page
    assert "© Northbridge Council" in page or "&copy; Northbridge Council" in page


def test_council_header_and_footer(page):
    assert "app-council-header" in page
    assert re.search(r'app-council-header__wordmark">Northbridge <span class="app-council-header__wordmark-secondary">Council</span>', page)
    assert 'href="#main-content"' in page  # skip link from the template
    for href in ("/accessibility", "/privacy", "/cookies", "/contact"):
        assert f'href="{href}"' in page
    assert "/static/build/app.css" in page
    # phase banner inside the header (GOV.UK Frontend 6), its link not escaped
    header = page[page.index("<header") : page.index("</header>")]
    assert "govuk-phase-banner" in header and "Beta" in header
    assert '<a class="govuk-link" href="/contact">feedback</a>' in header


def test_body_carries_csrf_header_for_htmx_when_signed_in(staff_html, anonymous_html):
    headers = json.loads(inspect(staff_html).body_attrs["hx-headers"])
    assert headers["X-CSRFToken"]
    # Anonymous pages carry none: a token lives in the server-side session, and a page that
    # stores nothing must not create one (docs/decisions/0007); their forms carry their own.
    assert "hx-headers" not in inspect(anonymous_html).body_attrs


# --------------------------------------------------------------------------
# Checks that depend on who is signed in
# --------------------------------------------------------------------------


def test_anonymous_sees_no_sign_out_and_no_scanning_banner(anonymous_html):
    assert "Sign out" not in anonymous_html
    assert "Virus scanning is off" not in anonymous_html
    assert "app-timeout-dialog" not in anonymous_html
    assert not inspect(anonymous_html).title.startswith("Error:")


def test_staff_page(staff_html):
    doc = inspect(staff_html)
    assert doc.title.startswith("Error: Upload a document - ")
    # sign out is a POST form with a CSRF token
    assert re.search(r'<form method="post" action="/sign-out"[^>]*>\s*<input type="hidden" name="csrf_token" value="[^"]+">', staff_html)
    assert "Virus scanning is off: uploaded files wait in &#39;awaiting scan&#39; and cannot be downloaded" in staff_html
    # navigation
    assert 'href="/cases"' in staff_html and 'aria-current="true"' in staff_html
    # flash messages
    assert "govuk-notification-banner--success" in staff_html
    assert "Document uploaded" in staff_html and "Something to know" in staff_html
    # error summary links to the inputs govuk-frontend-wtf renders
    assert 'href="#title"' in staff_html
    assert 'href="#received-day"' in staff_html
    # status tags have words, not just colour
    assert re.search(r"app-status-tag--overdue[^>]*>\s*Overdue", staff_html)
    assert re.search(r"app-status-tag--due-soon[^>]*>\s*Due soon", staff_html)
    # timeout warning dialog: closed, configured by data attributes
    assert re.search(r'<dialog class="app-timeout-dialog"[^>]*data-idle-timeout-seconds="1800"', staff_html)
    assert "<dialog open" not in staff_html


# --------------------------------------------------------------------------
# Built assets
# --------------------------------------------------------------------------


def test_app_css_has_no_gds_transport(built):
    css = (built / "app.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css.replace(", ", ",")


def test_app_css_urls_resolve(built):
    css = (built / "app.css").read_text()
    for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", css):
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/build/"), url
        assert (STATIC / url.removeprefix("/static/")).is_file(), url


def test_built_files_present(built):
    for name in ("app.css", "app.js", "govuk-frontend.min.js", "htmx.min.js", "axe.min.js", "images/favicon.svg"):
        assert (built / name).is_file(), name
    assert "export{" in (built / "govuk-frontend.min.js").read_text().replace(" ", "")


def test_brand_colour_contrast():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    scss = (REPO / "frontend" / "sass" / "app.scss").read_text()
    brand = re.search(r"brand:\s*(#[0-9a-fA-F]{6})", scss).group(1)
    ratio = (1.05) / (luminance(brand) + 0.05)
    assert ratio >= 4.5, f"{brand} on white text: {ratio:.2f}:1"

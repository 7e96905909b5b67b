"""A live server on a free loopback port and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from devstack.ports import free_port

AXE = Path(__file__).resolve().parents[2] / "static" / "build" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(settings):
    from dataclasses import replace

    from wsgi import create_app

    port = free_port()
    application = create_app(replace(settings, public_base_url=f"http://127.0.0.1:{port}"))
    server = make_server("127.0.0.1", port, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def check_axe(page, *, javascript: bool = True) -> None:
    """Fail on any axe-core violation of WCAG 2.2 A/AA on the current page.

    axe needs JavaScript: for a page seen with JavaScript off, the same address is opened in a
    JavaScript-on context holding the same cookies (pages are GETs, and GETs change nothing)."""
    if not javascript:
        twin = page.context.browser.new_context(storage_state=page.context.storage_state())
        try:
            twin_page = twin.new_page()
            twin_page.goto(page.url)
            check_axe(twin_page)
        finally:
            twin.close()
        return
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})")
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
                for v in result["violations"]]
    assert problems == [], f"axe violations on {page.url}: {problems}"


def staff_sign_in(page, base: str, user, password: str) -> None:
    """Sign a member of staff in through the real pages: password, then the TOTP code."""
    import pyotp
    from sqlalchemy import text

    from shared.db import db

    # A security code is accepted once; a test may sign the same officer in again within one
    # 30-second window, so forget the last code used (as if the next window had come).
    db.session.execute(text("UPDATE users SET totp_last_step = NULL WHERE id = :id"), {"id": user.id})
    db.session.commit()
    page.goto(f"{base}/staff/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Continue')")
    page.fill("#code", pyotp.TOTP(user.totp_secret).now())
    page.click("button:has-text('Sign in')")


def fill_date(page, name: str, day) -> None:
    """Fill a GOV.UK date input (`<name>-day`, `-month`, `-year`) with a date."""
    page.fill(f"#{name}-day", str(day.day))
    page.fill(f"#{name}-month", str(day.month))
    page.fill(f"#{name}-year", str(day.year))


def portal_sign_in(browser, base: str, user, *, javascript: bool):
    """A new browser context with a portal user signed in through the real sign-in page."""
    from tests.conftest import PASSWORD

    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{base}/sign-in")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    return page

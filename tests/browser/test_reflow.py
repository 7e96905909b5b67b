"""WCAG 1.4.10 (reflow): at 375 CSS pixels wide no page scrolls sideways. Signed in as each
member of staff and as the parent over the demo data, every page reachable from their start page
(one of each address shape: a case page stands for every case page) is opened at 375 x 800 and
fails when the document is wider than the window."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from shared.db import db
from shared.demo import DEMO_PASSWORD, load_demo_data
from shared.models import User
from tests.browser.conftest import staff_sign_in

pytestmark = pytest.mark.browser

SMALL = {"width": 375, "height": 800}
MAX_PAGES = 150
SKIP = ("/sign-out", "/staff/sign-out", "/session/", "/static/")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Letters, plans and chronologies as PDF (and other downloads) are not pages.
DOWNLOAD = re.compile(r"/(download|pdf|letter|chronology\.pdf)|\.pdf$|/documents/|/notices/")

STAFF = ["ehc.officer@northbridge.example.gov.uk", "ehe.officer@northbridge.example.gov.uk",
         "s19.lead@northbridge.example.gov.uk", "manager@northbridge.example.gov.uk",
         "admin@northbridge.example.gov.uk"]


def _shape(path: str) -> str:
    return UUID.sub(":id", re.sub(r"/\d+(?=/|$)", "/:n", path))


def _too_wide(browser, base: str, email: str) -> tuple[list[str], int]:
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    user = db.session.query(User).filter_by(email=email).one()
    if user.is_staff:
        staff_sign_in(page, base, user, DEMO_PASSWORD)
    else:
        page.goto(f"{base}/sign-in")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        page.locator("#password").press("Enter")
        page.wait_for_load_state()
    start = urlsplit(page.url).path
    queue, shapes, wide, seen = deque([start]), {_shape(start)}, [], 0
    while queue and seen < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(base + path)
        seen += 1
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            wide.append(f"{path}: {width[0]} px wide in a {width[1]} px window")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urldefrag(href)[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            if DOWNLOAD.search(parts.path) or _shape(parts.path) in shapes:
                continue
            shapes.add(_shape(parts.path))
            queue.append(parts.path)
    context.close()
    return wide, seen


@pytest.fixture
def demo(db_ready):
    assert load_demo_data() is True


@pytest.mark.parametrize("email", STAFF + ["parent@example.com"])
def test_no_page_scrolls_sideways_at_375_px(browser, live_server, demo, email):
    wide, seen = _too_wide(browser, live_server, email)
    assert 3 < seen < MAX_PAGES, f"{seen} pages visited"
    assert not wide, "pages wider than a 375 px window:\n" + "\n".join(wide)

"""Every link and button a person is shown leads somewhere they may go.

Signed in as each role over the demo data (cases of every kind in several states, letters,
documents, visits), the test follows every link, every form's action and every HTMX `hx-get` on
that person's pages, breadth first from their start page, within the site, and fails on any that
answers 403 or 404: an action shown to someone who may not take it, or to a case whose state does
not allow it. A form's action is fetched with GET when the same view answers GET (nothing is
ever submitted); a POST-only action is checked against the URL map and the route's permission. Downloads are fetched like any page; off-site redirects are not followed."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pyotp
import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from shared.db import db
from shared.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_data
from shared.models import Case, ChildLink, Role, User
from shared.services.adviser_access import grant_adviser_access
from shared.web.access import has_permission

PORTAL = ["parent@example.com", "young.person@example.com", "senco@oakfield.sch.example.uk",
          "adviser@sendiass.example.org", "nurse@camhs.nhs.example.uk"]
STAFF = ["ehc.officer@northbridge.example.gov.uk", "ehe.officer@northbridge.example.gov.uk",
         "s19.lead@northbridge.example.gov.uk", "manager@northbridge.example.gov.uk",
         "admin@northbridge.example.gov.uk"]
# Enough for every page of every demo case a role can reach; a bound, so a loop cannot run away.
MAX_PAGES = 400
# Leaving (or ending) the session is not a page to check.
SKIP = ("/sign-out", "/staff/sign-out", "/session/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []  # fetched with GET
        self.posts: list[str] = []  # the actions of POST forms

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            post = (attrs.get("method") or "get").lower() == "post"
            (self.posts if post else self.targets).append(attrs["action"])
        if attrs.get("hx-get"):
            self.targets.append(attrs["hx-get"])
        if attrs.get("hx-post"):
            self.posts.append(attrs["hx-post"])


def _post_refusal(app, user, path: str) -> str | None:
    """Why a POST to `path` would be refused before it ran (no such route, or a permission the
    person lacks), or None. The GET of the same address may be another route (`<slug>` pages)."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(urlsplit(path).path, method="POST")
    except (NotFound, MethodNotAllowed) as error:
        return f"no POST route ({error.code})"
    rule = rule_for_endpoint_in(app, endpoint)
    if rule is not None and rule.permission and not has_permission(user, rule.permission):
        return f"needs {rule.permission} (403)"
    return None


def _same_view_for_get(app, path: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(path).path, method="GET")[0] == adapter.match(urlsplit(path).path,
                                                                                     method="POST")[0]
    except (NotFound, MethodNotAllowed):
        return False


def rule_for_endpoint_in(app, endpoint: str):
    return getattr(app.view_functions.get(endpoint), "access_rule", None)


def _inside(url: str) -> str | None:
    """The path and query of a link within the site, or None for one that leaves it."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP) or parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, user, start: list[str]) -> tuple[list[str], int]:
    """Breadth-first from `start`; the broken links found (with the page that showed them) and
    the number of addresses fetched. A POST form's action is fetched when the same view answers
    GET (it shows the form); otherwise its route and permission are checked without sending it."""
    app = client.application
    queue = deque((url, "(start)") for url in start)
    seen = set(start)
    broken = []
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url, shown_on = queue.popleft()
        response = client.get(url)
        fetched += 1
        if response.status_code in (403, 404):
            broken.append(f"{url} ({response.status_code}), shown on {shown_on}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response.headers["Location"]]
        elif response.mimetype == "text/html" and response.status_code == 200:
            parser = _Links()
            parser.feed(response.get_data(as_text=True))
            links = list(parser.targets)
            for action in parser.posts:
                target = _inside(urljoin(url, action))
                if target is None:
                    continue
                refusal = _post_refusal(app, user, target)
                if refusal:
                    broken.append(f"POST {target} ({refusal}), shown on {url}")
                elif _same_view_for_get(app, target):
                    links.append(target)
        else:
            continue
        for link in links:
            target = _inside(urljoin(url, link))
            if target and target not in seen:
                seen.add(target)
                queue.append((target, url))
    return broken, fetched


@pytest.fixture
def demo(db_ready):
    assert load_demo_data() is True
    # The demo adviser has no consent yet: the parent gives one for each of their child's cases,
    # so the adviser's pages show what a consented adviser sees.
    parent = db.session.query(User).filter_by(email="parent@example.com").one()
    children = [link.child_id for link in db.session.query(ChildLink).filter_by(user_id=parent.id)]
    for case in db.session.query(Case).filter(Case.child_id.in_(children)).order_by(Case.reference):
        if case.kind.value != "cme":
            grant_adviser_access(case, adviser_email="adviser@sendiass.example.org", granted_by=parent)
    db.session.commit()


def _sign_in(client, email: str) -> str:
    user = db.session.query(User).filter_by(email=email).one()
    if user.role.is_staff:
        assert client.post("/staff/sign-in", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
        landing = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
    else:
        landing = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    assert landing.status_code == 302, landing.text
    return user.role


@pytest.mark.parametrize("email", PORTAL + STAFF)
def test_every_link_and_button_on_a_roles_pages_leads_somewhere(demo, client, email):
    role = _sign_in(client, email)
    start = ["/staff/admin/users"] if role == Role.ADMINISTRATOR else (["/staff/"] if role.is_staff else ["/cases"])
    user = db.session.query(User).filter_by(email=email).one()
    broken, fetched = crawl(client, user, start)
    assert 5 < fetched < MAX_PAGES, f"{fetched} pages reached"
    assert not broken, "links or buttons that lead to a refusal or nothing:\n" + "\n".join(broken)

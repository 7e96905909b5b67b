"""Every route declares who may use it; anonymous people are sent to sign in; roles are kept
to their own area."""

import uuid

import pytest

from shared.models import Role
from shared.web.access import AccessRule


def _rules(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        yield rule, getattr(view, "access_rule", None) if rule.endpoint != "static" else AccessRule(public=True)


def test_every_route_declares_an_access_rule(app):
    missing = [rule.rule for rule, access in _rules(app) if access is None]
    assert missing == [], f"routes without an access rule: {missing}"


def test_a_route_without_a_rule_is_refused(app, client):
    app.view_functions["portal.start"].__dict__.pop("access_rule")
    try:
        assert client.get("/").status_code == 403
    finally:
        from shared.web.access import public

        public(app.view_functions["portal.start"])


def _fill(rule) -> str:
    samples = {"UUIDConverter": uuid.uuid4, "IntegerConverter": lambda: 1}
    values = {arg: samples.get(rule._converters[arg].__class__.__name__, lambda: "x")() for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_anonymous_sweep_redirects_every_protected_route_to_sign_in(app, client):
    checked = 0
    for rule, access in _rules(app):
        if access.public:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_fill(rule), method=method)
            assert response.status_code == 302, f"{method} {rule.rule} gave {response.status_code}"
            assert "/sign-in" in response.headers["Location"], f"{method} {rule.rule}"
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("role", [Role.PARENT, Role.SCHOOL_STAFF, Role.SENDIASS_ADVISER])
def test_portal_users_cannot_use_the_back_office(make, signed_in, role):
    client = signed_in(make.user(role))
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/admin/users").status_code == 403


def test_staff_cannot_use_portal_pages(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    assert client.get("/cases").status_code == 403


def test_officers_cannot_administer(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    assert client.get("/staff/admin/users").status_code == 403
    assert client.post("/staff/admin/contacts", data={}).status_code == 403

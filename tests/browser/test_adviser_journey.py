"""Journey 8: a parent gives a SENDIASS adviser access, the adviser sees the case, the parent
withdraws it and the access ends at once. axe on every page."""

import pytest
from playwright.sync_api import expect

from shared.models import CaseKind, Role
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, base, email, javascript):
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    check_axe(page, javascript=javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_adviser_access_granted_used_and_withdrawn(browser, live_server, make, javascript):
    parent = make.user(Role.PARENT, full_name="Sam Parent")
    adviser = make.user(Role.SENDIASS_ADVISER, full_name="Jo Adviser")
    case = make.case(make.child(parent, first_name="Lily", last_name="Parent"), CaseKind.EHC_ASSESSMENT)
    family = browser.new_context(java_script_enabled=javascript).new_page()
    _sign_in(family, live_server, parent.email, javascript)
    family.goto(f"{live_server}/cases/{case.id}")
    family.click("text=Give a SENDIASS adviser access to this case")
    check_axe(family, javascript=javascript)
    family.fill("#email", "nobody@example.com")
    family.click("button:has-text('Give access')")
    expect(family.locator(".govuk-error-summary")).to_be_visible()
    assert family.title().startswith("Error: ")
    check_axe(family, javascript=javascript)
    family.fill("#email", adviser.email)
    family.click("button:has-text('Give access')")
    expect(family.locator(".govuk-notification-banner")).to_contain_text("Jo Adviser can now see this case")
    check_axe(family, javascript=javascript)

    advice = browser.new_context(java_script_enabled=javascript).new_page()
    _sign_in(advice, live_server, adviser.email, javascript)
    expect(advice.locator("h1")).to_have_text("Your cases")
    advice.click("text=Lily Parent")
    expect(advice.locator("h1")).to_contain_text("Lily Parent")
    check_axe(advice, javascript=javascript)

    family.click("button:has-text('Withdraw access')")
    expect(family.locator(".govuk-notification-banner")).to_contain_text("can no longer see this case")
    advice.reload()
    expect(advice.locator("h1")).to_have_text("Page not found")

"""An administrator signs an officer out everywhere, then deactivates the account, through the
real pages (JavaScript off, CSRF on, axe on every page, 375 px wide)."""

import pytest
from playwright.sync_api import expect

from shared.models import Role
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_administrator_ends_an_officers_sessions_and_deactivates_the_account(browser, live_server, make):
    officer = make.user(Role.EHC_OFFICER, full_name="Robin Officer")
    officer_page = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(officer_page, live_server, officer, PASSWORD)
    expect(officer_page.locator("h1")).to_be_visible()
    assert "/staff/sign-in" not in officer_page.url

    admin = make.user(Role.ADMINISTRATOR)
    page = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800}).new_page()
    staff_sign_in(page, live_server, admin, PASSWORD)
    page.goto(f"{live_server}/staff/admin/users")
    page.click("a:has-text('Robin Officer')")
    expect(page.locator("h1")).to_have_text("Robin Officer")
    expect(page.locator(".govuk-summary-list")).to_contain_text("1 device or browser")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_axe(page, javascript=False)

    page.click("button:has-text('Sign Robin Officer out everywhere')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed out on every device")
    check_axe(page, javascript=False)
    officer_page.goto(f"{live_server}/staff/")
    assert "/staff/sign-in" in officer_page.url

    page.click("button:has-text('Deactivate Robin Officer')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("account is deactivated")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Deactivated: cannot sign in")
    check_axe(page, javascript=False)

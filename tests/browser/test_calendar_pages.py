"""The administrator's school calendar pages: add a year, a term and an INSET day, change and
remove them, with an error on the way. JavaScript on and off, axe on every page."""

import pytest
from playwright.sync_api import expect

from shared.models import Role
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _fill_date(page, name: str, day: str, month: str, year: str) -> None:
    page.fill(f"#{name}-day", day)
    page.fill(f"#{name}-month", month)
    page.fill(f"#{name}-year", year)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_administrator_keeps_the_school_calendar(browser, live_server, make, javascript):
    admin = make.user(Role.ADMINISTRATOR)
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, admin, PASSWORD)
    page.click("a:has-text('School calendar')")
    expect(page.locator("h1")).to_have_text("School calendar")
    check_axe(page, javascript=javascript)

    page.click("text=Add an academic year")
    check_axe(page, javascript=javascript)
    page.fill("#start_year", "2026")
    page.click("button:has-text('Add the academic year')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Academic year 2026 to 2027 added")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Add a term')")
    check_axe(page, javascript=javascript)
    page.fill("#name", "Autumn 1")
    _fill_date(page, "first_day", "23", "10", "2026")
    _fill_date(page, "last_day", "1", "9", "2026")
    page.click("button:has-text('Save the term')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The last day must be after the first day")
    expect(page.locator("#name")).to_have_value("Autumn 1")
    check_axe(page, javascript=javascript)
    _fill_date(page, "first_day", "1", "9", "2026")
    _fill_date(page, "last_day", "23", "10", "2026")
    page.click("button:has-text('Save the term')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Autumn 1 saved for 2026 to 2027")
    expect(page.locator("table").first).to_contain_text("23 October 2026")

    page.click("a:has-text('Add an INSET or closure day')")
    check_axe(page, javascript=javascript)
    _fill_date(page, "day", "1", "9", "2026")
    page.fill("#note", "Staff training")
    page.click("button:has-text('Save the closure day')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("INSET day on 1 September 2026 saved")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Change Autumn 1')")
    expect(page.locator("#name")).to_have_value("Autumn 1")
    check_axe(page, javascript=javascript)
    page.fill("#name", "Autumn term 1")
    page.click("button:has-text('Save the term')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Autumn term 1 saved")

    page.click("a:has-text('Remove the closure day of 1 September 2026')")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Remove')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was removed")
    expect(page.locator("main")).to_contain_text("No INSET or closure days yet")
    check_axe(page, javascript=javascript)

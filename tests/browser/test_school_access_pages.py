"""School staff access pages (decision 0006): the waiting page, the school lead's staff page and the
council's pages, with JavaScript off and axe on every page."""

import pytest
from playwright.sync_api import expect

from shared.models import Role
from tests.browser.conftest import check_axe, portal_sign_in, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_waiting_teacher_the_school_lead_and_the_council(browser, live_server, make):
    school = make.school(name="Oak Park Primary")
    make.case(make.child(school=school, first_name="Rosa"))
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested", full_name="Nat New")
    make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested", full_name="Pip Later")
    lead = make.user(Role.SCHOOL_STAFF, school_id=school.id, lead=True, full_name="Lee Senco")

    waiting = portal_sign_in(browser, live_server, teacher, javascript=False)
    expect(waiting.locator("h1")).to_have_text("Your access is waiting for approval")
    check_axe(waiting, javascript=False)
    waiting.goto(f"{live_server}/cases")
    expect(waiting.locator("h1")).to_have_text("Your access is waiting for approval")

    page = portal_sign_in(browser, live_server, lead, javascript=False)
    page.click("a.govuk-service-navigation__link:has-text('School staff')")
    expect(page.locator("h1")).to_have_text("Staff at Oak Park Primary")
    check_axe(page, javascript=False)
    page.click("button:has-text('Approve access for Nat New')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nat New now has access")
    check_axe(page, javascript=False)
    page.click("button:has-text('Remove access for Nat New')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nat New no longer has access")
    expect(page.locator("ol")).to_contain_text("Lee Senco removed the access of Nat New")

    waiting.goto(f"{live_server}/school-access")
    expect(waiting.locator("h1")).to_have_text("You do not have access to your school's cases")
    check_axe(waiting, javascript=False)

    officer = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(officer, live_server, make.user(Role.MANAGER), PASSWORD)
    officer.click("a.govuk-service-navigation__link:has-text('School staff access')")
    expect(officer.locator("h1")).to_have_text("School staff access")
    check_axe(officer, javascript=False)
    officer.click("a:has-text('Pip Later')")
    check_axe(officer, javascript=False)
    officer.click("button:has-text('Approve access for Pip Later')")
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Pip Later now has access")
    officer.click("button:has-text('Make the school')")
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("is now a school lead")
    check_axe(officer, javascript=False)
    officer.click("a.govuk-back-link")
    officer.click("a:has-text('See every approval and removal')")
    expect(officer.locator("ol")).to_contain_text("made Pip Later a lead of Oak Park Primary")
    check_axe(officer, javascript=False)

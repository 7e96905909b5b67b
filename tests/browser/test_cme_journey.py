"""Children missing education: a school reports a pupil deleted with no known destination; the EHE
practitioner finds the child on the weekly review list, starts enquiries, records a weekly review
and closes the case with an outcome. JavaScript on and off, axe on every page."""

import pytest
from playwright.sync_api import expect

from shared.domain.dates import today_in_england
from shared.models import Role
from tests.browser.conftest import check_axe, fill_date, portal_sign_in, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_school_reports_and_the_officer_reviews_and_closes(browser, live_server, make, javascript):
    today = today_in_england()
    school = make.school(name="Hilltop Academy")
    staff = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Jo Office")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")

    # The school reports a pupil deleted with no known destination.
    page = portal_sign_in(browser, live_server, staff, javascript=javascript)
    page.click("nav a:has-text('Children missing education')")
    expect(page.locator("h1")).to_have_text("Children missing education")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Tell us about a child missing education')")
    expect(page.locator("h1")).to_have_text("Tell us about a child missing education")
    check_axe(page, javascript=javascript)
    page.check("#kind")
    page.fill("#first_name", "Leo")
    page.fill("#last_name", "Hart")
    fill_date(page, "date_of_birth", today.replace(year=today.year - 10, day=2))
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the last known home address")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the ground for deleting the pupil")
    expect(page.locator("#first_name")).to_have_value("Leo")
    check_axe(page, javascript=javascript)
    page.fill("#address", "5 Oak Road, Northbridge")
    page.fill("#parent_names", "Jo Hart")
    page.select_option("#deletion_ground", "moved_away")
    fill_date(page, "deleted_on", today)
    page.check("#has_ehc_plan-2")
    page.check("#has_sen")
    page.check("#has_social_worker-2")
    page.check("#safeguarding_known-2")
    page.click("button:has-text('Continue')")
    expect(page.locator("h1")).to_have_text("Check your answers before sending the report")
    expect(page.locator(".govuk-summary-list")).to_contain_text("No longer lives within a reasonable distance")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send report')")
    expect(page.locator("h1")).to_have_text("Report sent")
    expect(page.locator(".govuk-panel")).to_contain_text("CME-")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('See your school')")
    expect(page.locator("table")).to_contain_text("Leo Hart")
    page.context.close()

    # The officer works the weekly review list.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.click("nav a:has-text('Children missing education')")
    expect(page.locator("h1")).to_have_text("Children missing education register")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Weekly review list')")
    expect(page.locator("h1")).to_have_text("Weekly review list")
    expect(page.locator("table")).to_contain_text("Leo Hart")
    expect(page.locator("table")).to_contain_text("Review due")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Leo Hart')")
    expect(page.locator("main")).to_contain_text("Hilltop Academy")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Start enquiries')")
    expect(page.locator("main")).to_contain_text("Enquiries under way")
    page.click("a:has-text('Record a weekly review')")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Record review')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the actions agreed")
    check_axe(page, javascript=javascript)
    fill_date(page, "reviewed_on", today)
    page.check("#agencies")
    page.check("#agencies-7")
    page.fill("#barriers", "No school has a place in year 6")
    page.fill("#actions", "Take to the fair access panel on Thursday")
    page.click("button:has-text('Record review')")
    expect(page.locator("table")).to_contain_text("Take to the fair access panel on Thursday")
    expect(page.locator("main")).not_to_contain_text("Review due")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Close the case with an outcome')")
    check_axe(page, javascript=javascript)
    page.check("#outcome")
    fill_date(page, "closed_on", today)
    page.fill("#school_name", "Riverside Academy")
    page.click("button:has-text('Close the case')")
    expect(page.locator(".govuk-inset-text")).to_contain_text("On roll at a school, Riverside Academy")
    expect(page.locator("main")).to_contain_text("Closed")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Back to the weekly review list')")
    expect(page.locator("main")).to_contain_text("No reviews are due")
    check_axe(page, javascript=javascript)
    page.context.close()

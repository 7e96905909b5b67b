"""Journey 6: a parent notifies home education; a special school sends a deletion return, which
needs the council's consent; the EHE practitioner decides, records a check-in and a safeguarding
concern, starts enquiries and serves a s.437(1) notice. JavaScript on and off, axe on every page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.domain.dates import today_in_england
from shared.models import Role
from tests.browser.conftest import check_axe, fill_date, portal_sign_in, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_home_education_notification_to_s437_notice(browser, live_server, make, javascript):
    make.contacts()
    today = today_in_england()
    mainstream = make.school(name="Hilltop Academy")
    special = make.school(name="Oak Special School", is_special=True)
    parent = make.user(Role.PARENT, full_name="Pat Green")
    staff = make.user(Role.SCHOOL_STAFF, school_id=special.id, full_name="Jo Office")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")

    # A parent notifies.
    page = portal_sign_in(browser, live_server, parent, javascript=javascript)
    page.click("nav a:has-text('Home education')")
    expect(page.locator("h1")).to_have_text("Tell us you are educating your child at home")
    check_axe(page, javascript=javascript)
    page.fill("#first_name", "Mia")
    page.fill("#last_name", "Green")
    fill_date(page, "date_of_birth", today.replace(year=today.year - 10, day=1))
    page.select_option("#school", mainstream.urn)
    page.check("#reasons")
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's home address")
    expect(page.locator("#first_name")).to_have_value("Mia")
    check_axe(page, javascript=javascript)
    page.fill("#address", "2 Mill Lane, Northbridge")
    page.check("#contact_preferences")
    page.check("#has_ehc_plan-2")
    page.check("#has_sen")
    page.click("button:has-text('Continue')")
    expect(page.locator("h1")).to_have_text("Check your answers before sending your notification")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Philosophical or preferential reasons")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send notification')")
    expect(page.locator("h1")).to_have_text("Notification sent")
    expect(page.locator(".govuk-panel")).to_contain_text("EHE-")
    check_axe(page, javascript=javascript)
    page.context.close()

    # A special school sends a deletion return: consent is needed first.
    page = portal_sign_in(browser, live_server, staff, javascript=javascript)
    page.click("nav a:has-text('Home education return')")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Do not delete the pupil's name")
    check_axe(page, javascript=javascript)
    page.fill("#first_name", "Leo")
    page.fill("#last_name", "Hart")
    fill_date(page, "date_of_birth", today.replace(year=today.year - 11, day=2))
    page.fill("#address", "5 Oak Road")
    page.fill("#parent_names", "Jo Hart")
    page.fill("#parent_email", "jo@example.com")
    fill_date(page, "deleted_on", today)
    page.check("#safeguarding_known-2")
    page.check("#has_ehc_plan")
    page.check("#has_sen")
    page.click("button:has-text('Continue')")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send notification')")
    expect(page.locator("main")).to_contain_text("must not remove")
    check_axe(page, javascript=javascript)
    page.context.close()

    # The EHE practitioner works the register.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.click("nav a:has-text('Home education')")
    expect(page.locator("h1")).to_have_text("Elective home education register")
    expect(page.locator("table")).to_contain_text("Mia Green")
    expect(page.locator("table")).to_contain_text("Council consent required")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Leo Hart')")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Decide whether to consent')")
    check_axe(page, javascript=javascript)
    page.check("#decision")
    page.fill("#reasons", "The parents' plan meets Leo's needs.")
    page.click("button:has-text('Record decision and send notice')")
    expect(page.locator("main")).to_contain_text("Enquiries under way")
    page.click("a:has-text('Record a check-in')")
    check_axe(page, javascript=javascript)
    fill_date(page, "held_on", today)
    page.check("#kind-2")
    page.check("#outcome-3")
    page.fill("#notes", "Leo was not seen")
    fill_date(page, "next_check_in_on", today + timedelta(days=60))
    page.click("button:has-text('Record check-in')")
    expect(page.locator("table")).to_contain_text("Leo was not seen")
    page.click("a:has-text('Record a safeguarding concern')")
    check_axe(page, javascript=javascript)
    page.fill("#concern", "Not seen by any professional since leaving school")
    page.click("button:has-text('Record concern')")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Not seen by any professional")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Record a notice served outside the system')")
    check_axe(page, javascript=javascript)
    fill_date(page, "served_on", today)
    page.fill("#reasons", "No information about the education has been given")
    page.click("button:has-text('Record the notice')")
    ends = today + timedelta(days=14)
    expect(page.locator("main")).to_contain_text(f"until {ends.day} {ends:%B %Y}")
    page.click("a:has-text('Back to the home education register')")
    expect(page.locator("table")).to_contain_text("Safeguarding concern")
    check_axe(page, javascript=javascript)

    # Mia's case: start enquiries.
    page.click("a:has-text('Mia Green')")
    page.click("button:has-text('Start enquiries')")
    expect(page.locator("main")).to_contain_text("Enquiries under way")
    check_axe(page, javascript=javascript)
    page.context.close()

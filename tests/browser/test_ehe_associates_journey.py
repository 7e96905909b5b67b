"""EHE associate visits: a manager sets the year's budget; the EHE practitioner adds an associate,
allocates a visit on a case, records it, and sees the budget move. JavaScript on and off, axe on
every page."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.ehe_budget import financial_year_label
from shared.models import Case, Role
from shared.services import ehe
from tests.browser.conftest import check_axe, fill_date, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_budget_associate_visit_and_the_budget_moving(browser, live_server, make, javascript):
    today = today_in_england()
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    manager = make.user(Role.MANAGER, full_name="Morgan Manager")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    ehe.record_deletion_return(teacher, ehe.NotificationAnswers(
        first_name="Leo", last_name="Hart", date_of_birth=date(2013, 2, 3), address="5 Oak Road",
        parent_names="Jo Hart", parent_email="jo@example.com", deleted_on=today), f"browser-{javascript}",
        today=today)
    db.session.commit()
    case = db.session.scalars(select(Case)).one()

    # The manager sets the budget.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, manager, PASSWORD)
    page.click("nav a:has-text('EHE associates budget')")
    expect(page.locator("h1")).to_contain_text("EHE associate visits budget")
    expect(page.locator("#budget-position")).to_contain_text("Not set")
    check_axe(page, javascript=javascript)
    page.fill("#amount", "")
    page.click("button:has-text('Set the budget')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the budget")
    check_axe(page, javascript=javascript)
    page.fill("#amount", "500")
    page.click("button:has-text('Set the budget')")
    expect(page.locator("#budget-position")).to_contain_text("£500.00")
    page.context.close()

    # The practitioner adds an associate.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.click("nav a:has-text('EHE associates budget')")
    expect(page.locator("h1")).to_contain_text(financial_year_label(today.year if today.month >= 4 else today.year - 1))
    expect(page.locator("button:has-text('Set the budget')")).to_have_count(0)
    check_axe(page, javascript=javascript)
    page.click("a:has-text('EHE associates and their rates')")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Add an associate')")
    page.fill("#name", "Alex Head")
    page.fill("#email", "alex.head@example.com")
    page.fill("#visit_fee", "120")
    page.click("button:has-text('Save associate')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the mileage rate")
    expect(page.locator("#name")).to_have_value("Alex Head")
    check_axe(page, javascript=javascript)
    page.fill("#mileage_rate", "0.45")
    page.click("button:has-text('Save associate')")
    expect(page.locator("table")).to_contain_text("Alex Head")
    check_axe(page, javascript=javascript)

    # Allocate a visit on the case, by keyboard where it matters.
    page.goto(f"{live_server}/staff/home-education/cases/{case.id}")
    expect(page.locator("#associate-visits")).to_have_text("Associate visits")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Allocate a visit')")
    check_axe(page, javascript=javascript)
    page.select_option("#associate", label="Alex Head: £120.00 a visit and £0.45 a mile")
    fill_date(page, "planned_on", today)
    page.fill("#estimated_miles", "20")
    page.locator("#estimated_miles").press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit allocated")
    expect(page.locator("main")).to_contain_text("£129.00 (estimate)")
    check_axe(page, javascript=javascript)

    # The budget shows it committed.
    page.click("a:has-text('see the budget')")
    expect(page.locator("#budget-position")).to_contain_text("£129.00")
    expect(page.locator("#budget-position")).to_contain_text("£371.00")
    check_axe(page, javascript=javascript)

    # The associate's line leads to their visits.
    page.click("#associate-totals a:has-text('Alex Head')")
    expect(page.locator("h1")).to_contain_text("Alex Head: visits in")
    expect(page.locator("#associate-visits")).to_contain_text("£129.00 (estimate)")
    check_axe(page, javascript=javascript)

    # Record the visit.
    page.click("a:has-text('Leo Hart')")
    page.click("a:has-text('Record the visit')")
    check_axe(page, javascript=javascript)
    page.check("#outcome")
    page.fill("#actual_miles", "30")
    page.fill("#report_notes", "A good range of work seen")
    page.click("button:has-text('Record the visit')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit recorded")
    expect(page.locator("main")).to_contain_text("A good range of work seen")  # the check-in
    expect(page.locator("main")).to_contain_text("£133.50")
    check_axe(page, javascript=javascript)

    # The budget moved from committed to spent.
    page.click("nav a:has-text('EHE associates budget')")
    position = page.locator("#budget-position")
    expect(position).to_contain_text("£133.50")
    expect(position).to_contain_text("£366.50")
    expect(page.locator("#associate-totals")).to_contain_text("£133.50")
    page.click("#associate-totals a:has-text('Alex Head')")
    expect(page.locator("#associate-visits")).to_contain_text("Visited")
    check_axe(page, javascript=javascript)
    page.context.close()

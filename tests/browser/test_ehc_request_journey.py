"""Journey 1 in a real browser: from the dashboard to the confirmation panel, with JavaScript on
and off, axe-core on every page visited and no console errors."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.models import Case, Role
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_parent_requests_an_assessment(browser, live_server, make, javascript):
    parent = make.user(Role.PARENT, full_name="Sam Carter")
    school = make.school(name="Hillside Primary")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    def seen(heading: str | None = None):
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        check_axe(page, javascript=javascript)

    def task(title: str, heading: str):
        page.click(f"a.govuk-task-list__link:has-text('{title}')")
        seen(heading)

    def save():
        page.click("button:has-text('Save and continue')")
        seen("Request an EHC needs assessment")

    page.goto(f"{live_server}/sign-in")
    seen("Sign in")
    page.fill("#email", parent.email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    seen("Your cases")
    page.click("text=Request an EHC needs assessment")
    seen("Request an EHC needs assessment")
    page.click("button:has-text('Start now')")
    seen("Request an EHC needs assessment")
    expect(page.locator(".govuk-task-list").first).to_contain_text("Not yet started")

    task("About the child or young person", "About the child or young person")
    page.fill("#first_name", "Lily")
    page.fill("#last_name", "Carter")
    page.fill("#date_of_birth-day", "4")
    page.fill("#date_of_birth-month", "3")
    page.fill("#date_of_birth-year", "2099")
    page.click("button:has-text('Save and continue')")  # a date in the future: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of birth must be in the past")
    assert page.title().startswith("Error: ")
    expect(page.locator("#first_name")).to_have_value("Lily")
    seen()
    page.fill("#date_of_birth-year", "2016")
    save()

    task("About you", "About you")
    page.check("#parental_responsibility")
    save()

    task("School or setting", "school or setting")
    page.fill("#q", "Hillside")
    page.click("button:has-text('Search')")
    seen("school or setting")
    page.select_option("#school", school.urn)
    save()

    task("Needs and what has been tried", "Needs and what has been tried")
    page.fill("#needs", "Finds reading and writing hard.")
    page.fill("#sen_support", "Daily phonics group for a year.")
    save()

    task("Views, interests and aspirations", "views, interests and aspirations")
    page.fill("#views", "Lily loves horses and wants to be a vet.")
    save()

    task("Health and social care", "Health and social care")
    save()

    task("Consent to share", "Consent to share")
    page.check("#consent")
    save()

    task("Reports and other evidence", "Reports and other evidence")
    page.check("#has_evidence")
    save()

    expect(page.locator(".govuk-task-list").first).not_to_contain_text("Not yet started")
    page.click("a.govuk-task-list__link:has-text('Check your answers and send')")
    seen("Check your answers")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("4 March 2016")
    page.click("button:has-text('Send request')")
    expect(page.locator(".govuk-panel")).to_contain_text("Request sent")
    seen("Request sent")
    case = db.session.scalars(select(Case)).one()
    expect(page.locator(".govuk-panel")).to_contain_text(case.reference)
    expect(page.locator("main")).to_contain_text("What happens next")
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()

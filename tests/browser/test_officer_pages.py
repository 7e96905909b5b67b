"""Officer pages added for the EHC assessment: recording a postal request, recording an
exception, deciding whether to issue a plan. JavaScript off, axe on every page."""

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.models import CaseKind, Role
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_officer_records_a_postal_request_an_exception_and_a_plan_decision(browser, live_server, make):
    make.contacts()
    officer = make.user(Role.EHC_OFFICER)
    page = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/requests/new")
    check_axe(page, javascript=False)
    page.click("button:has-text('Record the request')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page, javascript=False)
    page.fill("#first_name", "Noah")
    page.fill("#last_name", "Brown")
    page.fill("#date_of_birth-day", "2")
    page.fill("#date_of_birth-month", "9")
    page.fill("#date_of_birth-year", "2014")
    page.fill("#received_on-day", "2")
    page.fill("#received_on-month", "11")
    page.fill("#received_on-year", "2026")
    page.check("input[value=post]")
    page.fill("#requester", "Ann Brown, mother")
    page.click("button:has-text('Record the request')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request recorded as EHC-")
    check_axe(page, javascript=False)

    page.click("text=Record an exception to a time limit")
    check_axe(page, javascript=False)
    page.check("input[value=exceptional_personal_circumstances]")
    page.fill("#starts_on-day", "3")
    page.fill("#starts_on-month", "11")
    page.fill("#starts_on-year", "2026")
    page.fill("#note", "Family emergency")
    page.click("button:has-text('Record the exception')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Exception recorded")

    from shared.models import Case

    case = db.session.query(Case).filter_by(kind=CaseKind.EHC_ASSESSMENT).one()
    case.status = "assessing"
    db.session.commit()
    page.reload()
    expect(page.locator("h2", has_text="Decide whether to issue an EHC plan")).to_be_visible()
    check_axe(page, javascript=False)

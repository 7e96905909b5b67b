"""The print queue, as an officer uses it with JavaScript off: letters waiting (one without an
address), adding the address, printing a batch, marking it posted. Axe on every page."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Notice, NoticeStatus, Role
from shared.services.decisions import decide_whether_to_assess
from shared.services.family_contacts import ContactDetails, record_contact_from_request
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_officer_prints_and_posts_the_letters_waiting(browser, live_server, make):
    make.contacts()
    officer = make.user(Role.EHC_OFFICER, full_name="Olu Officer")
    addressed = make.child(first_name="Noah", last_name="Brown")
    record_contact_from_request(addressed, ContactDetails(name="Ann Brown", address_line_1="4 Mill Lane",
                                                          town="Northbridge", postcode="NB2 3CD"),
                                source="paper_request")
    unaddressed = make.child(first_name="Ella", last_name="Black")
    today = today_in_england()
    for child in (addressed, unaddressed):
        case = make.case(child)
        decide_whether_to_assess(case, agree=True, reasons=["Needs may not be met at SEN support"], actor=officer,
                                 expected_version=case.version, today=today)
    db.session.commit()

    page = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.click("a:has-text('Letters to post')")
    expect(page.locator("h1")).to_have_text("Letters to post")
    expect(page.locator("table")).to_contain_text("4 Mill Lane")
    expect(page.locator("table")).to_contain_text("No address")
    check_axe(page, javascript=False)
    page.set_viewport_size({"width": 375, "height": 800})  # WCAG 1.4.10: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    page.click("a:has-text('Add the address')")
    check_axe(page, javascript=False)
    page.fill("#postcode", "not a postcode")
    page.click("button:has-text('Add the address')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page, javascript=False)
    page.fill("#name", "Ben Black")
    page.fill("#address_line_1", "9 Station Road")
    page.fill("#town", "Eastbridge")
    page.fill("#postcode", "eb1 2xy")
    page.click("button:has-text('Add the address')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Address added")

    page.click("button:has-text('Print the 2 letters with an address')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Batch made")
    check_axe(page, javascript=False)
    with page.expect_download() as download:
        page.click("a:has-text('Download the letters to print')")
    assert download.value.suggested_filename == f"letters-{today.isoformat()}.pdf"
    page.click("#posted-submit")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Batch marked as posted")
    expect(page.locator("main")).to_contain_text("Posted")
    check_axe(page, javascript=False)
    db.session.expire_all()
    assert {n.status for n in db.session.scalars(select(Notice))} == {NoticeStatus.SENT}


def test_officer_records_a_familys_address_and_letters_by_post(browser, live_server, make):
    make.contacts()
    officer = make.user(Role.EHC_OFFICER)
    parent = make.user(Role.PARENT, full_name="Sam Carter")
    case = make.case(make.child(parent, first_name="Lily", last_name="Carter"))
    page = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/cases/{case.id}")
    page.click("a:has-text('Who gets the letters')")
    expect(page.locator("h1")).to_have_text("Who gets the letters")
    check_axe(page, javascript=False)
    page.click("a:has-text('Add an address')")
    check_axe(page, javascript=False)
    page.check("#prefers_post")
    page.click("button:has-text('Save contact details')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter address line 1")
    check_axe(page, javascript=False)
    page.fill("#address_line_1", "1 High Street")
    page.fill("#town", "Northbridge")
    page.fill("#postcode", "NB1 1AA")
    page.click("button:has-text('Save contact details')")
    expect(page.locator(".govuk-summary-card")).to_contain_text("email and post")
    check_axe(page, javascript=False)

"""The triage queue in a real browser, with and without JavaScript: filter, search, assign."""

from datetime import datetime, timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.models import CaseKind, Role
from shared.web.filters import LONDON
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_officer_filters_searches_and_assigns(browser, live_server, make, javascript):
    officer = make.user(Role.EHC_OFFICER, full_name="Ann Officer")
    make.user(Role.EHC_OFFICER, full_name="Bob Officer")
    today = datetime.now(LONDON).date()
    school = make.school(name="Oak Primary")
    lily = make.case(make.child(first_name="Lily", last_name="Okafor", school=school), CaseKind.EHC_ASSESSMENT,
                     received_on=today - timedelta(days=45))
    tom = make.case(make.child(first_name="Tom", last_name="Baker"), CaseKind.EHC_ASSESSMENT,
                    received_on=today - timedelta(days=100))
    tom.status = "assessing"
    db.session.commit()
    make.case(make.child(first_name="Ava", last_name="Jones"), CaseKind.EHC_ASSESSMENT, received_on=today)

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    def check():
        check_axe(page, javascript=javascript)

    page.goto(f"{live_server}/staff/sign-in")
    check()
    page.fill("#email", officer.email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Continue')")
    check()
    page.fill("#code", pyotp.TOTP(officer.totp_secret).now())
    page.click("button:has-text('Sign in')")
    page.click(".govuk-service-navigation a:has-text('Triage')")
    expect(page.locator("h1")).to_have_text("Triage queue")
    rows = page.locator("#triage-results tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Overdue by 3 days")  # Lily: 6 weeks passed 3 days ago
    check()

    # Filter by stage: with JavaScript the change alone updates the results.
    page.select_option("#stage", "assessing")
    if not javascript:
        page.click("#apply-filters")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(tom.reference)
    expect(page).to_have_url(f"{live_server}/staff/triage?q=&stage=assessing&officer=&school=&due=all")
    check()

    # Back to every stage, then search by name.
    page.select_option("#stage", "")
    page.fill("#q", "okaf")
    if javascript:
        page.press("#q", "Enter")
    else:
        page.click("#apply-filters")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(lily.reference)
    expect(rows.first).to_contain_text("Oak Primary")
    expect(page.locator("#q")).to_have_value("okaf")
    check()

    # Assign Lily's request to Bob from the queue.
    page.select_option(f"#officer-{lily.id}", label="Bob Officer")
    page.click(f"#assign-{lily.id}")
    row = page.locator(f"#case-{lily.id}")
    expect(row.locator("p.govuk-body-s")).to_have_text("Bob Officer")
    expect(page.locator(f"#assign-{lily.id}")).to_contain_text("Reassign")
    if javascript:
        expect(page.locator("#triage-status")).to_have_text("Case assigned to Bob Officer.")
        assert page.url.endswith("q=okaf&stage=&officer=&school=&due=all")  # the row alone changed
    else:
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Case assigned to Bob Officer")
        assert "q=okaf" in page.url  # back to the queue, its filters kept
    check()

    # Reassign to Ann: the row carries the new version, so a second save is not a conflict.
    page.select_option(f"#officer-{lily.id}", label="Ann Officer")
    page.click(f"#assign-{lily.id}")
    expect(row.locator("p.govuk-body-s")).to_have_text("Ann Officer")
    check()

    page.click(f"text={lily.reference}")
    expect(page.locator("h1")).to_contain_text(lily.reference)
    check()
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()

"""The timeliness report in a real browser, with and without JavaScript: the menu link, the
figures, the period form and its errors, axe on every page."""

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Event, Role
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_manager_reads_the_timeliness_report(browser, live_server, make, javascript):
    today = today_in_england()
    manager = make.user(Role.MANAGER)
    late = make.case(make.child(), CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=100))
    late.status = "assessing"
    db.session.add(Event(case_id=late.id, kind="agree_to_assess", summary="Agreed to assess",
                         at=datetime.combine(late.received_on + timedelta(days=50), time(12), tzinfo=UTC)))
    db.session.commit()
    make.case(make.child(), CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=10))

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, manager, PASSWORD)
    page.click(".govuk-service-navigation >> text=Reports")
    expect(page.locator("h1")).to_have_text("Timeliness of EHC needs assessments")
    expect(page.locator("#late-decision")).to_contain_text(late.reference)
    check_axe(page, javascript=javascript)

    page.fill("#to_date-day", "")
    page.fill("#to_date-month", "")
    page.fill("#to_date-year", "1999")
    page.click("#show-report")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page, javascript=javascript)

    start = today - timedelta(days=20)
    page.fill("#from_date-day", str(start.day))
    page.fill("#from_date-month", str(start.month))
    page.fill("#from_date-year", str(start.year))
    page.fill("#to_date-year", "")
    page.click("#show-report")
    expect(page.locator("#report-period")).to_contain_text("1 request received from")
    expect(page.locator("#late-decision")).to_have_count(0)
    check_axe(page, javascript=javascript)

"""Journey 7 for a health professional: they refer a child under Section 19 from their own account
and follow the referral; the Section 19 lead changes the package and then ends it without closing
the case. JavaScript on and off, axe on every page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, Role
from shared.queries.calendar import school_calendar
from shared.services import section19 as s19
from tests.browser.conftest import check_axe, fill_date, staff_sign_in
from tests.browser.test_section19_journey import _calendar
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_health_professional_refers_and_follows_the_referral(browser, live_server, make, javascript):
    make.contacts()
    _calendar(make)
    school = make.school(name="Hilltop Academy")
    nurse = make.user(Role.HEALTH_PROFESSIONAL, full_name="Dr Kim Health", organisation="Northbridge CAMHS",
                      job_title="Consultant psychiatrist")
    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", nurse.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    page.click("a:has-text('Refer a child under Section 19')")
    expect(page.locator("h1")).to_have_text("Refer a child for Section 19 education")
    expect(page.locator("main")).to_contain_text("Northbridge CAMHS")
    check_axe(page, javascript=javascript)
    page.fill("#first_name", "Ava")
    page.fill("#last_name", "Stone")
    fill_date(page, "date_of_birth", today_in_england().replace(year=today_in_england().year - 11, day=1))
    page.fill("#address", "1 High Street, Northbridge")
    page.check("#reason")
    page.fill("#expected_absence_days", "30")
    page.fill("#days_missed", "5")
    page.fill("#school_view", "Ava is on a ward and cannot attend school.")
    page.fill("#parent_name", "Pat Stone")
    page.fill("#parent_email", "pat@example.com")
    page.check("#parent_told")
    page.check("#parent_consents")
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the child's school")
    expect(page.locator("#first_name")).to_have_value("Ava")
    check_axe(page, javascript=javascript)
    page.select_option("#school", label=f"Hilltop Academy (URN {school.urn})")
    page.click("button:has-text('Continue')")
    expect(page.locator("h1")).to_have_text("Check your answers before sending the referral")
    expect(page.locator("main")).to_contain_text("Hilltop Academy")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send referral')")
    reference = db.session.scalars(select(Case).where(Case.kind == CaseKind.SECTION_19)).one().reference
    expect(page.locator(".govuk-panel")).to_contain_text(reference)
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Your referrals')")
    expect(page.locator("main")).to_contain_text(reference)
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Ava Stone')")
    expect(page.locator("main")).to_contain_text("Education arranged from (15-school-day rule)")
    check_axe(page, javascript=javascript)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_lead_changes_then_ends_a_package(browser, live_server, make, javascript):
    make.contacts()
    _calendar(make)
    school = make.school(name="Hilltop Academy", email="office@hilltop.example.uk")
    senco = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    lead = make.user(Role.S19_LEAD, full_name="Lee Lead")
    today = today_in_england()
    case = s19.submit_referral(senco, s19.ReferralAnswers(
        first_name="Ava", last_name="Stone", date_of_birth=today.replace(year=today.year - 11, day=1), upn="",
        address="1 High St", reason="illness", expected_absence_days=20, exclusion_first_day=None, other_reason="",
        days_missed=4, school_view="In hospital", parent_name="Pat Stone", parent_email="pat@example.com",
        parent_views="", parent_told=True, parent_consents=True, referrer_type="school", referrer_job_title="SENCo"),
        "k", today=today)
    s19.decide_referral(case, outcome="accept", reasons="", actor=lead, expected_version=case.version, today=today)
    group = s19.add_provider(name="Hospital School", provider_type="Hospital education", delivery="group",
                             hourly_rate=Decimal("30"), actor=lead)
    package = s19.commission_package(case, provider=group, hours_per_week=Decimal("25"), full_time=True,
                                     reduced_reason="", individual_reason="", starts_on=today - timedelta(days=14),
                                     review_every_weeks=6, calendar=school_calendar(), actor=lead,
                                     expected_version=case.version)
    db.session.commit()

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, lead, PASSWORD)
    page.goto(f"{live_server}/staff/section-19/cases/{case.id}")
    page.click("a:has-text('Change the package')")
    expect(page.locator("h1")).to_have_text("Change the package")
    check_axe(page, javascript=javascript)
    page.fill("#hours_per_week", "12")
    page.check("#full_time-2")
    fill_date(page, "effective_on", package.starts_on + timedelta(days=21))
    page.click("button:has-text('Change the package')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the health reason")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for the change")
    expect(page.locator("#hours_per_week")).to_have_value("12")
    check_axe(page, javascript=javascript)
    page.fill("#reduced_reason", "Fatigue after treatment")
    page.fill("#change_reason", "Hospital advice: mornings only")
    page.click("button:has-text('Change the package')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Package changed")
    expect(page.locator("main")).to_contain_text("Package history")
    expect(page.locator("main")).to_contain_text("£360.00")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('End the package without closing the case')")
    check_axe(page, javascript=javascript)
    fill_date(page, "ends_on", package.starts_on + timedelta(days=40))
    page.fill("#end_reason", "The hospital school has no place after this date")
    page.click("button:has-text('End the package and send the letter')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Package ended")
    expect(page.locator("main")).to_contain_text("Package ended: case open")
    expect(page.locator("main")).to_contain_text("Commission a new package")
    check_axe(page, javascript=javascript)

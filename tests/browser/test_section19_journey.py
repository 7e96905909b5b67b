"""Journey 7: a school refers a permanently excluded pupil under Section 19; the Section 19 lead
adds a provider, decides, commissions a package starting by the 6th school day, reviews it and
plans the return to school. JavaScript on and off, axe on every page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.school_days import ClosureKind
from shared.models import Case, CaseKind, Role
from shared.queries.calendar import school_calendar
from shared.services import calendar as cal_service
from tests.browser.conftest import check_axe, fill_date, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _calendar(make):
    admin = make.user(Role.ADMINISTRATOR)
    today = today_in_england()
    first = today.year - 1 if today.month < 9 else today.year
    for start in (first, first + 1):
        year = cal_service.add_academic_year(start, actor=admin)
        cal_service.add_term(year, name="Autumn", first_day=today.replace(year=start, month=9, day=1),
                             last_day=today.replace(year=start, month=12, day=18), actor=admin)
        cal_service.add_term(year, name="Spring", first_day=today.replace(year=start + 1, month=1, day=5),
                             last_day=today.replace(year=start + 1, month=3, day=26), actor=admin)
        cal_service.add_term(year, name="Summer", first_day=today.replace(year=start + 1, month=4, day=12),
                             last_day=today.replace(year=start + 1, month=7, day=20), actor=admin)
        cal_service.add_closure_day(year, day=today.replace(year=start, month=9, day=1), kind=ClosureKind.INSET,
                                    note="Training", actor=admin)
    db.session.commit()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_section_19_referral_to_return(browser, live_server, make, javascript):
    make.contacts()
    _calendar(make)
    school = make.school(name="Hilltop Academy")
    senco = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Jo Senco")
    lead = make.user(Role.S19_LEAD, full_name="Lee Lead")
    calendar = school_calendar()
    excluded_on = calendar.first_school_day_on_or_after(today_in_england())
    statutory = calendar.nth_school_day_of(excluded_on, 6)

    # The school refers.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", senco.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    page.click("a:has-text('Section 19 referral')")
    expect(page.locator("h1")).to_have_text("Refer a child for Section 19 education")
    check_axe(page, javascript=javascript)
    page.check("#referrer_type")
    page.fill("#referrer_job_title", "SENCo")
    page.fill("#first_name", "Finn")
    page.fill("#last_name", "Excluded")
    fill_date(page, "date_of_birth", excluded_on.replace(year=excluded_on.year - 12, day=1))
    page.fill("#address", "2 Park Road, Northbridge")
    page.check("#reason-2")
    fill_date(page, "exclusion_first_day", excluded_on)
    page.fill("#days_missed", "0")
    page.fill("#parent_name", "Sam Excluded")
    page.fill("#parent_email", "sam@example.com")
    page.check("#parent_told")
    page.check("#parent_consents")
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the school's view")
    expect(page.locator("#first_name")).to_have_value("Finn")
    check_axe(page, javascript=javascript)
    page.fill("#school_view", "Permanently excluded; the school cannot provide education.")
    page.click("button:has-text('Continue')")
    expect(page.locator("h1")).to_have_text("Check your answers before sending the referral")
    expect(page.locator("main")).to_contain_text("Permanent exclusion")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send referral')")
    expect(page.locator(".govuk-panel")).to_contain_text("Referral sent")
    reference = db.session.scalars(select(Case).where(Case.kind == CaseKind.SECTION_19)).one().reference
    expect(page.locator(".govuk-panel")).to_contain_text(reference)
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Go to the case page')")
    expect(page.locator("main")).to_contain_text("Full-time education from (6th school day of the exclusion)")
    check_axe(page, javascript=javascript)

    # The Section 19 lead adds a provider, decides and commissions a package.
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, lead, PASSWORD)
    page.click("a:has-text('Section 19')")
    expect(page.locator("h1")).to_have_text("Section 19 caseload")
    expect(page.locator("main")).to_contain_text(reference)
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Provider catalogue')")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Add a provider')")
    check_axe(page, javascript=javascript)
    page.fill("#name", "Northbridge Learning Centre")
    page.fill("#provider_type", "Alternative provision")
    page.check("#delivery")
    page.fill("#hourly_rate", "30")
    page.click("button:has-text('Save provider')")
    expect(page.locator("table")).to_contain_text("Northbridge Learning Centre")
    check_axe(page, javascript=javascript)

    page.goto(f"{live_server}/staff/section-19")
    page.click(f"a:has-text('{reference}')")
    expect(page.locator("h1")).to_have_text("Section 19: Finn Excluded")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Decide the referral')")
    check_axe(page, javascript=javascript)
    page.check("#decision")
    page.click("button:has-text('Record decision and send notice')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Commission a package')")
    check_axe(page, javascript=javascript)
    page.select_option("#provider", label="Northbridge Learning Centre: group, £30.00 an hour")
    page.fill("#hours_per_week", "25")
    page.check("#full_time")
    fill_date(page, "starts_on", statutory)
    page.click("button:has-text('Commission the package')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Package commissioned")
    expect(page.locator("main")).to_contain_text("£750.00")
    expect(page.locator("main")).not_to_contain_text("Starts late")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Review the package')")
    check_axe(page, javascript=javascript)
    fill_date(page, "reviewed_on", today_in_england())
    page.check("#outcome")
    page.fill("#notes", "Settling in well")
    page.click("button:has-text('Record the review')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review recorded")
    expect(page.locator("main")).to_contain_text("Settling in well")

    page.click("a:has-text('Plan the return to school')")
    check_axe(page, javascript=javascript)
    fill_date(page, "target_on", today_in_england() + timedelta(days=42))
    page.fill("#receiving_school", "Riverside Academy")
    page.fill("#notes", "Phased return, mornings first")
    page.click("button:has-text('Save the plan for the return')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("plan for the return")
    expect(page.locator("main")).to_contain_text("Target date to return to school")
    check_axe(page, javascript=javascript)

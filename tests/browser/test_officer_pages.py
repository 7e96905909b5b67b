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


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_officer_writes_sends_and_issues_the_plan(browser, live_server, make, javascript):
    from shared.models import Case
    from shared.services import plans

    make.contacts()
    parent = make.user(Role.PARENT)
    school = make.school(name="Oak Park Primary", urn="123456")
    case = make.case(make.child(parent, school=school))
    case.status = "drafting"
    db.session.commit()
    officer = make.user(Role.EHC_OFFICER)
    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/cases/{case.id}")
    page.click("text=Write the EHC plan")
    expect(page.locator("h1")).to_have_text("Write the EHC plan")
    check_axe(page, javascript=javascript)

    page.click("text=Section A: The views, interests and aspirations")
    check_axe(page, javascript=javascript)
    page.fill("#a", "Lily loves drawing.")
    page.click("button:has-text('Save and return to the plan')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Section A saved (plan version 1)")

    page.click("text=Section B: Special educational needs")
    page.select_option("#b-1-area", "cognition_learning")
    page.fill("#b-1-text", "Lily reads two years behind her age.")
    page.click("button:has-text('Save and add another')")
    expect(page.locator("#b-2-text")).to_be_visible()
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Save and return to the plan')")

    page.click("text=Section F: Special educational provision")
    page.fill("#f-1-what", "Access to speech therapy")
    page.fill("#f-1-who", "A therapist")
    page.fill("#f-1-how_often", "Regular")
    page.fill("#f-1-how_long", "30 minutes")
    page.click("button:has-text('Save and return to the plan')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#f-1-what")).to_have_value("Access to speech therapy")
    check_axe(page, javascript=javascript)

    page.goto(f"{live_server}/staff/cases/{case.id}/plan/sections/i?q=Oak")
    check_axe(page, javascript=javascript)
    page.select_option("#school", label="Oak Park Primary (URN 123456)")
    page.click("button:has-text('Save and return to the plan')")

    # The rest of the plan, written through the service.
    case = db.session.get(Case, case.id)
    need = plans.latest_version(case).content["b"][0]["id"]
    sections = {"c": "None identified", "d": "None identified", "g": "None", "h1": "None", "h2": "None",
                "j": "None requested", "k": "Advice from the educational psychologist",
                "e": [{"text": "Lily will read books for her age", "by_when": "July 2028", "needs": [need]}],
                "f": [{"what": "One-to-one phonics", "who": "A trained teaching assistant",
                       "how_often": "3 times a week", "how_long": "30 minutes", "needs": [need]}]}
    for key, value in sections.items():
        plans.save_section(case, key, value, actor=officer, based_on=plans.latest_version(case).number)
    db.session.commit()

    page.goto(f"{live_server}/staff/cases/{case.id}/plan")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Send the draft plan to the family')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The draft plan is being sent")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Issue the final plan')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons for the plan")
    if javascript:  # the page answers a POST: without JavaScript axe would open its address with a GET
        check_axe(page)
    page.fill("#school_q", "123456")
    page.click("button:has-text('Search')")
    page.select_option("#consult-school", label="Oak Park Primary (URN 123456): named in section I")
    page.click("button:has-text('Consult the school')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Oak Park Primary has been consulted")
    check_axe(page, javascript=javascript)

    page.click("a[href$='/plan/versions/1']")
    expect(page.locator("h1")).to_have_text("Plan version 1")
    check_axe(page, javascript=javascript)

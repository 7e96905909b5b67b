"""Journey 4 in the portal, in a real browser with JavaScript on and off: the family reads the
draft plan and responds to it; the school consulted reads it and answers. axe-core on every page
visited and no console errors."""

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.services.plans import consult_school
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD
from tests.plan_helpers import draft_sent

pytestmark = pytest.mark.browser


def _page(browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return context, page, errors


def _sign_in(page, base, email, javascript):
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    check_axe(page, javascript=javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_family_reads_and_responds_to_the_draft(browser, live_server, make, javascript):
    case, parent, _, _, number = draft_sent(make)
    make.school(name="Riverside Academy", urn="654321")
    context, page, errors = _page(browser, javascript)

    def seen(heading):
        expect(page.locator("h1")).to_contain_text(heading)
        check_axe(page, javascript=javascript)

    _sign_in(page, live_server, parent.email, javascript)
    page.goto(f"{live_server}/cases/{case.id}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Respond to the draft plan by")
    seen("Lily Parent")
    page.click("a:has-text('view')")
    seen("Draft EHC plan for Lily Parent")
    expect(page.locator("#section-f")).to_contain_text("2 sessions of 30 minutes a week")
    page.click("a.govuk-button:has-text('Respond to the draft plan')")
    seen("Respond to the draft plan")

    page.click("button:has-text('Send your response')")  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select which school or setting")
    assert page.title().startswith("Error: ")
    seen("Respond to the draft plan")

    page.fill("#comments", "Section F should include help at lunchtime.")
    page.check("#preference")  # A school or college from the list (reveals the search with JavaScript)
    page.fill("#q", "Riverside")
    page.click("button:has-text('Search')")
    seen("Respond to the draft plan")
    expect(page.locator("#comments")).to_have_value("Section F should include help at lunchtime.")
    page.select_option("#school", "654321")
    page.check("#meeting")  # Yes
    page.click("button:has-text('Send your response')")
    expect(page.locator(".govuk-panel")).to_contain_text("Response sent")
    seen("Response sent")
    expect(page.locator("main")).to_contain_text("Riverside Academy")

    page.click("text=Back to the case")
    expect(page.locator("main")).to_contain_text("Responses to the draft plan")
    seen("Lily Parent")
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_school_answers_its_consultation(browser, live_server, make, javascript):
    case, _, officer, _, _ = draft_sent(make)
    school = make.school(name="Riverside Academy")
    consult_school(case, school, actor=officer, today=today_in_england())
    db.session.commit()
    teacher = make.user(Role.SCHOOL_STAFF, full_name="Ada Teacher", school_id=school.id)
    context, page, errors = _page(browser, javascript)

    def seen(heading):
        expect(page.locator("h1")).to_contain_text(heading)
        check_axe(page, javascript=javascript)

    _sign_in(page, live_server, teacher.email, javascript)
    page.click(".govuk-service-navigation a:has-text('Consultations')")
    seen("Consultations")
    page.click("a:has-text('Lily Parent')")
    seen("Consultation about Lily Parent")
    page.check("#answer-3")  # cannot meet, without the reasons
    page.click("button:has-text('Send your answer')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain your answer")
    seen("Consultation about Lily Parent")
    page.fill("#details", "The resource base has no places this year.")
    page.click("button:has-text('Send your answer')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent")
    expect(page.locator("main")).to_contain_text("The resource base has no places this year.")
    seen("Consultation about Lily Parent")
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()

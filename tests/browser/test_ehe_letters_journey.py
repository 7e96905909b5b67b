"""Home education letters: the EHE practitioner sends the notice under s.437(1) as a letter from
the case page (a mistake is shown in the error summary with the answers kept); the parent sees
the home education panel on their case page with the period's last day and the letter. JavaScript
on and off, axe on every page, the panel link reached by keyboard."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.services import ehe
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_officer_sends_the_s437_notice_and_the_parent_sees_it(browser, live_server, app, make, javascript):
    make.contacts()
    today = today_in_england()
    school = make.school(name="Hilltop Academy")
    parent = make.user(Role.PARENT, full_name="Pat Green")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    answers = ehe.NotificationAnswers(first_name="Mia", last_name="Green",
                                      date_of_birth=today.replace(year=today.year - 10, day=1),
                                      address="2 Mill Lane", parent_names="Pat Green", school_urn=school.urn)
    case = ehe.notify_home_education(parent, answers, f"browser-{javascript}", today=today)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    ends = today + timedelta(days=14)

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/cases/{case.id}")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('The home education case')")
    expect(page.locator("h1")).to_have_text("Home education: Mia Green")
    check_axe(page, javascript=javascript)
    page.click("a:has-text('Send a notice under section 437(1)')")
    check_axe(page, javascript=javascript)
    page.fill("#days", "10")
    page.fill("#reasons", "No information about the education has been given")
    page.click("button:has-text('Send the notice')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least 15 days")
    expect(page.locator("#reasons")).to_have_value("No information about the education has been given")
    check_axe(page, javascript=javascript)
    page.fill("#days", "15")
    page.click("button:has-text('Send the notice')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Notice sent")
    expect(page.locator("main")).to_contain_text(f"until {ends.day} {ends:%B %Y}")
    expect(page.locator("main")).to_contain_text("s.437(1) notice served")
    check_axe(page, javascript=javascript)
    page.context.close()

    run_jobs(app)  # the letter is rendered and sent

    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", parent.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    page.goto(f"{live_server}/cases/{case.id}")
    panel = page.locator("main")
    expect(panel).to_contain_text("Home education")
    expect(panel).to_contain_text("Show us the education is suitable by")
    expect(panel).to_contain_text(f"{ends.day} {ends:%B %Y}")
    letter = page.locator("#home-education-panel a:has-text('Notice under section 437(1)')")
    expect(letter).to_have_attribute("href", f"/notices/{case_notice_id(case)}/letter.pdf")
    letter.focus()
    expect(letter).to_be_focused()
    check_axe(page, javascript=javascript)
    page.context.close()


def case_notice_id(case) -> str:
    from sqlalchemy import select

    from shared.models import Notice

    db.session.expire_all()
    return str(db.session.scalars(select(Notice).where(Notice.case_id == case.id)).one().id)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_parent_answers_the_request_for_information(browser, live_server, make, javascript):
    make.contacts()
    today = today_in_england()
    school = make.school(name="Hilltop Academy")
    parent = make.user(Role.PARENT, full_name="Pat Green")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    answers = ehe.NotificationAnswers(first_name="Mia", last_name="Green",
                                      date_of_birth=today.replace(year=today.year - 10, day=1),
                                      address="2 Mill Lane", parent_names="Pat Green", school_urn=school.urn)
    case = ehe.notify_home_education(parent, answers, f"info-{javascript}", today=today)
    ehe.request_information(case, days=15, actor=officer, expected_version=case.version, today=today)
    db.session.commit()

    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", parent.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    page.goto(f"{live_server}/cases/{case.id}")
    expect(page.locator("#home-education-panel")).to_contain_text("We have asked for information")
    check_axe(page, javascript=javascript)
    link = page.locator("a:has-text('Answer the request for information')")
    link.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(page.locator("h1")).to_have_text("Tell us about your child's education")
    check_axe(page, javascript=javascript)
    page.fill("#hours_by_parents", "")
    page.fill("#other_providers", "Maths tutor on Tuesdays")
    page.click("button:has-text('Send your answers')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the hours a week you teach your child")
    expect(page.locator("#other_providers")).to_have_value("Maths tutor on Tuesdays")
    check_axe(page, javascript=javascript)
    page.fill("#hours_by_parents", "18")
    page.fill("#hours_by_others", "3")
    page.click("button:has-text('Send your answers')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have your answers")
    expect(page.locator("#home-education-panel")).not_to_contain_text("We have asked for information")
    check_axe(page, javascript=javascript)
    page.context.close()

"""The EHE register's "register information overdue" filter in a real browser, with and without
JavaScript: tick the box, see only the overdue requests with their dates, page on with the filter
kept, open a case and see the date there too; every page passes axe."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.queries import ehe as q
from shared.services import ehe
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_practitioner_filters_the_register_to_overdue_information(browser, live_server, make, monkeypatch,
                                                                  javascript):
    monkeypatch.setattr(q, "REGISTER_PAGE_SIZE", 2)
    make.contacts()
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    today = today_in_england()
    cases = {}
    for n, name in enumerate(["Ada", "Ben", "Cai", "Dee"]):
        answers = ehe.NotificationAnswers(first_name=name, last_name="Late", date_of_birth=date(2014, 5, 6),
                                          address="1 Long Lane", parent_names="Jo Late",
                                          parent_email="jo@example.com", deleted_on=today)
        cases[name] = ehe.record_deletion_return(teacher, answers, f"browser-late-{n}", today=today)
        # Ada, Ben and Cai were asked 20 days ago (overdue); Dee today (not yet due).
        ehe.request_information(cases[name], days=15, actor=officer, expected_version=None,
                                today=today if name == "Dee" else today - timedelta(days=20))
        db.session.commit()
    due = today - timedelta(days=6)

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/home-education")
    page.get_by_label("Only children with the register information overdue").check()
    page.click("button:has-text('Filter')")
    expect(page.locator("caption")).to_have_text("3 children, showing 1 to 2")
    expect(page.locator("table")).to_contain_text("Information overdue")
    expect(page.locator("table")).to_contain_text(f"Was due by {due.day} {due:%B %Y}")
    expect(page.locator("table")).not_to_contain_text("Dee Late")
    check_axe(page, javascript=javascript)

    next_link = page.locator(".govuk-pagination__next a")
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("caption")).to_have_text("3 children, showing 3 to 3")
    assert "information=overdue" in page.url and "page=2" in page.url
    expect(page.locator("#information-filter")).to_be_checked()

    page.locator("table a.govuk-link").first.click()
    expect(page.locator("main")).to_contain_text(f"Information overdue The parents have not answered the request "
                                                 f"for the register information: it was due by "
                                                 f"{due.day} {due:%B %Y}.")
    check_axe(page, javascript=javascript)
    page.context.close()

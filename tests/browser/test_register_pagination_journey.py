"""The paged EHE register in a real browser, with and without JavaScript: filter, then page on by
keyboard with the filter kept; every page passes axe."""

from datetime import date

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
def test_practitioner_pages_through_the_register(browser, live_server, make, monkeypatch, javascript):
    monkeypatch.setattr(q, "REGISTER_PAGE_SIZE", 2)
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    for n, name in enumerate(["Ada", "Ben", "Cai"]):
        answers = ehe.NotificationAnswers(first_name=name, last_name="Pager", date_of_birth=date(2014, 5, 6),
                                          address="1 Long Lane", parent_names="Jo Pager",
                                          deleted_on=today_in_england())
        ehe.record_deletion_return(teacher, answers, f"browser-page-{n}", today=today_in_england())
        db.session.commit()

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/home-education")
    page.select_option("#status-filter", "notified")
    page.click("button:has-text('Filter')")
    expect(page.locator("caption")).to_have_text("3 children, showing 1 to 2")
    expect(page.locator("table")).to_contain_text("Ada Pager")
    expect(page.locator("table")).not_to_contain_text("Cai Pager")
    check_axe(page, javascript=javascript)

    next_link = page.locator(".govuk-pagination__next a")
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("caption")).to_have_text("3 children, showing 3 to 3")
    expect(page.locator("table")).to_contain_text("Cai Pager")
    assert "status=notified" in page.url and "page=2" in page.url
    expect(page.locator("#status-filter")).to_have_value("notified")
    expect(page.locator(".govuk-pagination__item--current")).to_contain_text("2")
    check_axe(page, javascript=javascript)
    page.context.close()

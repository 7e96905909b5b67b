"""The officer's case page with "The request" on it: the family's answers, axe-checked."""

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.models import Role
from shared.services import ehc_requests
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_request_section_passes_axe(browser, live_server, make):
    parent = make.user(Role.PARENT, full_name="Sam Carter")
    school = make.school(name="Hillside Primary")
    draft = ehc_requests.start_draft(parent, "browser-draft")
    answers = {
        "child": {"first_name": "Lily", "last_name": "Carter", "date_of_birth": "2016-03-04", "upn": ""},
        "you": {"parental_responsibility": "yes", "phone": ""},
        "school": {"school": school.urn},
        "needs": {"needs": "Finds reading hard.\nAnd writing.", "sen_support": "Phonics group.", "apdr": ""},
        "views": {"views": "Loves horses."},
        "health_care": {"health": "", "social_care": ""},
        "consent": {"consent": "yes"},
        "evidence": {"has_evidence": "no"},
    }
    for section, fields in answers.items():
        ehc_requests.save_section(draft, section, fields, completed=True)
    case = ehc_requests.submit_ehc_request(draft, parent, "browser-send").case
    db.session.commit()
    page = browser.new_context(java_script_enabled=False).new_page()
    staff_sign_in(page, live_server, make.user(Role.EHC_OFFICER), PASSWORD)
    page.goto(f"{live_server}/staff/cases/{case.id}")
    expect(page.locator("#the-request")).to_have_text("The request")
    expect(page.locator("dd", has_text="Hillside Primary (URN")).to_be_visible()
    check_axe(page, javascript=False)

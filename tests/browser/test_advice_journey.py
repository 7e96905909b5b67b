"""Journey 3's advice step: an officer requests advice; the advice giver, with no account,
uploads it through the link (JavaScript on and off). axe on every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.models import CaseKind, Role
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_advice_giver_uploads_through_the_link(app, browser, live_server, make, settings, tmp_path, javascript):
    import email


    case = make.case(make.child(first_name="Lily", last_name="Parent"), CaseKind.EHC_ASSESSMENT)
    case.status = "assessing"
    db.session.commit()
    officer = make.user(Role.EHC_OFFICER)
    staff = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(staff, live_server, officer, PASSWORD)
    staff.goto(f"{live_server}/staff/cases/{case.id}")
    check_axe(staff, javascript=javascript)
    staff.click("text=Request advice")
    check_axe(staff, javascript=javascript)
    staff.check("input[value=health]")
    staff.fill("#name", "Community paediatrics")
    staff.fill("#email", "paeds@nhs.example.uk")
    staff.click("button:has-text('Send advice request')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Advice requested from Community paediatrics")
    check_axe(staff, javascript=javascript)

    run_jobs(app)
    newest = sorted(Path(settings.mail_sink_dir).glob("*.eml"))[-1]
    message = email.message_from_bytes(newest.read_bytes())
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    path = re.search(r"http://[^/]+(/advice/\S+)", body).group(1)

    giver = browser.new_context(java_script_enabled=javascript).new_page()
    errors = []
    giver.on("console", lambda m: m.type == "error" and errors.append(m.text))
    giver.goto(live_server + path)
    expect(giver.locator("h1")).to_have_text("Send your advice")
    check_axe(giver, javascript=javascript)
    advice_file = tmp_path / "Paediatric advice.pdf"
    advice_file.write_bytes(b"%PDF-1.4\n%%EOF\n")
    giver.set_input_files("#file", str(advice_file))
    giver.click("button:has-text('Send advice')")
    expect(giver.locator("h1")).to_have_text("Thank you: we have your advice")
    if javascript:
        check_axe(giver)
    assert errors == []
    giver.goto(live_server + path)
    expect(giver.locator("h1")).to_have_text("You cannot use this link")

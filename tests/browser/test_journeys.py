"""Journeys in a real browser, with axe-core on every page visited; one runs without JavaScript."""

import pytest
from playwright.sync_api import expect

from shared.models import CaseKind, Role
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _sign_in(page, base, email, javascript=True):
    page.goto(f"{base}/sign-in")
    check_axe(page, javascript=javascript)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_parent_uploads_evidence(browser, live_server, make, javascript, tmp_path):
    parent = make.user(Role.PARENT, full_name="Sam Parent")
    child = make.child(parent, first_name="Lily", last_name="Parent")
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server + "/")
    check_axe(page, javascript=javascript)
    _sign_in(page, live_server, parent.email, javascript)
    expect(page.locator("h1")).to_have_text("Your cases")
    check_axe(page, javascript=javascript)
    page.click(f"text={child.full_name}")
    expect(page.locator("h1")).to_contain_text("Lily Parent")
    check_axe(page, javascript=javascript)
    page.click("text=Upload evidence")
    check_axe(page, javascript=javascript)
    report = tmp_path / "School report.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#file", str(report))
    page.click("button:has-text('Upload file')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have received School report.pdf")
    expect(page.locator("h1")).to_contain_text(case.child.full_name)
    check_axe(page, javascript=javascript)
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()


def test_staff_pages_pass_axe(browser, live_server, make):
    import pyotp

    officer = make.user(Role.EHC_OFFICER)
    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent))
    page = browser.new_context().new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server}/staff/sign-in")
    check_axe(page)
    page.fill("#email", officer.email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Continue')")
    check_axe(page)
    page.fill("#code", pyotp.TOTP(officer.totp_secret).now())
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("Open cases")
    check_axe(page)
    page.goto(f"{live_server}/staff/cases/{case.id}")
    check_axe(page)
    page.click("#decision-submit")  # nothing chosen: the error summary, answers kept
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_axe(page)
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"


def test_a_file_over_the_limit_gets_a_clear_error_before_uploading(browser, live_server, make, settings, tmp_path):
    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent))
    page = browser.new_context().new_page()
    _sign_in(page, live_server, parent.email)
    page.goto(f"{live_server}/cases/{case.id}/evidence/new")
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (settings.upload_max_bytes + 1))
    page.set_input_files("#file", str(big))
    page.click("button:has-text('Upload file')")
    expect(page.locator(".govuk-error-message")).to_contain_text("must be smaller than 20MB")
    assert page.title().startswith("Error: ")
    check_axe(page)

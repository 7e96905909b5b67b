"""Journey 3 in a real browser: an officer finds a new request in the triage queue with its
6-week decision date, assigns it to themself, opens the case, sees the family's evidence, and
decides. Refusing sends the family a notice (email with the PDF) carrying the full appeal-rights
content, which the family also finds on their case page; agreeing moves the case to assessment,
and the officer asks an educational psychologist for advice, with its own 6-week due date.
JavaScript on and off, axe-core on every page visited, no console errors."""

import email
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain import clocks
from shared.domain.dates import today_in_england
from shared.models import AdviceRequest, Case, CaseKind, Notice, NoticeStatus, Role
from shared.notices.formatting import long_date_with_weekday
from shared.web.filters import long_date
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _mail_to(settings, address: str) -> list:
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]
    return [m for m in messages if m["To"] == address]


def _watch(page, errors):
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return page


def _family_uploads_evidence(browser, live_server, parent, case, tmp_path, javascript):
    """The family signs in and sends a report through the real upload form."""
    errors = []
    page = _watch(browser.new_context(java_script_enabled=javascript).new_page(), errors)
    page.goto(f"{live_server}/sign-in")
    check_axe(page, javascript=javascript)
    page.fill("#email", parent.email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("Your cases")
    check_axe(page, javascript=javascript)
    page.click(f"a:has-text('{case.child.full_name}')")
    expect(page.locator("h1")).to_contain_text(case.child.full_name)
    check_axe(page, javascript=javascript)
    page.click("text=Upload evidence")
    expect(page.locator("h1")).to_have_text("Upload evidence")
    check_axe(page, javascript=javascript)
    report = tmp_path / "Educational psychology report.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#file", str(report))
    page.click("button:has-text('Upload file')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We have received Educational psychology report.pdf")
    check_axe(page, javascript=javascript)
    return page, errors


def _officer_triages_and_opens(browser, live_server, officer, case, settings, javascript):
    """Triage queue: the 6-week date, assign to themself, open the case, see the evidence."""
    errors = []
    page = _watch(browser.new_context(java_script_enabled=javascript).new_page(), errors)
    staff_sign_in(page, live_server, officer, PASSWORD)
    expect(page.locator("h1")).to_have_text("Open cases")
    check_axe(page, javascript=javascript)
    page.click(".govuk-service-navigation a:has-text('Triage')")
    expect(page.locator("h1")).to_have_text("Triage queue")
    check_axe(page, javascript=javascript)
    row = page.locator(f"#case-{case.id}")
    decision_due = clocks.assessment_decision_due(case.received_on)
    expect(row).to_contain_text(case.reference)
    expect(row).to_contain_text("Request received")
    expect(row).to_contain_text(long_date(case.received_on))
    expect(row).to_contain_text(long_date(decision_due))  # the 6-week decision date
    expect(row).to_contain_text("Not assigned")
    # An unassigned row offers the signed-in officer: assign it to themself.
    expect(page.locator(f"#officer-{case.id} option:checked")).to_have_text(officer.full_name)
    page.locator(f"#assign-{case.id}").press("Enter")
    expect(row.locator("p.govuk-body-s")).to_have_text(officer.full_name)
    expect(page.locator(f"#assign-{case.id}")).to_contain_text("Reassign")
    check_axe(page, javascript=javascript)

    page.click(f"#case-{case.id} a:has-text('{case.reference}')")
    expect(page.locator("h1")).to_contain_text(case.reference)
    check_axe(page, javascript=javascript)
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text(officer.full_name)
    expect(page.locator("main")).to_contain_text(long_date(decision_due))
    documents = page.locator("table:has(caption:has-text('Documents'))")
    expect(documents).to_contain_text("Educational psychology report.pdf")
    if settings.scanning_enabled:  # scanned clean: the officer opens it (streamed as an attachment)
        expect(documents).to_contain_text("Ready")
        with page.expect_download() as download:
            documents.locator("a:has-text('Educational psychology report.pdf')").click()
        assert Path(download.value.path()).read_bytes() == PDF
        check_axe(page, javascript=javascript)
    else:  # no scanner configured: listed, waiting, never served unscanned
        expect(documents).to_contain_text("Awaiting virus scan")
    return page, errors


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_officer_refuses_and_the_family_gets_the_appeal_rights(app, browser, live_server, make, settings,
                                                               tmp_path, javascript):
    contacts = make.contacts()
    parent_email = f"sam.okafor.refuse.{'js' if javascript else 'nojs'}@example.com"
    parent = make.user(Role.PARENT, full_name="Sam Okafor", email=parent_email)
    school = make.school(name="Oak Primary")
    today = today_in_england()
    case = make.case(make.child(parent, first_name="Lily", last_name="Okafor", school=school),
                     CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=10))
    officer = make.user(Role.EHC_OFFICER, full_name="Ann Officer")
    make.user(Role.EHC_OFFICER, full_name="Bob Officer")

    family, family_errors = _family_uploads_evidence(browser, live_server, parent, case, tmp_path, javascript)
    run_jobs(app)
    staff, staff_errors = _officer_triages_and_opens(browser, live_server, officer, case, settings, javascript)

    # Nothing chosen: the error summary, then refuse with reasons.
    staff.fill("#reasons", "Needs are being met at SEN support\nProgress over the last two terms is good")
    staff.click("#decision-submit")
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Select whether the council will assess")
    assert staff.title().startswith("Error: ")
    expect(staff.locator("#reasons")).to_have_value(
        "Needs are being met at SEN support\nProgress over the last two terms is good")
    check_axe(staff, javascript=javascript)
    staff.check("input[name=decision][value=refuse]")
    staff.click("#decision-submit")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(staff.locator(".govuk-summary-list").first).to_contain_text("Decided not to assess")
    check_axe(staff, javascript=javascript)

    run_jobs(app)
    notice = db.session.scalars(select(Notice).where(Notice.case_id == case.id)).one()
    assert notice.status == NoticeStatus.SENT and notice.recipient_email == parent_email
    appeal_by = long_date_with_weekday(notice.appeal_deadline)

    # Exactly one email carries a letter: the notice.
    [message] = [m for m in _mail_to(settings, parent_email)
                 if any(p.get_content_type() == "application/pdf" for p in m.walk())]
    assert case.reference in message["Subject"]
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    pdf = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
    assert pdf.get_payload(decode=True).startswith(b"%PDF")
    assert pdf.get_filename().endswith(".pdf")
    assert "not to carry out an EHC needs assessment for Lily Okafor" in body
    assert "Needs are being met at SEN support" in body and "Progress over the last two terms is good" in body
    # Every element of the appeal-rights content.
    assert "First-tier Tribunal (Special Educational Needs and Disability)" in body and "SEND35" in body
    assert "2 months from the date of this letter" in body and appeal_by in body
    assert "mediation certificate" in body
    for value in (contacts.mediation_adviser_name, contacts.mediation_adviser_phone,
                  contacts.mediation_adviser_email, contacts.disagreement_resolution_name,
                  contacts.disagreement_resolution_phone, contacts.sendiass_name, contacts.sendiass_phone,
                  contacts.sendiass_email):
        assert value in body, value
    assert "DISAGREEMENT RESOLUTION" in body and "INFORMATION, ADVICE AND SUPPORT" in body

    # The officer sees the letter was sent.
    staff.reload()
    letters = staff.locator("h2:has-text('Letters') + ul")
    expect(letters).to_contain_text("Sam Okafor")
    expect(letters).to_contain_text("Sent")
    check_axe(staff, javascript=javascript)

    # The family finds the notice on their case page, with its appeal date, and can download it.
    family.goto(f"{live_server}/cases")
    expect(family.locator("h1")).to_have_text("Your cases")
    check_axe(family, javascript=javascript)
    family.click(f"a:has-text('{case.child.full_name}')")
    expect(family.locator("h1")).to_contain_text("Lily Okafor")
    check_axe(family, javascript=javascript)
    expect(family.locator("main")).to_contain_text("Decided not to assess")
    family_letters = family.locator("h2:has-text('Letters') + ul")
    expect(family_letters).to_contain_text(f"Appeal by {long_date(notice.appeal_deadline)}")
    with family.expect_download() as download:
        family.click("h2:has-text('Letters') + ul a:has-text('PDF')")
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    check_axe(family, javascript=javascript)
    assert family_errors == [] and staff_errors == [], (family_errors, staff_errors)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_officer_agrees_and_requests_advice_from_an_educational_psychologist(app, browser, live_server, make,
                                                                            settings, tmp_path, javascript):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Okafor",
                       email=f"sam.okafor.agree.{'js' if javascript else 'nojs'}@example.com")
    school = make.school(name="Oak Primary", email="senco@oak.example.uk")
    today = today_in_england()
    case = make.case(make.child(parent, first_name="Lily", last_name="Okafor", school=school),
                     CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=10))
    officer = make.user(Role.EHC_OFFICER, full_name="Ann Officer")

    family, family_errors = _family_uploads_evidence(browser, live_server, parent, case, tmp_path, javascript)
    run_jobs(app)
    staff, staff_errors = _officer_triages_and_opens(browser, live_server, officer, case, settings, javascript)
    expect(staff.locator("a:has-text('Request advice')")).to_have_count(0)  # not before agreeing

    staff.check("input[name=decision][value=agree]")
    staff.fill("#reasons", "The evidence shows Lily may need provision beyond SEN support")
    staff.click("#decision-submit")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(staff.locator(".govuk-summary-list").first).to_contain_text("Assessment under way")
    expect(staff.locator("h2:has-text('Decide whether to issue an EHC plan')")).to_be_visible()
    check_axe(staff, javascript=javascript)
    db.session.expire_all()  # the live server changed it on its own connection
    assert db.session.get(Case, case.id).status == "assessing"

    staff.click("a:has-text('Request advice')")
    expect(staff.locator("h1")).to_have_text("Request advice")
    check_axe(staff, javascript=javascript)
    # The first request is offered to the school; ask the educational psychologist instead.
    expect(staff.locator("#name")).to_have_value("Oak Primary")
    staff.check("input[name=kind][value=educational_psychologist]")
    staff.fill("#name", "Northbridge Educational Psychology Service")
    staff.fill("#email", "")
    staff.click("button:has-text('Send advice request')")
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter their email address")
    assert staff.title().startswith("Error: ")
    expect(staff.locator("#name")).to_have_value("Northbridge Educational Psychology Service")
    check_axe(staff, javascript=javascript)
    ep_email = f"ep.team.{'js' if javascript else 'nojs'}@northbridge.example.gov.uk"
    staff.fill("#email", ep_email)
    staff.locator("#email").press("Enter")

    advice_due = clocks.advice_due(today)  # its own 6 weeks, from the day it was asked
    decision_due = clocks.assessment_decision_due(case.received_on)
    assert advice_due != decision_due
    expect(staff.locator(".govuk-notification-banner")).to_contain_text(
        f"Advice requested from Northbridge Educational Psychology Service. It is due by {long_date(advice_due)}.")
    expect(staff.locator("h1")).to_contain_text(case.reference)
    check_axe(staff, javascript=javascript)
    advice_row = staff.locator("table:has(caption:has-text('Advice requested')) tbody tr")
    expect(advice_row).to_have_count(1)
    expect(advice_row).to_contain_text("Northbridge Educational Psychology Service")
    expect(advice_row).to_contain_text("Educational psychologist")
    expect(advice_row.locator("td").nth(1)).to_have_text(long_date(advice_due))
    advice = db.session.scalars(select(AdviceRequest).where(AdviceRequest.case_id == case.id)).one()
    assert advice.due_on == advice_due

    # The secure link goes to the psychologist by email.
    run_jobs(app)
    [to_ep] = _mail_to(settings, ep_email)
    ep_body = next(p for p in to_ep.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert re.search(r"http://[^/\s]+/advice/\S+", ep_body), ep_body
    assert long_date(advice_due) in ep_body
    assert family_errors == [] and staff_errors == [], (family_errors, staff_errors)

"""Journey 2 in a real browser: a school's SENCo requests an EHC needs assessment for a pupil
through the task list (their own school fixed), records the parent's views and consent, checks
the answers, sends, sees the reference, uploads evidence straight to the object store (with a
progress bar when JavaScript is on), and the parent gets the confirmation email. JavaScript on
and off, axe-core on every page visited, no console errors."""

import email
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.models import Case, ChildLink, Document, DocumentStatus, Role
from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _mail_to(settings, address: str) -> list:
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]
    return [m for m in messages if m["To"] == address]


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_school_requests_an_assessment_for_a_pupil(app, browser, live_server, make, settings, tmp_path, javascript):
    school = make.school(name="Hillside Primary", email="office@hillside.example.uk")
    make.school(name="Hillview Academy")  # another school: never offered to this school's staff
    senco = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Jo Senco")
    parent_email = f"pat.parent.{'js' if javascript else 'nojs'}@example.com"

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    requests = []
    page.on("request", lambda r: r.method == "POST" and requests.append((r.url, r.resource_type)))

    def seen(heading: str | None = None):
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        check_axe(page, javascript=javascript)

    def task(title: str, heading: str):
        page.click(f"a.govuk-task-list__link:has-text('{title}')")
        seen(heading)

    def save():
        # By keyboard: focus the real submit button and press Enter.
        page.locator("button:has-text('Save and continue')").press("Enter")
        seen("Request an EHC needs assessment")

    page.goto(f"{live_server}/sign-in")
    seen("Sign in")
    page.fill("#email", senco.email)
    page.fill("#password", PASSWORD)
    page.locator("#password").press("Enter")
    seen("Your cases")
    page.click("text=Request an EHC needs assessment")
    seen("Request an EHC needs assessment")
    page.click("button:has-text('Start now')")
    seen("Request an EHC needs assessment")

    # The school section is already complete: it is the signed-in person's own school.
    school_item = page.locator(".govuk-task-list__item", has_text="School or setting")
    expect(school_item).to_contain_text("Completed")
    task("School or setting", "school or setting")
    expect(page.locator("main")).to_contain_text("You are asking as staff of Hillside Primary")
    expect(page.locator("main")).to_contain_text(f"URN {school.urn}")
    expect(page.locator("select#school")).to_have_count(0)  # nothing to choose
    expect(page.locator("main")).not_to_contain_text("Hillview Academy")
    page.click("text=Back to your request")
    seen("Request an EHC needs assessment")

    task("About the child or young person", "About the child or young person")
    page.fill("#first_name", "Lily")
    page.fill("#last_name", "Okafor")
    page.fill("#date_of_birth-day", "4")
    page.fill("#date_of_birth-month", "3")
    page.fill("#date_of_birth-year", "2016")
    save()

    task("About you", "About you and the child's parent")
    page.fill("#job_title", "SENCo")
    page.fill("#parent_name", "Pat Okafor")
    page.fill("#parent_email", parent_email)
    page.fill("#parent_views", "Pat wants Lily to have more help in class.")
    page.click("button:has-text('Save and continue')")  # consent not answered: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes if the parent agrees to the request")
    assert page.title().startswith("Error: ")
    expect(page.locator("#parent_views")).to_have_value("Pat wants Lily to have more help in class.")
    seen()
    page.check("input[name=parent_consents][value=yes]")
    save()

    task("Needs and what has been tried", "Needs and what has been tried")
    page.fill("#needs", "Finds reading and writing hard; struggles with attention.")
    page.fill("#sen_support", "Daily phonics group and a SEN support plan for a year.")
    page.fill("#apdr", "Three assess-plan-do-review cycles, little progress.")
    save()

    task("Views, interests and aspirations", "views, interests and aspirations")
    page.fill("#views", "Lily loves horses and wants to be a vet.")
    save()

    task("Health and social care", "Health and social care")
    page.fill("#health", "Speech and language therapist")
    save()

    task("Consent to share", "Consent to share")
    page.check("#consent")
    save()

    task("Reports and other evidence", "Reports and other evidence")
    page.check("input[name=has_evidence][value=yes]")
    save()

    expect(page.locator(".govuk-task-list").first).not_to_contain_text("Not yet started")
    page.click("a.govuk-task-list__link:has-text('Check your answers and send')")
    seen("Check your answers")
    answers = page.locator("main")
    expect(answers).to_contain_text("Hillside Primary")
    expect(answers).to_contain_text("Pat Okafor")
    expect(answers).to_contain_text(parent_email)
    expect(answers).to_contain_text("Pat wants Lily to have more help in class.")
    expect(answers).to_contain_text("4 March 2016")
    page.click("button:has-text('Send request')")
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Request sent")
    seen("Request sent")

    case = db.session.scalars(select(Case)).one()
    expect(panel).to_contain_text(case.reference)
    expect(page.locator("main")).to_contain_text("told the child's parent")
    assert case.child.full_name == "Lily Okafor"
    assert case.child.school_id == school.id  # the request is for a pupil of their own school
    assert case.requested_by_id == senco.id
    assert db.session.scalars(select(ChildLink)).all() == []  # the parent has no account to link

    # Evidence, straight to the object store: with JavaScript by XHR with a progress bar.
    page.click("a:has-text('Upload evidence')")
    seen("Upload evidence")
    report = tmp_path / "SEN support plan.pdf"
    report.write_bytes(PDF)
    page.set_input_files("#file", str(report))
    form_action = page.locator("form:has(#file)").get_attribute("action")
    store = settings.s3_public_endpoint_url or settings.s3_endpoint_url
    assert form_action.startswith(store.rstrip("/"))  # the bytes never go through the web process
    assert not form_action.startswith(live_server)
    if javascript:
        # Watch the progress bar's label as the script updates it.
        labels = []
        page.expose_function("reportUploadProgress", lambda text: labels.append(text))
        page.evaluate("""() => new MutationObserver(() => {
            const label = document.querySelector('.app-upload-progress__label');
            if (label && document.querySelector('.app-upload-progress progress')) window.reportUploadProgress(label.textContent);
        }).observe(document.body, {childList: true, subtree: true, characterData: true})""")
        with page.expect_response(lambda r: r.url == form_action and r.request.method == "POST") as sent:
            page.click("button:has-text('Upload file')")
        assert sent.value.status == 201  # the signed fields for scripts: 201, not a redirect
    else:
        page.click("button:has-text('Upload file')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have received SEN support plan.pdf")
    expect(page.locator("h1")).to_contain_text("Lily Okafor")
    seen()
    upload_posts = [(url, kind) for url, kind in requests if url.startswith(form_action)]
    assert upload_posts == [(form_action, "xhr" if javascript else "document")]
    if javascript:
        assert labels and labels[0].startswith("Uploading your file"), labels
    expect(page.locator("table:has-text('Documents')")).to_contain_text("SEN support plan.pdf")

    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.case_id == case.id and document.uploaded_by_id == senco.id
    page.reload()
    if settings.scanning_enabled:  # clamd installed: the file passes the scan and can be opened
        assert document.status == DocumentStatus.CLEAN
        expect(page.locator("a:has-text('SEN support plan.pdf')")).to_be_visible()
    else:  # no scanner here: it waits, listed, and is never served unscanned
        assert document.status == DocumentStatus.AWAITING_SCAN
        expect(page.locator("table:has-text('Documents')")).to_contain_text("Awaiting virus scan")
        expect(page.locator("a:has-text('SEN support plan.pdf')")).to_have_count(0)
    seen()

    # The parent's confirmation email, naming the school, the child and the reference.
    [to_parent] = _mail_to(settings, parent_email)
    assert case.reference in to_parent["Subject"]
    body = _text(to_parent)
    assert "Dear Pat Okafor" in body
    assert "Hillside Primary has asked" in body and "Lily Okafor" in body and case.reference in body
    assert any(case.reference in m["Subject"] for m in _mail_to(settings, senco.email))
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()

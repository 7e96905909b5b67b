"""Journey 10 in a real browser: the chronology of a case, on the page and as a PDF. The family
and the officer each see who did what and when, newest first, and each downloads the chronology
as a PDF (a real download, JavaScript on and off). axe-core on every page visited."""

import re
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Event, Role
from shared.web.filters import long_datetime
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf_mentions(data: bytes, text: str) -> bool:
    """Whether a PDF holds `text` in its metadata (plain, or in a compressed stream, as ASCII or
    UTF-16): the title names the case, so a PDF of some other page would not pass."""
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    needles = [text.encode(), text.encode("utf-16-be")]
    return any(needle in chunk for chunk in chunks for needle in needles)


def _download_chronology(page, case, javascript):
    with page.expect_download() as download:
        page.click("a:has-text('Download the chronology (PDF)')")
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.failure() is None
    assert re.fullmatch(rf"chronology-{re.escape(case.reference)}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf",
                        download.value.suggested_filename), download.value.suggested_filename
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert _pdf_mentions(pdf, case.reference), "the PDF does not name the case"
    check_axe(page, javascript=javascript)  # still on the case page: a download navigates nowhere
    return pdf


def _entries_shown(page) -> list[str]:
    return [text.strip() for text in page.locator("ol.app-chronology > li").all_inner_texts()]


# What the case went through, newest first: (what, by whom; None for the system).
EXPECTED = [
    ("Notice 'Decision to carry out an education, health and care (EHC) needs assessment' emailed to Sam Okafor",
     None),
    ("Notice 'Decision to carry out an education, health and care (EHC) needs assessment' queued for Sam Okafor",
     "Ann Officer"),
    ("We will carry out an EHC needs assessment for Lily Okafor.", "Ann Officer"),
    ("Assigned to Ann Officer", "Ann Officer"),
    ("Sam Okafor uploaded Speech and language report.pdf", "Sam Okafor"),
    ("EHC needs assessment case opened", None),
]


def _check_page_chronology(page, case, settings):
    """The page lists every event of the case, newest first: what, when and by whom."""
    expected = list(EXPECTED)
    if settings.scanning_enabled:  # with clamd, the scan is on the record too
        expected.insert(4, ("Speech and language report.pdf passed the virus scan", None))
    db.session.expire_all()
    events = list(db.session.scalars(select(Event).where(Event.case_id == case.id)
                                     .order_by(Event.at.desc(), Event.id.desc())))
    shown = _entries_shown(page)
    assert len(shown) == len(events) == len(expected), "\n---\n".join(shown)
    for entry, event, (what, who) in zip(shown, events, expected, strict=True):
        assert entry.startswith(what), (entry, what)
        assert event.summary == what
        assert long_datetime(event.at) in entry, (entry, long_datetime(event.at))  # when
        if who:
            assert entry.endswith(f"{long_datetime(event.at)} by {who}"), (entry, who)
        else:
            assert entry.endswith(long_datetime(event.at)), entry  # done by the system: no name
    upload = shown[-2]
    assert "Document: Speech and language report.pdf" in upload


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_family_and_officer_see_and_download_the_chronology(app, browser, live_server, make, settings, tmp_path,
                                                            javascript):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Okafor")
    officer = make.user(Role.EHC_OFFICER, full_name="Ann Officer")
    case = make.case(make.child(parent, first_name="Lily", last_name="Okafor", school=make.school()),
                     CaseKind.EHC_ASSESSMENT, received_on=today_in_england() - timedelta(days=3))

    # The family sends a report; the officer assigns the case to themself and agrees to assess.
    family_errors, staff_errors = [], []
    family = browser.new_context(java_script_enabled=javascript).new_page()
    family.on("console", lambda m: m.type == "error" and family_errors.append(m.text))
    family.goto(f"{live_server}/sign-in")
    check_axe(family, javascript=javascript)
    family.fill("#email", parent.email)
    family.fill("#password", PASSWORD)
    family.locator("#password").press("Enter")
    expect(family.locator("h1")).to_have_text("Your cases")
    check_axe(family, javascript=javascript)
    family.click("a:has-text('Lily Okafor')")
    expect(family.locator("h1")).to_contain_text("Lily Okafor")
    check_axe(family, javascript=javascript)
    family.click("text=Upload evidence")
    check_axe(family, javascript=javascript)
    report = tmp_path / "Speech and language report.pdf"
    report.write_bytes(PDF)
    family.set_input_files("#file", str(report))
    family.click("button:has-text('Upload file')")
    expect(family.locator(".govuk-notification-banner")).to_contain_text("We have received Speech and language report.pdf")
    check_axe(family, javascript=javascript)
    run_jobs(app)

    staff = browser.new_context(java_script_enabled=javascript).new_page()
    staff.on("console", lambda m: m.type == "error" and staff_errors.append(m.text))
    staff_sign_in(staff, live_server, officer, PASSWORD)
    expect(staff.locator("h1")).to_have_text("Open cases")
    check_axe(staff, javascript=javascript)
    staff.click(f"a:has-text('{case.reference}')")
    expect(staff.locator("h1")).to_contain_text(case.reference)
    check_axe(staff, javascript=javascript)
    staff.select_option("#officer", label="Ann Officer")
    staff.click("#assign-submit")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Case assigned to Ann Officer")
    check_axe(staff, javascript=javascript)
    staff.check("input[name=decision][value=agree]")
    staff.fill("#reasons", "The reports show needs beyond SEN support")
    staff.click("#decision-submit")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    check_axe(staff, javascript=javascript)
    run_jobs(app)

    # The officer's case page: every event, newest first, with its actor and time.
    staff.reload()
    check_axe(staff, javascript=javascript)
    expect(staff.locator("h2:has-text('What has happened')")).to_be_visible()
    _check_page_chronology(staff, case, settings)
    _download_chronology(staff, case, javascript)

    # The family's case page shows the same chronology and downloads the same record.
    family.reload()
    expect(family.locator("h1")).to_contain_text("Lily Okafor")
    check_axe(family, javascript=javascript)
    _check_page_chronology(family, case, settings)
    _download_chronology(family, case, javascript)

    # Someone without the case cannot download it.
    stranger = make.user(Role.PARENT, full_name="Not Family")
    other = browser.new_context(java_script_enabled=javascript).new_page()
    other.goto(f"{live_server}/sign-in")
    other.fill("#email", stranger.email)
    other.fill("#password", PASSWORD)
    other.click("button:has-text('Sign in')")
    expect(other.locator("h1")).to_have_text("Your cases")
    other.goto(f"{live_server}/cases/{case.id}/chronology.pdf")
    expect(other.locator("h1")).to_have_text("Page not found")
    check_axe(other, javascript=javascript)
    assert family_errors == [] and staff_errors == [], (family_errors, staff_errors)

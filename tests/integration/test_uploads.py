"""Evidence goes straight to the object store, is scanned, and is served only when clean."""

import re

import pytest
import urllib3
from sqlalchemy import select

from shared.db import db
from shared.models import CaseKind, Document, DocumentStatus, Role
from tests.jobs_helpers import run_jobs

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def family(make, signed_in):
    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent), CaseKind.EHC_ASSESSMENT)
    return signed_in(parent), case


def _upload(client, case, filename: str, data: bytes):
    """Do what the browser does: fetch the form, POST the file to the store, follow its redirect."""
    page = client.get(f"/cases/{case.id}/evidence/new")
    assert page.status_code == 200
    action = re.search(r'<form method="post" action="([^"]+)" enctype', page.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    fields["file"] = (filename, data, "application/octet-stream")
    stored = urllib3.request("POST", action.replace("&amp;", "&"), fields=fields, redirect=False)
    assert stored.status == 303, stored.data
    back = urllib3.util.parse_url(stored.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_clean_pdf_becomes_downloadable_by_its_owner_only(app, family, make, signed_in):
    client, case = family
    response = _upload(client, case, "SALT report.pdf", PDF)
    assert response.status_code == 302
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.AWAITING_SCAN
    document_id = document.id
    assert client.get(f"/documents/{document_id}/download").status_code == 404  # not before the scan
    run_jobs(app)
    document = db.session.get(Document, document_id)
    assert document.status == DocumentStatus.CLEAN and document.detected_type == "application/pdf"
    download = client.get(f"/documents/{document_id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    client.post("/sign-out")
    signed_in(make.user(Role.PARENT))
    assert client.get(f"/documents/{document_id}/download").status_code == 404


def test_eicar_is_quarantined_with_a_clear_message(app, family):
    client, case = family
    _upload(client, case, "letter.txt", EICAR)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.INFECTED
    assert document.object_key.startswith("quarantine/")
    assert client.get(f"/documents/{document.id}/download").status_code == 404
    page = client.get(f"/cases/{case.id}")
    assert "We found a virus in this file" in page.text


def test_spoofed_file_is_rejected(app, family):
    client, case = family
    _upload(client, case, "report.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.REJECTED_TYPE
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_a_forged_receipt_is_refused(family):
    client, case = family
    response = client.get(f"/cases/{case.id}/evidence/received/not-a-token?key=evidence/x/y.pdf")
    assert response.status_code == 400
    assert db.session.scalars(select(Document)).all() == []


def test_files_left_awaiting_scan_are_queued_again(app, family):
    from datetime import timedelta

    from shared.db import utcnow
    from shared.jobs.scheduler import requeue_unscanned
    from shared.models import OutboxMessage

    client, case = family
    _upload(client, case, "notes.txt", b"Plain notes about my child")
    assert requeue_unscanned() == 0  # its scan is still queued
    outbox = db.session.scalars(select(OutboxMessage)).one()
    outbox.done_at = utcnow()  # the scan job was lost: done without scanning
    document = db.session.scalars(select(Document)).one()
    document.created_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert requeue_unscanned() == 1
    run_jobs(app)
    assert db.session.scalars(select(Document)).one().status == DocumentStatus.CLEAN


def _case_page_says(client, case, text: str) -> bool:
    return text in client.get(f"/cases/{case.id}").text


@pytest.mark.parametrize("content", [EICAR, PDF + EICAR], ids=["virus named .pdf", "virus inside a pdf"])
def test_a_virus_in_a_pdf_is_reported_as_a_virus(app, family, content):
    client, case = family
    _upload(client, case, "report.pdf", content)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.INFECTED
    assert document.object_key.startswith("quarantine/")
    assert _case_page_says(client, case, "We found a virus in this file, so we have not kept it.")
    assert not _case_page_says(client, case, "not a real PDF")


def test_a_clean_file_that_is_not_a_pdf_is_reported_as_not_a_real_pdf(app, family):
    client, case = family
    _upload(client, case, "report.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.REJECTED_TYPE
    assert document.object_key.startswith("quarantine/")
    assert _case_page_says(client, case, "The selected file is not a real PDF")
    assert not _case_page_says(client, case, "virus")


def test_clamd_reports_a_zip_bomb_instead_of_passing_it(settings):
    from shared.storage.scanner import ClamdClient
    from tests.zip_bombs import nested_docx_bomb

    result = ClamdClient(settings.clamd_url).scan_bytes(nested_docx_bomb())
    assert result.limits_exceeded and not result.clean
    assert result.signature.startswith("Heuristics.Limits.Exceeded")


def test_a_zip_bomb_named_docx_is_quarantined_and_never_served(app, family):
    from tests.zip_bombs import nested_docx_bomb

    client, case = family
    bomb = nested_docx_bomb()  # a few KB that unpack to 2 GiB
    _upload(client, case, "Speech therapy report.docx", bomb)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.TOO_LARGE_TO_SCAN
    assert document.object_key.startswith("quarantine/")
    assert client.get(f"/documents/{document.id}/download").status_code == 404
    assert _case_page_says(client, case, "This file could not be checked because it expands to much more than")


def test_our_own_archive_check_stops_what_clamd_lets_through(app, family, settings):
    import gzip

    from shared.storage.scanner import ClamdClient
    from tests.zip_bombs import docx_with

    client, case = family
    archive_inside = docx_with({"word/media/image1.png": gzip.compress(b"not an image")})
    assert ClamdClient(settings.clamd_url).scan_bytes(archive_inside).clean
    _upload(client, case, "report.docx", archive_inside)
    run_jobs(app)
    document = db.session.scalars(select(Document)).one()
    assert document.status == DocumentStatus.TOO_LARGE_TO_SCAN
    assert document.object_key.startswith("quarantine/")
    assert _case_page_says(client, case, "This file could not be checked because it expands")

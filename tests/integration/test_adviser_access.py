"""A parent grants a SENDIASS adviser read-only access and withdraws it; each grant, use and
withdrawal is on the chronology; anyone who can see a case can export its chronology as a PDF."""

import re
import zlib

from sqlalchemy import select

from shared.db import db
from shared.models import AdviserConsent, CaseKind, Role
from tests.conftest import sign_in


def _setup(make):
    parent = make.user(Role.PARENT, full_name="Sam Parent")
    adviser = make.user(Role.SENDIASS_ADVISER, full_name="Jo Adviser", email="jo@sendiass.example.org")
    case = make.case(make.child(parent, first_name="Lily"), CaseKind.EHC_ASSESSMENT)
    return parent, adviser, case


def test_grant_use_and_withdraw(app, make, client):
    parent, adviser, case = _setup(make)
    adviser_client = app.test_client()
    sign_in(adviser_client, adviser)
    assert adviser_client.get(f"/cases/{case.id}").status_code == 404

    sign_in(client, parent)
    response = client.post(f"/cases/{case.id}/adviser-access", data={"email": "JO@sendiass.example.org"},
                           follow_redirects=True)
    assert "Jo Adviser can now see this case" in response.text
    client.post(f"/cases/{case.id}/adviser-access", data={"email": "jo@sendiass.example.org"})  # again: no duplicate
    assert len(db.session.scalars(select(AdviserConsent)).all()) == 1

    page = adviser_client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "Upload evidence" not in page.text and "adviser-access" not in page.text
    assert adviser_client.post(f"/cases/{case.id}/adviser-access", data={"email": "x@example.com"}).status_code == 403

    consent = db.session.scalars(select(AdviserConsent)).one()
    client.post(f"/cases/{case.id}/adviser-access/{consent.id}/withdraw")
    assert adviser_client.get(f"/cases/{case.id}").status_code == 404  # ends on the next request

    chronology = client.get(f"/cases/{case.id}").text
    assert "Sam Parent gave Jo Adviser (SENDIASS adviser) access to this case" in chronology
    assert "Jo Adviser (SENDIASS adviser) looked at this case" in chronology
    assert "Sam Parent withdrew Jo Adviser&#39;s access to this case" in chronology


def test_unknown_adviser_email_gets_a_clear_error(make, client):
    parent, _, case = _setup(make)
    sign_in(client, parent)
    response = client.post(f"/cases/{case.id}/adviser-access", data={"email": "someone@example.com"})
    assert response.status_code == 200
    assert "We could not find a SENDIASS adviser" in response.text and 'value="someone@example.com"' in response.text


def test_another_familys_consent_cannot_be_withdrawn(make, client):
    parent, adviser, case = _setup(make)
    other = make.user(Role.PARENT)
    other_case = make.case(make.child(other))
    consent = AdviserConsent(case_id=other_case.id, adviser_id=adviser.id, granted_by_id=other.id)
    db.session.add(consent)
    db.session.commit()
    sign_in(client, parent)
    assert client.post(f"/cases/{case.id}/adviser-access/{consent.id}/withdraw").status_code == 404
    assert client.post(f"/cases/{other_case.id}/adviser-access/{consent.id}/withdraw").status_code == 404


def _pdf_text(data: bytes) -> str:
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            continue
    return text.decode("latin-1")


def test_chronology_exports_as_a_tagged_pdf(make, client, signed_in):
    parent, _, case = _setup(make)
    sign_in(client, parent)
    response = client.get(f"/cases/{case.id}/chronology.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert case.reference in response.headers["Content-Disposition"]
    assert b"StructTreeRoot" in response.data or "StructTreeRoot" in _pdf_text(response.data)
    client.post("/sign-out")
    officer_client = signed_in(make.user(Role.EHC_OFFICER))
    assert officer_client.get(f"/staff/cases/{case.id}/chronology.pdf").status_code == 200
    officer_client.post("/staff/sign-out")
    signed_in(make.user(Role.PARENT))
    assert client.get(f"/cases/{case.id}/chronology.pdf").status_code == 404


def test_the_consent_page_says_exactly_what_the_adviser_will_see(app, make, client):
    """The page lists what the adviser's own view of the case shows: the status and key dates,
    the letters, every document (the family's evidence included), the history and the plan."""
    parent, adviser, case = _setup(make)
    sign_in(client, parent)
    consent_page = client.get(f"/cases/{case.id}/adviser-access").text
    shared = consent_page.split('id="what-is-shared"', 1)[1].split("</ul>", 1)[0]
    for words in ("where the case has got to", "key dates", "every letter", "every document",
                  "evidence you and others have sent", "case history", "EHC plans", "responses to the draft plan"):
        assert words in shared, words
    assert "key dates and letters" not in consent_page
    client.post(f"/cases/{case.id}/adviser-access", data={"email": "jo@sendiass.example.org"})

    adviser_client = app.test_client()
    sign_in(adviser_client, adviser)
    seen = adviser_client.get(f"/cases/{case.id}").text
    for heading in ("Key dates", "Letters", "Documents", "What has happened"):  # the adviser's view has each
        assert heading in seen, heading
    assert "Download the chronology (PDF)" in seen

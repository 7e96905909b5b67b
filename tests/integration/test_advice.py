"""Advice requests: each with its own 6-week deadline (Regs 8(1)) and a secure, single-use,
expiring, revocable link; reminders before the deadline and escalation when it passes."""

import email
import re
from datetime import timedelta
from pathlib import Path

import pytest
import urllib3
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Document, Event, Role
from shared.models.advice import AdviceRequest, AdviceStatus
from shared.services.advice import queue_advice_follow_ups
from tests.jobs_helpers import run_jobs


@pytest.fixture
def assessing(make, signed_in):
    parent = make.user(Role.PARENT)
    school = make.school(name="Oakfield Primary", email="senco@oakfield.example.uk")
    case = make.case(make.child(parent, school=school), CaseKind.EHC_ASSESSMENT)
    case.status = "assessing"
    db.session.commit()
    officer = make.user(Role.EHC_OFFICER, email="officer@council.example.gov.uk")
    case.assigned_officer_id = officer.id
    db.session.commit()
    return signed_in(officer), case


def _mails(settings):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]


def _body(message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()


def _request(client, case, **data):
    form = {"kind": "educational_psychologist", "name": "Dr Ed Psych", "email": "ep@psychology.example.org", **data}
    return client.post(f"/staff/cases/{case.id}/advice/new", data=form)


def _link(app, settings, before: int) -> str:
    run_jobs(app)
    message = _mails(settings)[before:][-1]
    return re.search(r"http://[^/]+(/advice/\S+)", _body(message)).group(1)


def test_the_form_is_prefilled_with_the_school(assessing):
    client, case = assessing
    page = client.get(f"/staff/cases/{case.id}/advice/new").text
    assert 'value="Oakfield Primary"' in page and 'value="senco@oakfield.example.uk"' in page


def test_request_sends_a_link_that_works_once(app, assessing, settings, client):
    officer_client, case = assessing
    before = len(_mails(settings))
    assert _request(officer_client, case).status_code == 302
    advice = db.session.scalars(select(AdviceRequest)).one()
    assert advice.due_on == today_in_england() + timedelta(weeks=6)
    path = _link(app, settings, before)
    message = _mails(settings)[-1]
    assert message["To"] == "ep@psychology.example.org" and "by " in message["Subject"]

    officer_client.post("/staff/sign-out")
    page = client.get(path)  # no account needed
    assert page.status_code == 200 and "Send your advice" in page.text
    action = re.search(r'<form method="post" action="([^"]+)" enctype', page.text).group(1).replace("&amp;", "&")
    fields = {k: v.replace("&amp;", "&") for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)}
    fields["file"] = ("EP advice.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    stored = urllib3.request("POST", action, fields=fields, redirect=False)
    assert stored.status == 303
    back = urllib3.util.parse_url(stored.headers["Location"])
    thanks = client.get(f"{back.path}?{back.query}")
    assert "we have your advice" in thanks.text
    db.session.expire_all()
    advice = db.session.scalars(select(AdviceRequest)).one()
    assert advice.status == AdviceStatus.RECEIVED and advice.received_on == today_in_england()
    assert db.session.get(Document, advice.document_id).filename == "EP advice.pdf"
    again = client.get(path)
    assert again.status_code == 410 and "already been sent" in again.text
    summaries = [e.summary for e in db.session.scalars(select(Event).where(Event.case_id == case.id))]
    assert any(s.startswith("Advice received from Dr Ed Psych (on time)") for s in summaries)


def test_revoked_tampered_and_expired_links_are_refused(app, assessing, settings, client):
    officer_client, case = assessing
    before = len(_mails(settings))
    _request(officer_client, case)
    path = _link(app, settings, before)
    assert client.get(path[:-3] + "abc").status_code == 404
    advice = db.session.scalars(select(AdviceRequest)).one()
    advice.link_expires_on = today_in_england() - timedelta(days=1)
    db.session.commit()
    assert "expired" in client.get(path).text
    advice.link_expires_on = today_in_england() + timedelta(days=30)
    db.session.commit()
    officer_client.post(f"/staff/cases/{case.id}/advice/{advice.id}/revoke")
    assert "cancelled" in client.get(path).text


def test_advice_cannot_be_requested_before_agreeing_to_assess(make, signed_in):
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT)
    client = signed_in(make.user(Role.EHC_OFFICER))
    response = _request(client, case)
    assert response.status_code == 200 and "once the council has agreed to assess" in response.text


def test_bad_input_keeps_answers(assessing):
    client, case = assessing
    response = _request(client, case, email="not-an-email")
    assert "govuk-error-summary" in response.text and 'value="Dr Ed Psych"' in response.text


def test_reminder_then_escalation_each_once(app, assessing, settings):
    client, case = assessing
    _request(client, case)
    run_jobs(app)
    advice = db.session.scalars(select(AdviceRequest)).one()
    today = advice.due_on - timedelta(days=3)
    assert queue_advice_follow_ups(today) == (1, 0)
    assert queue_advice_follow_ups(today) == (0, 0)
    db.session.commit()
    before = len(_mails(settings))
    run_jobs(app)
    reminder = _mails(settings)[before:]
    assert len(reminder) == 1 and reminder[0]["Subject"].startswith("Reminder:")
    assert queue_advice_follow_ups(advice.due_on + timedelta(days=1)) == (0, 1)
    db.session.commit()
    run_jobs(app)
    escalation = _mails(settings)[-1]
    assert escalation["To"] == "officer@council.example.gov.uk" and "overdue" in escalation["Subject"].lower()
    page = client.get(f"/staff/cases/{case.id}").text
    assert "Overdue by 1 day" in page or "is overdue" in page


def test_case_page_shows_each_advice_deadline(assessing):
    client, case = assessing
    _request(client, case)
    page = client.get(f"/staff/cases/{case.id}").text
    assert "Dr Ed Psych" in page and "Due in 42 days" in page

"""Emails that name what changed at a step that sends no notice: advice arriving for an EHC needs
assessment tells each member of the family and the officer, through the outbox."""

import email
import html
import re
from pathlib import Path

import pytest
import urllib3
from sqlalchemy import select

from shared.db import db
from shared.domain import clocks
from shared.domain.dates import today_in_england
from shared.models import CaseKind, ChildLink, OutboxMessage, Relationship, Role
from shared.models.advice import AdviceKind
from shared.services.advice import link_token, request_advice
from shared.web.filters import long_date
from tests.jobs_helpers import run_jobs

ADVICE_TEXT = b"%PDF-1.4\n% the psychologist's findings\n%%EOF\n"


def _mails(settings) -> list:
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _upload_advice(client, advice) -> None:
    """What the advice giver does: open the link, post the file to the store, come back."""
    page = client.get(f"/advice/{link_token(advice)}").text
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)" enctype', page).group(1))
    fields = dict((name, html.unescape(value)) for name, value in
                  re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields["file"] = ("Advice.pdf", ADVICE_TEXT, "application/pdf")
    stored = urllib3.request("POST", action, fields=fields, redirect=False)
    back = urllib3.util.parse_url(stored.headers["Location"])
    assert "we have your advice" in client.get(f"{back.path}?{back.query}").text


@pytest.fixture
def assessing(app, make):
    """An assessment with two parents linked to Mia, advice asked of an educational psychologist."""
    first, second = make.user(Role.PARENT, full_name="Ana Parent"), make.user(Role.PARENT, full_name="Ben Parent")
    child = make.child(first, first_name="Mia", last_name="Jones")
    db.session.add(ChildLink(user_id=second.id, child_id=child.id, relationship_kind=Relationship.PARENT_WITH_PR))
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    case.status = "assessing"
    officer = make.user(Role.EHC_OFFICER, email="olive@council.example.gov.uk")
    advice = request_advice(case, kind=AdviceKind.EDUCATIONAL_PSYCHOLOGIST, name="Dr Ed Psych",
                            email="ep@psychology.example.org", actor=officer, today=today_in_england())
    request_advice(case, kind=AdviceKind.HEALTH, name="Dr Health", email="health@nhs.example.uk",
                   actor=officer, today=today_in_england())
    db.session.commit()
    run_jobs(app)  # the requests to the advice givers
    return case, advice, officer, (first, second)


def test_advice_arriving_tells_each_parent_what_changed_and_the_officer(app, assessing, settings, client):
    case, advice, officer, parents = assessing
    case.assigned_officer_id = officer.id
    db.session.commit()
    before = len(_mails(settings))
    _upload_advice(client, advice)
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == "send_change_email")).all()
    assert sorted(m.payload["recipient"] for m in queued) == ["family", "family", "officer"]
    run_jobs(app)
    sent = {m["To"]: m for m in _mails(settings)[before:] if "arrived" in m["Subject"] or "received" in m["Subject"]}
    assert set(sent) == {parents[0].email, parents[1].email, "olive@council.example.gov.uk"}

    to_parent = sent[parents[0].email]
    assert to_parent["Subject"] == f"Advice from the educational psychologist has arrived: {case.reference}"
    body = _text(to_parent)
    assert body.startswith("Dear Ana Parent,")
    assert (f"Advice from the educational psychologist has arrived for Mia's EHC needs assessment "
            f"({case.reference}).") in body
    assert "We now have 1 of the 2 pieces of advice we asked for" in body
    assert f"we must tell you by {long_date(clocks.decision_not_to_issue_due(case.received_on))}" in body
    assert f"the final plan is due by {long_date(clocks.final_plan_due(case.received_on))}" in body
    assert f"{settings.public_base_url.rstrip('/')}/cases/{case.id}" in body
    # The advice itself, its file and who wrote it stay out of the family's email.
    for private in ("findings", "Advice.pdf", "Dr Ed Psych", "Jones"):
        assert private not in body
    assert "Dear Ben Parent," in _text(sent[parents[1].email])

    to_officer = sent["olive@council.example.gov.uk"]
    assert to_officer["Subject"] == f"Advice received: {case.reference}"
    assert "Advice from Dr Ed Psych (Educational psychologist) has arrived" in _text(to_officer)
    assert f"/staff/cases/{case.id}" in _text(to_officer) and "on time" in _text(to_officer)

    count = len(_mails(settings))
    run_jobs(app)  # nothing is sent twice
    assert len(_mails(settings)) == count


def test_unassigned_advice_goes_to_the_send_team_and_the_young_person_reads_your(app, make, settings, client):
    make.contacts(send_team_email="send.team@council.example.gov.uk")
    young = make.user(Role.YOUNG_PERSON, full_name="Zoe Young")
    child = make.child(first_name="Zoe", last_name="Young")
    db.session.add(ChildLink(user_id=young.id, child_id=child.id, relationship_kind=Relationship.YOUNG_PERSON_SELF))
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    case.status = "assessing"
    officer = make.user(Role.EHC_OFFICER)
    advice = request_advice(case, kind=AdviceKind.SCHOOL, name="Oak College", email="senco@oak.example.uk",
                            actor=officer, today=today_in_england())
    db.session.commit()
    run_jobs(app)
    before = len(_mails(settings))
    _upload_advice(client, advice)
    run_jobs(app)
    sent = {m["To"]: m for m in _mails(settings)[before:]}
    assert set(sent) == {young.email, "send.team@council.example.gov.uk"}
    body = _text(sent[young.email])
    assert f"Advice from the school or setting has arrived for your EHC needs assessment ({case.reference})" in body
    assert "We now have all the advice we asked for." in body
    assert sent["send.team@council.example.gov.uk"]["Subject"] == f"Advice received: {case.reference}"


def test_someone_unlinked_before_the_email_goes_is_not_told(app, assessing, settings, client):
    case, advice, _, (first, second) = assessing
    _upload_advice(client, advice)
    db.session.delete(db.session.scalars(select(ChildLink).where(ChildLink.user_id == second.id)).one())
    db.session.commit()
    before = len(_mails(settings))
    run_jobs(app)
    recipients = [m["To"] for m in _mails(settings)[before:]]
    assert first.email in recipients and second.email not in recipients


def test_advice_arriving_while_the_draft_is_with_the_family_names_their_last_day(app, make, settings, client):
    """Late advice after the draft was sent: the next step gives the family's own last day to
    respond (reg 13(1)), not a vague "at least 15 days"."""
    from shared.queries.key_dates import draft_window
    from shared.services.cases import move_case
    from shared.services.plans import issue_draft
    from tests.plan_helpers import write_plan

    make.contacts()
    parent = make.user(Role.PARENT, full_name="Ana Parent")
    officer = make.user(Role.EHC_OFFICER)
    case = make.case(make.child(parent, first_name="Mia", last_name="Jones"), CaseKind.EHC_ASSESSMENT)
    today = today_in_england()
    move_case(case, "agree_to_assess", actor=officer)
    advice = request_advice(case, kind=AdviceKind.HEALTH, name="Dr Health", email="health@nhs.example.uk",
                            actor=officer, today=today)
    move_case(case, "decide_to_issue_plan", actor=officer)
    version = write_plan(case, officer)
    db.session.flush()
    issue_draft(case, actor=officer, expected_version=case.version, based_on=version.number, today=today)
    db.session.commit()
    run_jobs(app)
    before = len(_mails(settings))
    _upload_advice(client, advice)
    run_jobs(app)
    last_day, _ = draft_window(case)
    bodies = [_text(m) for m in _mails(settings)[before:] if m["To"] == parent.email and "arrived" in m["Subject"]]
    assert len(bodies) == 1
    assert f"whether you would like a meeting by {long_date(last_day)}" in bodies[0]
    assert "at least 15 days" not in bodies[0]

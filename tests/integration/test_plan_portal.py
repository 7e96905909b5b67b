"""Journey 4 in the portal: the family reads the issued plan and responds to the draft within
15 days (SEND Regulations 2014 reg 13(1)); the school consulted reads the draft and answers
(CFA 2014 ss.39(2), 40(2)); a SENDIASS adviser reads but cannot respond."""

from __future__ import annotations

import email
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import AdviserConsent, Role
from shared.models.plans import ConsultationAnswer, DraftResponse, SchoolConsultation
from shared.services.plans import consult_school, issue_final_plan, save_section
from tests.conftest import sign_in
from tests.jobs_helpers import run_jobs
from tests.plan_helpers import draft_sent


def _sent(settings):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]


@pytest.fixture
def plan_case(make):
    """A case whose draft plan was sent to the family `days_ago` days ago."""
    return lambda days_ago=0: draft_sent(make, days_ago)


def test_family_sees_issued_versions_only(plan_case, signed_in):
    case, parent, officer, _, number = plan_case()
    # An officer keeps working on the plan after sending the draft: that version is not sent.
    working = save_section(case, "a", "Lily loves drawing, horses and wants to be a vet.", actor=officer,
                           based_on=number)
    db.session.commit()
    client = signed_in(parent)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "The EHC plan" in text and f"Draft plan sent {today_in_england().day} " in text
    assert f"/cases/{case.id}/plans/{number}" in text and f"/cases/{case.id}/plans/{working.number}" not in text
    assert "Respond to the draft plan by" in text and "Your comments on the draft plan" in text

    view = client.get(f"/cases/{case.id}/plans/{number}")
    assert view.status_code == 200
    assert "Section F: Special educational provision" in view.text and "2 sessions of 30 minutes a week" in view.text
    assert "horses" not in view.text
    assert client.get(f"/cases/{case.id}/plans/{working.number}").status_code == 404
    assert client.get(f"/cases/{case.id}/plans/{working.number}/pdf").status_code == 404
    assert client.get(f"/cases/{case.id}/plans/99").status_code == 404

    pdf = client.get(f"/cases/{case.id}/plans/{number}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert f"ehc-plan-{case.reference}-draft-v{number}.pdf" in pdf.headers["Content-Disposition"]


def test_another_family_cannot_see_the_plan(plan_case, make, signed_in):
    case, _, _, _, number = plan_case()
    client = signed_in(make.user(Role.PARENT))
    assert client.get(f"/cases/{case.id}/plans/{number}").status_code == 404
    assert client.get(f"/cases/{case.id}/plans/{number}/pdf").status_code == 404
    assert client.get(f"/cases/{case.id}/draft-plan/response").status_code == 404


def test_family_responds_once_and_the_officer_is_told(app, plan_case, make, signed_in, settings):
    case, parent, officer, _, _ = plan_case()
    wanted = make.school(name="Riverside Academy", urn="654321")
    client = signed_in(parent)
    form = client.get(f"/cases/{case.id}/draft-plan/response")
    assert form.status_code == 200 and "Send your response by" in form.text
    key = re.search(r'name="submission_key"[^>]*value="([0-9a-f]+)"', form.text).group(1)

    # The school search works without JavaScript and keeps what was typed.
    search = client.post(f"/cases/{case.id}/draft-plan/response",
                         data={"submission_key": key, "comments": "Section F needs more therapy.", "q": "Riverside",
                               "action": "search"})
    assert search.status_code == 200 and "Riverside Academy (URN 654321)" in search.text
    assert "Hill Primary School (URN" not in search.text and "Section F needs more therapy." in search.text
    assert db.session.scalar(select(func.count()).select_from(DraftResponse)) == 0

    data = {"submission_key": key, "comments": "Section F needs more therapy.", "preference": "school",
            "school": "654321", "meeting": "yes", "q": "Riverside"}
    first = client.post(f"/cases/{case.id}/draft-plan/response", data=data)
    assert first.status_code == 302
    again = client.post(f"/cases/{case.id}/draft-plan/response", data=data)
    assert again.status_code == 302 and again.location == first.location
    response = db.session.scalars(select(DraftResponse)).one()
    assert response.preferred_school_id == wanted.id and response.meeting_requested and response.in_time

    done = client.get(first.location)
    assert done.status_code == 200 and "govuk-panel" in done.text
    assert "Riverside Academy" in done.text and "arrange it" in done.text and "section 39" in done.text

    case_page = client.get(f"/cases/{case.id}").text
    assert "Responses to the draft plan" in case_page and "Section F needs more therapy." in case_page
    assert "Done on time" in case_page and "You responded to the draft plan on" in case_page

    before = len(_sent(settings))
    run_jobs(app)
    to_officer = [m for m in _sent(settings)[before:] if m["To"] == officer.email]
    assert [m["Subject"] for m in to_officer] == [f"Response to the draft plan: {case.reference}"]
    body = to_officer[0].get_payload(decode=True).decode() if not to_officer[0].is_multipart() else \
        next(p for p in to_officer[0].walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "asked for Riverside Academy to be named" in body and "asked for a meeting" in body


def test_response_form_errors(plan_case, signed_in):
    case, parent, _, _, _ = plan_case()
    client = signed_in(parent)
    url = f"/cases/{case.id}/draft-plan/response"
    empty = client.post(url, data={"submission_key": "k1"})
    assert empty.status_code == 200 and "Select which school or setting" in empty.text
    assert "Select yes if you would like a meeting" in empty.text
    other = client.post(url, data={"submission_key": "k1", "preference": "other", "meeting": "no"})
    assert "Enter the name of the school, college or setting" in other.text
    nothing = client.post(url, data={"submission_key": "k1", "preference": "none", "meeting": "no"})
    assert "Tell us what you think, name a school or setting, or ask for a meeting" in nothing.text
    unknown = client.post(url, data={"submission_key": "k1", "preference": "school", "school": "999999",
                                     "meeting": "no"})
    assert "Select the school or college from the list" in unknown.text
    assert db.session.scalar(select(func.count()).select_from(DraftResponse)) == 0
    ok = client.post(url, data={"submission_key": "k1", "preference": "other", "other_setting": "Forest School",
                                "meeting": "no"})
    assert ok.status_code == 302
    assert db.session.scalars(select(DraftResponse)).one().preferred_setting_other == "Forest School"


def test_late_response_is_marked_late(plan_case, signed_in):
    case, parent, _, _, _ = plan_case(days_ago=20)
    client = signed_in(parent)
    page = client.get(f"/cases/{case.id}")
    assert "the time to respond ended on" in page.text and "Overdue by 6 days" in page.text
    form = client.get(f"/cases/{case.id}/draft-plan/response")
    assert "It will be marked as late, but we may still consider it" in form.text
    sent = client.post(f"/cases/{case.id}/draft-plan/response",
                       data={"submission_key": "late1", "comments": "Sorry this is late.", "preference": "none",
                             "meeting": "no"})
    assert sent.status_code == 302
    response = db.session.scalars(select(DraftResponse)).one()
    assert not response.in_time
    assert "marked as late" in client.get(sent.location).text
    assert "Done 6 days late" in client.get(f"/cases/{case.id}").text


def test_adviser_reads_but_cannot_respond_and_school_cannot_respond(app, plan_case, make):
    case, parent, _, home, number = plan_case()
    adviser = make.user(Role.SENDIASS_ADVISER, full_name="Jo Adviser")
    db.session.add(AdviserConsent(case_id=case.id, adviser_id=adviser.id, granted_by_id=parent.id))
    db.session.commit()
    client = app.test_client()
    sign_in(client, adviser)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "The family has until" in page.text
    assert "Respond to the draft plan by" not in page.text
    assert client.get(f"/cases/{case.id}/plans/{number}").status_code == 200
    assert client.get(f"/cases/{case.id}/plans/{number}/pdf").status_code == 200
    url = f"/cases/{case.id}/draft-plan/response"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"preference": "none", "meeting": "yes"}).status_code == 403

    teacher = make.user(Role.SCHOOL_STAFF, school_id=home.id)
    school_client = app.test_client()
    sign_in(school_client, teacher)
    assert school_client.get(f"/cases/{case.id}/plans/{number}").status_code == 200
    assert school_client.get(url).status_code == 403
    assert school_client.post(url, data={"preference": "none", "meeting": "yes"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(DraftResponse)) == 0


def test_school_consulted_sees_and_answers(app, plan_case, make, signed_in):
    case, parent, officer, _, number = plan_case()
    consulted = make.school(name="Riverside Academy")
    consultation = consult_school(case, consulted, actor=officer, today=today_in_england() - timedelta(days=16))
    db.session.commit()
    teacher = make.user(Role.SCHOOL_STAFF, full_name="Ada Teacher", school_id=consulted.id)
    other = make.user(Role.SCHOOL_STAFF, school_id=make.school(name="Elsewhere School").id)

    client = signed_in(teacher)
    assert "/consultations" in client.get("/cases").text  # the navigation item
    listing = client.get("/consultations")
    assert listing.status_code == 200 and "Lily Parent" in listing.text and case.reference in listing.text
    assert "Not answered: overdue by 1 day" in listing.text
    url = f"/consultations/{consultation.id}"
    page = client.get(url)
    assert page.status_code == 200 and "Section B: Special educational needs" in page.text
    for answer in ConsultationAnswer:
        assert answer.label.replace("'", "&#39;") in page.text
    pdf = client.get(f"{url}/draft/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The school consulted is not the child's school: the case itself stays closed to it.
    assert client.get(f"/cases/{case.id}").status_code == 404

    missing = client.post(url, data={"submission_key": "a1", "answer": "cannot_meet", "details": " "})
    assert missing.status_code == 200 and "Explain your answer" in missing.text
    assert db.session.get(SchoolConsultation, consultation.id).answered_at is None
    answered = client.post(url, data={"submission_key": "a1", "answer": "cannot_meet",
                                      "details": "We have no places in the resource base."})
    assert answered.status_code == 302
    stored = db.session.get(SchoolConsultation, consultation.id)
    assert stored.answer == ConsultationAnswer.CANNOT_MEET and stored.answered_by_id == teacher.id
    shown = client.get(url)
    assert "We have no places in the resource base." in shown.text and 'name="answer"' not in shown.text
    assert "Answered" in client.get("/consultations").text

    other_client = app.test_client()
    sign_in(other_client, other)
    assert other_client.get(url).status_code == 404
    assert other_client.get(f"{url}/draft/pdf").status_code == 404
    assert other_client.post(url, data={"answer": "can_meet"}).status_code == 404
    assert "Lily Parent" not in other_client.get("/consultations").text
    parent_client = app.test_client()
    sign_in(parent_client, parent)
    assert parent_client.get("/consultations").status_code == 403
    assert parent_client.get(url).status_code == 403
    assert "/consultations" not in parent_client.get("/cases").text


def test_can_meet_needs_no_details(plan_case, make, signed_in):
    case, _, officer, _, _ = plan_case()
    consulted = make.school(name="Riverside Academy")
    consultation = consult_school(case, consulted, actor=officer, today=today_in_england())
    db.session.commit()
    client = signed_in(make.user(Role.SCHOOL_STAFF, school_id=consulted.id))
    assert client.post(f"/consultations/{consultation.id}", data={"answer": "can_meet"}).status_code == 302
    assert db.session.get(SchoolConsultation, consultation.id).answer == ConsultationAnswer.CAN_MEET


def test_final_plan_is_listed_for_the_family(plan_case, make, signed_in):
    case, parent, officer, _, number = plan_case(days_ago=15)
    named = make.school(name="Riverside Academy")
    consult_school(case, named, actor=officer, today=today_in_england() - timedelta(days=14))
    version = save_section(case, "i", {"school_id": str(named.id), "school_name": named.name,
                                       "setting_type": "Academy"}, actor=officer, based_on=number)
    issue_final_plan(case, actor=officer, expected_version=case.version, based_on=version.number,
                     reasons=["Riverside Academy can meet Lily's needs"], today=today_in_england())
    db.session.commit()
    client = signed_in(parent)
    text = re.sub(r"\s+", " ", client.get(f"/cases/{case.id}").text)
    assert f"Final plan issued {today_in_england().day} " in text and "Draft plan sent" in text
    assert "Respond to the draft plan by" not in text
    final = client.get(f"/cases/{case.id}/plans/{version.number}")
    assert final.status_code == 200 and "Final EHC plan for Lily Parent" in final.text and "Riverside Academy" in final.text
    assert client.get(f"/cases/{case.id}/draft-plan/response").status_code == 404

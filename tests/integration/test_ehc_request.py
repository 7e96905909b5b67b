"""Request an EHC needs assessment (journeys 1 and 2): task list, save and return, each page's
checks, check answers, sending once, duplicates, schools' requests, owners only, the email."""

import email
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import db
from shared.models import (
    Case,
    CaseKind,
    Child,
    ChildLink,
    DraftStatus,
    Event,
    Relationship,
    RequestDraft,
    Role,
)
from shared.services.ehc_requests import decision_due, today_in_england
from shared.web.filters import long_date
from tests.jobs_helpers import run_jobs

DOB = {"date_of_birth": ["4", "3", "2016"]}


def _start(client) -> str:
    page = client.get("/request-an-assessment")
    assert page.status_code == 200
    response = client.post("/request-an-assessment/new", data={"submission_key": uuid.uuid4().hex})
    assert response.status_code == 302
    return response.headers["Location"]


def _post(client, base, section, data, **kwargs):
    return client.post(f"{base}/{section}", data={"action": "continue", **data}, **kwargs)


def _answers(school_urn, role=Role.PARENT, **overrides):
    you = {Role.PARENT: {"parental_responsibility": "yes", "phone": "01234 567890"},
           Role.YOUNG_PERSON: {"asking_for_self": "yes"},
           Role.SCHOOL_STAFF: {"job_title": "SENCo", "parent_name": "Pat Parent",
                               "parent_email": "pat.parent@example.com",
                               "parent_views": "Pat wants more help in class.", "parent_consents": "yes"}}[role]
    sections = {
        "child": {"first_name": "Lily", "last_name": "Carter", **DOB, "upn": ""},
        "you": you,
        "school": {"school": school_urn},
        "needs": {"needs": "Finds reading and writing hard.", "sen_support": "Daily phonics group for a year.",
                  "apdr": "Three cycles, little progress."},
        "views": {"views": "Lily loves horses and wants to be a vet."},
        "health_care": {"health": "Speech and language therapist", "social_care": ""},
        "consent": {"consent": "y"},
        "evidence": {"has_evidence": "yes"},
    }
    if role == Role.SCHOOL_STAFF:
        del sections["school"]
    for key, value in overrides.items():
        sections[key] = {**sections.get(key, {}), **value}
    return sections


def _fill(client, base, answers):
    for section, data in answers.items():
        response = _post(client, base, section, data)
        assert response.status_code == 302, (section, response.text[:3000])


def _send(client, base, key="key-1"):
    return client.post(f"{base}/check-answers", data={"submission_key": key})


@pytest.fixture
def parent_client(make, signed_in):
    parent = make.user(Role.PARENT, full_name="Sam Carter")
    school = make.school(name="Hillside Primary")
    return signed_in(parent), parent, school


def test_parent_sends_a_request_and_gets_a_reference_and_an_email(app, parent_client, settings):
    client, parent, school = parent_client
    dashboard = client.get("/cases")
    assert "Request an EHC needs assessment" in dashboard.text
    base = _start(client)
    tasks = client.get(base)
    assert tasks.text.count("Not yet started") >= 8 and "Cannot start yet" in tasks.text
    _fill(client, base, _answers(school.urn))
    tasks = client.get(base)
    assert tasks.text.count("Completed") == 8 and "Cannot start yet" not in tasks.text
    check = client.get(f"{base}/check-answers")
    assert check.status_code == 200
    for text in ("Lily", "4 March 2016", "Hillside Primary", "Yes, I agree", "loves horses", "Change"):
        assert text in check.text
    response = _send(client, base)
    assert response.status_code == 302 and response.headers["Location"].endswith("/sent")
    case = db.session.scalars(select(Case)).one()
    assert case.kind == CaseKind.EHC_ASSESSMENT and case.received_on == today_in_england()
    assert case.requested_by_id == parent.id and case.child.school.name == "Hillside Primary"
    link = db.session.scalars(select(ChildLink)).one()
    assert link.user_id == parent.id and link.relationship_kind == Relationship.PARENT_WITH_PR
    draft = db.session.scalars(select(RequestDraft)).one()
    assert draft.status == DraftStatus.SUBMITTED and draft.case_id == case.id
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.case_id == case.id))]
    assert kinds == ["case_opened", "request_details"]
    sent = client.get(response.headers["Location"])
    assert "govuk-panel" in sent.text and case.reference in sent.text
    assert long_date(decision_due(case.received_on)) in sent.text
    assert f"/cases/{case.id}/evidence/new" in sent.text
    assert case.reference in client.get("/cases").text

    run_jobs(app)
    mails = [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]
    mine = [m for m in mails if m["To"] == parent.email and case.reference in m["Subject"]]
    assert len(mine) == 1
    body = next(p for p in mine[0].walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert (f"We have received your request for an EHC needs assessment for Lily Carter: reference "
            f"{case.reference}.") in body
    due = long_date(case.received_on + timedelta(weeks=6))
    assert f"We must decide by {due} whether to carry out an assessment." in body


def test_save_and_come_back_later_keeps_half_answers(parent_client, make, signed_in, client):
    client, parent, school = parent_client
    base = _start(client)
    response = client.post(f"{base}/child", data={"action": "later", "first_name": "Lily",
                                                    "date_of_birth": ["4", "", "2016"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(base.rsplit("/", 1)[-1])
    assert "In progress" in client.get(base).text
    client.post("/sign-out")
    signed_in(parent)
    dashboard = client.get("/cases")
    assert "Continue your request" in dashboard.text and base in dashboard.text
    page = client.get(f"{base}/child")
    assert 'value="Lily"' in page.text and 'value="2016"' in page.text and 'value="4"' in page.text
    assert "govuk-error-summary" not in page.text


@pytest.mark.parametrize("data, message", [
    ({}, "Enter the first name"),
    ({"first_name": "A", "last_name": "B"}, "Enter the date of birth"),
    ({"first_name": "A", "last_name": "B", "date_of_birth": ["", "3", "2016"]}, "must include a day"),
    ({"first_name": "A", "last_name": "B", "date_of_birth": ["31", "2", "2016"]}, "must be a real date"),
    ({"first_name": "A", "last_name": "B", "date_of_birth": ["1", "1", str(date.today().year + 1)]},
     "Date of birth must be in the past"),
    ({"first_name": "A", "last_name": "B", "date_of_birth": ["1", "1", str(date.today().year - 27)]},
     "aged 25 or under"),
    ({"first_name": "A", "last_name": "B", **DOB, "upn": "12345"}, "Enter a UPN of 13 characters"),
])
def test_child_page_checks_answers_and_keeps_them(parent_client, data, message):
    client, _, _ = parent_client
    base = _start(client)
    response = _post(client, base, "child", data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and message in response.text
    if data.get("first_name"):
        assert 'value="A"' in response.text


def test_a_post_without_date_parts_is_an_error_not_a_500(parent_client):
    client, _, _ = parent_client
    base = _start(client)
    response = client.post(f"{base}/child", data={"first_name": "A", "last_name": "B"})
    assert response.status_code == 200 and "Enter the date of birth" in response.text
    assert 'href="#date_of_birth-day"' in response.text  # the summary links to the first box
    response = client.post(f"{base}/child", data={"first_name": "A", "date_of_birth": "4"})
    assert response.status_code == 200 and "must include a month and a year" in response.text


def test_upn_is_accepted_with_spaces_and_lower_case(parent_client):
    client, _, _ = parent_client
    base = _start(client)
    assert _post(client, base, "child", {"first_name": "A", "last_name": "B", **DOB,
                                         "upn": "a123 4567 89012"}).status_code == 302
    draft = db.session.scalars(select(RequestDraft)).one()
    assert draft.answers["child"]["fields"]["upn"] == "A123456789012"
    assert draft.answers["child"]["fields"]["date_of_birth"] == "2016-03-04"


@pytest.mark.parametrize("section, data, message", [
    ("you", {}, "Select yes if you have parental responsibility"),
    ("school", {}, "Select the school"),
    ("school", {"school": "999999"}, "Select a school from the list"),
    ("needs", {"needs": "x"}, "Describe the support already given"),
    ("views", {}, "Enter the child&#39;s views"),
    ("consent", {}, "Confirm that you agree to us sharing this information"),
    ("evidence", {}, "Select yes if you have documents to send us"),
])
def test_each_page_checks_its_answers(parent_client, section, data, message):
    client, _, _ = parent_client
    base = _start(client)
    response = _post(client, base, section, data)
    assert response.status_code == 200, response.status_code
    assert "govuk-error-summary" in response.text and message in response.text


def test_school_search_works_without_javascript(parent_client, make):
    client, _, school = parent_client
    make.school(name="Riverside Academy", urn="654321")
    base = _start(client)
    found = client.get(f"{base}/school?q=river")
    assert "Riverside Academy" in found.text and "Hillside Primary" not in found.text
    assert "Riverside Academy" in client.get(f"{base}/school?q=6543").text
    assert "Hillside Primary" in client.get(f"{base}/school").text


def test_health_and_social_care_may_be_left_empty(parent_client):
    client, _, _ = parent_client
    base = _start(client)
    assert _post(client, base, "health_care", {}).status_code == 302


def test_check_answers_change_link_returns_to_check_answers(parent_client):
    client, _, school = parent_client
    base = _start(client)
    _fill(client, base, _answers(school.urn))
    check = client.get(f"{base}/check-answers")
    assert f'{base}/views?from=check' in check.text
    response = client.post(f"{base}/views?from=check", data={"action": "continue", "views": "Now likes ponies."})
    assert response.headers["Location"].endswith("/check-answers")
    assert "Now likes ponies." in client.get(f"{base}/check-answers").text


def test_cannot_send_until_every_section_is_complete(parent_client):
    client, _, school = parent_client
    base = _start(client)
    answers = _answers(school.urn)
    del answers["consent"]
    _fill(client, base, answers)
    response = _send(client, base)
    assert response.status_code == 200 and "Consent to share" in response.text
    assert "govuk-error-summary" in response.text
    assert db.session.scalars(select(Case)).all() == []


def test_a_form_posted_twice_makes_one_case(parent_client):
    client, _, school = parent_client
    base = _start(client)
    _fill(client, base, _answers(school.urn))
    first = _send(client, base, key="same")
    second = _send(client, base, key="same")
    other_key = _send(client, base, key="different")
    assert first.status_code == second.status_code == other_key.status_code == 302
    assert len(db.session.scalars(select(Case)).all()) == 1


def test_an_open_request_for_the_same_child_is_not_duplicated(parent_client, make):
    client, parent, school = parent_client
    child = make.child(parent, first_name="Lily", last_name="Carter", date_of_birth=date(2016, 3, 4))
    existing = make.case(child, CaseKind.EHC_ASSESSMENT)
    base = _start(client)
    _fill(client, base, _answers(school.urn))
    response = _send(client, base)
    assert response.status_code == 302
    assert db.session.scalars(select(Case)).all() == [existing]
    events = db.session.scalars(select(Event).where(Event.case_id == existing.id)).all()
    assert any(e.kind == "request_received_again" for e in events)
    page = client.get(response.headers["Location"])
    assert "already open" in page.text and existing.reference in page.text
    assert "govuk-panel" not in page.text
    assert db.session.scalars(select(RequestDraft)).one().case_id == existing.id


def test_a_child_is_matched_by_upn(parent_client, make):
    from tests.conftest import sign_in

    client, parent, school = parent_client
    other_parent = make.user(Role.PARENT)
    child = make.child(other_parent, first_name="Lily", last_name="Carter", date_of_birth=date(2016, 3, 4),
                       upn="A123456789012")
    base = _start(client)
    _fill(client, base, _answers(school.urn, child={"upn": "A123456789012"}))
    response = _send(client, base)
    assert response.status_code == 302
    assert db.session.scalars(select(Child)).all() == [child]
    case = db.session.scalars(select(Case)).one()
    assert case.child_id == child.id
    # Knowing a UPN and a date of birth does not link this parent to someone else's child.
    assert [link.user_id for link in db.session.scalars(select(ChildLink))] == [other_parent.id]
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert "an officer will check who you are" in client.get(response.headers["Location"]).text
    events = db.session.scalars(select(Event).where(Event.case_id == case.id)).all()
    assert any("an officer must confirm" in e.summary for e in events)

    # An officer who has checked who they are confirms the link; then the case is theirs to see.
    client.post("/sign-out")
    sign_in(client, make.user(Role.EHC_OFFICER))
    page = client.get(f"/staff/cases/{case.id}").text
    assert "Check who these people are" in page and parent.email in page
    assert client.post(f"/staff/cases/{case.id}/links/{parent.id}/confirm").status_code == 302
    assert "Check who these people are" not in client.get(f"/staff/cases/{case.id}").text
    assert client.post(f"/staff/cases/{case.id}/links/{parent.id}/confirm").status_code == 404
    client.post("/staff/sign-out")
    sign_in(client, parent)
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_a_upn_with_another_date_of_birth_is_refused(parent_client, make):
    client, _, school = parent_client
    make.child(None, first_name="Lily", last_name="Carter", date_of_birth=date(2017, 1, 1), upn="A123456789012")
    base = _start(client)
    _fill(client, base, _answers(school.urn, child={"upn": "A123456789012"}))
    response = _send(client, base)
    assert response.status_code == 200 and "does not match the date of birth" in response.text
    assert db.session.scalars(select(Case)).all() == []
    assert len(db.session.scalars(select(Child)).all()) == 1
    assert db.session.scalars(select(RequestDraft)).one().status == DraftStatus.DRAFT


def test_a_parent_without_parental_responsibility_is_not_linked(parent_client):
    client, _, school = parent_client
    base = _start(client)
    _fill(client, base, _answers(school.urn, you={"parental_responsibility": "no"}))
    response = _send(client, base)
    assert response.status_code == 302
    assert db.session.scalars(select(ChildLink)).all() == []
    assert "do not have parental responsibility" in client.get(response.headers["Location"]).text


def test_a_school_requests_for_its_pupil_with_the_parents_views(app, make, signed_in, settings):
    school = make.school(name="Hillside Primary", email="office@hillside.example.uk")
    senco = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Jo Senco")
    client = signed_in(senco)
    base = _start(client)
    assert "Completed" in client.get(base).text  # their school is known
    assert "Hillside Primary" in client.get(f"{base}/school").text
    _fill(client, base, _answers(school.urn, role=Role.SCHOOL_STAFF))
    check = client.get(f"{base}/check-answers")
    assert "Pat Parent" in check.text and "Hillside Primary" in check.text
    response = _send(client, base)
    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert case.child.school_id == school.id
    assert db.session.scalars(select(ChildLink)).all() == []  # the parent has no account
    draft = db.session.scalars(select(RequestDraft)).one()
    assert draft.answers["you"]["fields"]["parent_email"] == "pat.parent@example.com"
    details = db.session.scalars(select(Event).where(Event.kind == "request_details")).one()
    assert "Pat Parent" in details.summary and "agrees" in details.summary
    assert client.get(f"/cases/{case.id}").status_code == 200  # a pupil of their school
    run_jobs(app)
    mails = [email.message_from_bytes(p.read_bytes()) for p in Path(settings.mail_sink_dir).glob("*.eml")]
    subjects = {m["To"]: " ".join(m["Subject"].split()) for m in mails}  # unfolded
    assert senco.email in subjects and "pat.parent@example.com" in subjects
    # Each is told about the request in words for them: the parent did not send it.
    assert subjects[senco.email].startswith("We have received your request for an EHC needs assessment")
    assert subjects["pat.parent@example.com"].startswith("Hillside Primary has asked for an EHC needs assessment")


def test_a_school_cannot_claim_another_schools_pupil(make, signed_in):
    school = make.school()
    other = make.school()
    make.child(None, first_name="Lily", last_name="Carter", date_of_birth=date(2016, 3, 4),
               upn="A123456789012", school_id=other.id)
    client = signed_in(make.user(Role.SCHOOL_STAFF, school_id=school.id))
    base = _start(client)
    _fill(client, base, _answers(school.urn, role=Role.SCHOOL_STAFF, child={"upn": "A123456789012"}))
    response = _send(client, base)
    assert response.status_code == 200 and "could not match this pupil to your school" in response.text
    assert db.session.scalars(select(Case)).all() == []


def test_a_young_person_asks_for_themself(make, signed_in):
    young = make.user(Role.YOUNG_PERSON)
    school = make.school()
    client = signed_in(young)
    base = _start(client)
    too_young = _post(client, base, "child", {"first_name": "Al", "last_name": "Young", **DOB})
    assert too_young.status_code == 200 and "You must be aged 16 to 25" in too_young.text
    dob = today_in_england().replace(year=today_in_england().year - 17) - timedelta(days=3)
    answers = _answers(school.urn, role=Role.YOUNG_PERSON,
                       child={"date_of_birth": [str(dob.day), str(dob.month), str(dob.year)]})
    _fill(client, base, answers)
    assert _send(client, base).status_code == 302
    link = db.session.scalars(select(ChildLink)).one()
    assert link.user_id == young.id and link.relationship_kind == Relationship.YOUNG_PERSON_SELF


def test_another_users_draft_is_not_found(parent_client, make, signed_in):
    client, _, school = parent_client
    base = _start(client)
    _post(client, base, "child", {"first_name": "Lily", "last_name": "Carter", **DOB})
    client.post("/sign-out")
    signed_in(make.user(Role.PARENT))
    for path in ("", "/child", "/check-answers", "/sent"):
        assert client.get(base + path).status_code == 404
    assert _post(client, base, "child", {"first_name": "X"}).status_code == 404
    assert _send(client, base).status_code == 404
    assert db.session.scalars(select(RequestDraft)).one().answers["child"]["fields"]["first_name"] == "Lily"


def test_advisers_cannot_request(make, signed_in):
    client = signed_in(make.user(Role.SENDIASS_ADVISER))
    assert client.get("/request-an-assessment").status_code == 403
    assert client.post("/request-an-assessment/new", data={"submission_key": "k"}).status_code == 403
    assert "Request an EHC needs assessment" not in client.get("/cases").text


def test_starting_twice_with_one_key_makes_one_draft(parent_client):
    client, _, _ = parent_client
    first = client.post("/request-an-assessment/new", data={"submission_key": "start-key"})
    second = client.post("/request-an-assessment/new", data={"submission_key": "start-key"})
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db.session.scalars(select(RequestDraft)).all()) == 1


def test_a_sent_request_cannot_be_changed(parent_client):
    client, _, school = parent_client
    base = _start(client)
    _fill(client, base, _answers(school.urn))
    _send(client, base)
    response = _post(client, base, "views", {"views": "changed"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sent")
    assert client.get(base).headers["Location"].endswith("/sent")
    assert "changed" not in str(db.session.scalars(select(RequestDraft)).one().answers)


def test_two_posts_at_the_same_moment_make_one_case(app, parent_client):
    import threading

    client, _, school = parent_client
    base = _start(client)
    _fill(client, base, _answers(school.urn))
    cookie = client.get_cookie("send_session").value
    db.session.commit()  # end the test's own read transaction
    statuses = []

    def send():
        twin = app.test_client()
        twin.set_cookie("send_session", cookie)
        statuses.append(twin.post(f"{base}/check-answers", data={"submission_key": "at-once"}).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert len(db.session.scalars(select(Case)).all()) == 1

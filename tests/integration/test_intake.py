"""Officers record requests received by post or email; the clock starts on the day received."""

from datetime import date, timedelta

from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, Child, Event, Role


def _form(**overrides):
    received = today_in_england() - timedelta(days=10)
    data = {"first_name": "Noah", "last_name": "Brown", "date_of_birth": ["2 ", "9", "2014"], "upn": "",
            "school": "", "received_on": [str(received.day), str(received.month), str(received.year)],
            "channel": "post", "requester": "Ann Brown, mother", "summary": "Letter asking for an assessment",
            "submission_key": "k1"}
    return {**data, **overrides}


def test_a_postal_request_starts_the_clock_on_the_day_received(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    assert "Record a request received by post" in client.get("/staff/triage").text
    response = client.post("/staff/requests/new", data=_form())
    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert case.received_on == today_in_england() - timedelta(days=10)
    assert case.child.date_of_birth == date(2014, 9, 2)
    page = client.get(response.headers["Location"]).text
    assert "Due in 32 days" in page and "Ann Brown, mother" in page


def test_posting_twice_makes_one_case_and_an_open_request_is_joined(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    client.post("/staff/requests/new", data=_form())
    client.post("/staff/requests/new", data=_form())
    assert len(db.session.scalars(select(Case)).all()) == 1
    response = client.post("/staff/requests/new", data=_form(submission_key="k2", channel="email"),
                           follow_redirects=True)
    assert "is already open" in response.text
    assert len(db.session.scalars(select(Case)).all()) == 1
    assert len(db.session.scalars(select(Child)).all()) == 1
    assert any(e.kind == "request_received_again" for e in db.session.scalars(select(Event)))


def test_bad_input_gets_errors_and_keeps_answers(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    future = today_in_england() + timedelta(days=2)
    response = client.post("/staff/requests/new", data=_form(received_on=[str(future.day), str(future.month), str(future.year)]))
    assert "today or in the past" in response.text and 'value="Noah"' in response.text
    response = client.post("/staff/requests/new", data=_form(upn="12345", date_of_birth=["", "", ""]))
    assert "A UPN is a letter followed by 12 numbers" in response.text and "Enter the date of birth" in response.text
    assert db.session.scalars(select(Case)).all() == []


def test_other_teams_cannot_record_requests(make, signed_in):
    client = signed_in(make.user(Role.S19_LEAD))
    assert client.get("/staff/requests/new").status_code == 403
    assert client.post("/staff/requests/new", data=_form()).status_code == 403
    assert db.session.scalars(select(Case).where(Case.kind == CaseKind.EHC_ASSESSMENT)).all() == []

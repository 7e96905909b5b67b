"""Assigning a case, and the conflict a stale assignment gets."""

from shared.db import db
from shared.models import Case, CaseKind, Event, Role


def test_assign_and_reassign_are_on_the_chronology(make, signed_in):
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT)
    first, second = make.user(Role.EHC_OFFICER, full_name="Ann Officer"), make.user(Role.EHC_OFFICER, full_name="Bob Officer")
    client = signed_in(first)
    assert client.post(f"/staff/cases/{case.id}/assign", data={"officer": str(first.id), "version": 1}).status_code == 302
    page = client.get(f"/staff/cases/{case.id}").text
    assert f'value="{first.id}" selected' in page
    assert client.post(f"/staff/cases/{case.id}/assign", data={"officer": str(second.id), "version": 2}).status_code == 302
    summaries = [e.summary for e in db.session.query(Event).filter_by(case_id=case.id).order_by(Event.id)]
    assert summaries[-1] == "Assigned to Bob Officer (was Ann Officer)"


def test_two_officers_saving_the_same_version_get_a_conflict(make, signed_in):
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT)
    a, b = make.user(Role.EHC_OFFICER), make.user(Role.EHC_OFFICER)
    client = signed_in(a)
    assert client.post(f"/staff/cases/{case.id}/assign", data={"officer": str(a.id), "version": 1}).status_code == 302
    stale = client.post(f"/staff/cases/{case.id}/assign", data={"officer": str(b.id), "version": 1})
    assert stale.status_code == 409 and "Nothing you entered has been saved" in stale.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).assigned_officer_id == a.id


def test_an_officer_from_another_team_cannot_be_assigned(make, signed_in):
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT)
    outsider = make.user(Role.S19_LEAD)
    client = signed_in(make.user(Role.EHC_OFFICER))
    response = client.post(f"/staff/cases/{case.id}/assign", data={"officer": str(outsider.id), "version": 1})
    assert response.status_code == 200 and "govuk-error-summary" in response.text

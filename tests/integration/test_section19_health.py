"""Health professionals in the portal (journey 7): signing up, referring a child under Section 19,
seeing only the referrals they made, and a copy of the decision."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, Child, Notice, Role, S19Referral, User
from shared.services import section19 as s19
from shared.services.errors import ServiceError
from tests.integration.test_section19 import (  # noqa: F401 (fixtures)
    answers,
    calendar_years,
    lead,
    referral_form,
    school,
    teacher,
)

D = date


@pytest.fixture
def nurse(make):
    return make.user(Role.HEALTH_PROFESSIONAL, full_name="Dr Kim Health", organisation="Northbridge CAMHS",
                     job_title="Consultant psychiatrist")


def health_form(school_urn: str, **overrides) -> dict:
    data = referral_form(school=school_urn, school_view="Ava is too unwell to attend.", **overrides)
    data.pop("referrer_type")
    data.pop("referrer_job_title")
    return data


def health_refer(nurse, school_urn: str, key="h1", **overrides) -> Case:
    case = s19.submit_referral(nurse, answers(school_urn=school_urn, referrer_type="school", referrer_job_title="",
                                              **overrides), key, today=today_in_england())
    db.session.commit()
    return case


def test_a_health_professional_signs_up_with_organisation_and_job_title(client):
    base = {"full_name": "Dr Kim Health", "email": "kim@camhs.nhs.example.uk", "role": "health_professional",
            "password": "a long enough password", "confirm": "a long enough password"}
    missing = client.post("/sign-up", data=base)
    assert missing.status_code == 200
    assert "Enter your organisation" in missing.text and "Enter your job title" in missing.text
    assert 'value="Dr Kim Health"' in missing.text
    response = client.post("/sign-up", data={**base, "organisation": "Northbridge CAMHS",
                                              "job_title": "Clinical nurse specialist"})
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "kim@camhs.nhs.example.uk")).one()
    assert user.role == Role.HEALTH_PROFESSIONAL and user.school_id is None
    assert (user.organisation, user.job_title) == ("Northbridge CAMHS", "Clinical nurse specialist")


def test_a_health_professional_refers_end_to_end(client, signed_in, make, nurse, school, lead, calendar_years):
    make.contacts()
    signed_in(nurse)
    menu = client.get("/cases").text
    assert "Refer a child under Section 19" in menu and "Your referrals" in menu
    form = client.get("/section-19/refer")
    assert form.status_code == 200 and "Not on a school roll" in form.text and "Who is making the referral" not in form.text
    bad = client.post("/section-19/refer", data=health_form(""))
    assert bad.status_code == 200 and "Select the child&#39;s school" in bad.text
    response = client.post("/section-19/refer", data=health_form(school.urn))
    assert response.status_code == 302, response.text
    check = client.get("/section-19/refer/check")
    assert "Hilltop Academy" in check.text and "Northbridge CAMHS" in check.text
    sent = client.post("/section-19/refer/check", data={"submission_key": "health-once"})
    again = client.post("/section-19/refer/check", data={"submission_key": "health-once"})
    assert sent.status_code == again.status_code == 302 and sent.headers["Location"] == again.headers["Location"]
    referral = db.session.scalars(select(S19Referral)).one()
    assert referral.referrer_type == "health" and referral.referrer_id == nurse.id
    assert referral.referrer_organisation == "Northbridge CAMHS" and referral.school_id == school.id
    assert referral.case.child.school_id == school.id  # the school sees the case too
    case = referral.case
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "Decision on the referral" in page.text
    assert case.reference in client.get("/cases").text
    s19.decide_referral(case, outcome="accept", reasons="", actor=lead, expected_version=case.version,
                        today=today_in_england())
    db.session.commit()
    emails = sorted(n.recipient_email for n in db.session.scalars(select(Notice).where(Notice.case_id == case.id)))
    assert emails == sorted(["office@hilltop.example.uk", "pat@example.com", nurse.email])
    assert "Accepted" in client.get(f"/cases/{case.id}").text
    client.post("/sign-out")
    signed_in(lead)
    staff_page = client.get(f"/staff/section-19/cases/{case.id}").text
    assert "Northbridge CAMHS" in staff_page and "child&#39;s school: Hilltop Academy" in staff_page


def test_a_child_on_no_school_roll(nurse, calendar_years):
    case = health_refer(nurse, s19.NOT_ON_ROLL)
    referral = db.session.scalars(select(S19Referral)).one()
    assert referral.school_id is None and case.child.school_id is None
    with pytest.raises(ServiceError, match="already has an open Section 19 referral"):
        health_refer(nurse, s19.NOT_ON_ROLL, key="h2")


def test_a_health_referral_finds_the_pupil_of_the_chosen_school(make, nurse, school, calendar_years):
    pupil = make.child(first_name="Ava", last_name="Stone", date_of_birth=D(2014, 5, 6), school_id=school.id)
    case = health_refer(nurse, school.urn)
    assert case.child_id == pupil.id
    assert db.session.scalar(select(func.count()).select_from(Child)) == 1


def test_another_referrers_reference_is_not_shown(make, nurse, school, teacher, calendar_years):
    schools_case = s19.submit_referral(teacher, answers(), "t1", today=today_in_england())
    db.session.commit()
    with pytest.raises(ServiceError, match="already has an open Section 19 referral") as refused:
        health_refer(nurse, school.urn)
    assert schools_case.reference not in str(refused.value)


def test_a_upn_at_another_school_is_refused(make, nurse, school):
    other = make.school()
    make.child(first_name="Ava", last_name="Stone", date_of_birth=D(2014, 5, 6), upn="A123456789012",
               school_id=other.id)
    with pytest.raises(ServiceError, match="could not match this child to the school you chose"):
        s19.submit_referral(nurse, answers(upn="A123456789012", school_urn=school.urn), "k",
                            today=today_in_england())


def test_health_professionals_see_only_their_own_referrals(client, signed_in, make, nurse, school, teacher,
                                                           calendar_years):
    case = health_refer(nurse, school.urn)
    schools_own = s19.submit_referral(teacher, answers(first_name="Ben"), "t1", today=today_in_england())
    ehc = make.case(make.child(school_id=school.id), CaseKind.EHC_ASSESSMENT)
    db.session.commit()
    signed_in(nurse)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/cases/{schools_own.id}").status_code == 404  # the school's referral, same pupil's school
    assert client.get(f"/cases/{ehc.id}").status_code == 404
    listing = client.get("/cases").text
    assert case.reference in listing and schools_own.reference not in listing and ehc.reference not in listing
    assert client.get(f"/cases/{ehc.id}/evidence/new").status_code == 404
    assert client.get("/request-an-assessment").status_code == 403
    assert client.get("/home-education/notify").status_code == 403
    assert client.get("/home-education/deletion").status_code == 403
    assert client.get("/consultations").status_code == 403
    assert client.get("/staff/").status_code == 403
    client.post("/sign-out")
    other = make.user(Role.HEALTH_PROFESSIONAL, organisation="Another trust", job_title="GP")
    signed_in(other)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/section-19/referrals/{case.id}/sent").status_code == 404
    client.post("/sign-out")
    signed_in(make.user(Role.SCHOOL_STAFF, school_id=make.school().id))
    assert client.get(f"/cases/{case.id}").status_code == 404
    client.post("/sign-out")
    signed_in(teacher)  # the child's own school sees the case
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_parents_and_advisers_still_cannot_refer(client, signed_in, make):
    signed_in(make.user(Role.SENDIASS_ADVISER))
    assert client.get("/section-19/refer").status_code == 403


def test_the_referrer_reads_the_outcome_and_their_own_letter_not_the_familys_file(
        client, signed_in, make, nurse, school, lead, calendar_years):
    """Data minimisation: the health referrer sees the status, key dates and the copy addressed to
    them; the family's letter, the school's copy and the chronology are not theirs to read."""
    make.contacts()
    case = health_refer(nurse, school.urn)
    s19.decide_referral(case, outcome="accept", reasons="", actor=lead, expected_version=case.version,
                        today=today_in_england())
    db.session.commit()
    notices = {n.recipient_email: n for n in db.session.scalars(select(Notice).where(Notice.case_id == case.id))}
    signed_in(nurse)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "Accepted" in page.text
    assert "What has happened" not in page.text and "Download the chronology" not in page.text
    assert f"to {nurse.full_name}" in page.text
    assert f"to {notices['pat@example.com'].recipient_name}" not in page.text
    assert f"to {notices['office@hilltop.example.uk'].recipient_name}" not in page.text
    assert client.get(f"/notices/{notices['pat@example.com'].id}/letter.pdf").status_code == 404
    assert client.get(f"/notices/{notices['office@hilltop.example.uk'].id}/letter.pdf").status_code == 404
    assert client.get(f"/cases/{case.id}/chronology.pdf").status_code == 404
    client.post("/sign-out")
    signed_in(make.user(Role.SCHOOL_STAFF, school_id=school.id))  # the school still reads as before
    school_page = client.get(f"/cases/{case.id}").text
    assert "What has happened" in school_page and f"to {notices['pat@example.com'].recipient_name}" in school_page

"""School staff access is granted, never inferred (decision 0006): a school email address only asks
for access; the council or the school's lead approves it, can remove it (at once), and every
decision is on the audit trail."""

import email
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import db
from shared.models import CaseKind, Document, MembershipEvent, MembershipStatus, Role, SchoolMembership, User
from shared.queries.cases import case_for_user, visible_cases
from shared.queries.school_memberships import approved_school_id
from tests.conftest import sign_in
from tests.integration.test_uploads import PDF, _upload
from tests.jobs_helpers import run_jobs

PASSWORD = "a-long-password"


def _membership(user) -> SchoolMembership:
    db.session.expire_all()
    return db.session.scalars(select(SchoolMembership).where(SchoolMembership.user_id == user.id)).one()


def _sign_up_school_staff(app, client, settings, school, address="new.teacher"):
    """Sign up through the real form with the school's email domain and confirm the address."""
    domain = school.email.split("@")[1]
    form = {"full_name": "Nia Newstaff", "email": f"{address}@{domain}", "role": "school_staff",
            "school_urn": school.urn, "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/sign-up", data=form).status_code == 302
    run_jobs(app)
    mails = sorted(Path(settings.mail_sink_dir).glob("*.eml"), key=lambda p: p.stat().st_mtime)
    message = email.message_from_bytes(mails[-1].read_bytes())
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    token = re.search(r"/verify-email/([\w.\-]+)", body).group(1)
    assert client.post(f"/verify-email/{token}").status_code == 302
    return db.session.scalars(select(User).where(User.email == form["email"])).one()


@pytest.fixture
def pupil_case(make):
    school = make.school()
    case = make.case(make.child(school=school), CaseKind.EHC_ASSESSMENT)
    return school, case


def test_a_school_email_address_only_asks_for_access(app, client, settings, make, pupil_case):
    school, case = pupil_case
    teacher = _sign_up_school_staff(app, client, settings, school)
    assert _membership(teacher).status == MembershipStatus.REQUESTED
    signed = client.post("/sign-in", data={"email": teacher.email, "password": PASSWORD})
    assert signed.status_code == 302
    landing = client.get(signed.headers["Location"], follow_redirects=True)
    assert "Your access is waiting for approval" in landing.text and case.reference not in landing.text
    for path in ("/cases", f"/cases/{case.id}", f"/cases/{case.id}/chronology.pdf", "/consultations",
                 "/children-missing-education", "/section-19/refer", "/home-education/deletion"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/school-access"), path
    # The rule itself, not only the door: the queries give nothing either.
    assert approved_school_id(teacher) is None
    assert db.session.scalars(visible_cases(teacher)).all() == []
    assert case_for_user(teacher, case.id) is None
    trail = db.session.scalars(select(MembershipEvent)).all()
    assert [e.action for e in trail] == ["requested"]


def test_the_council_approves_and_removal_takes_effect_at_once(app, client, make, pupil_case):
    school, case = pupil_case
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested", full_name="Tom Teach")
    manager = make.user(Role.MANAGER)
    staff = app.test_client()
    sign_in(staff, manager)
    waiting = staff.get("/staff/school-memberships")
    assert waiting.status_code == 200 and "Tom Teach" in waiting.text
    membership = _membership(teacher)
    assert staff.post(f"/staff/school-memberships/{membership.id}/approve").status_code == 302
    sign_in(client, teacher)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/cases/{case.id}/chronology.pdf").status_code == 200
    assert staff.post(f"/staff/school-memberships/{membership.id}/remove").status_code == 302
    # Same session, next request: no access.
    assert client.get(f"/cases/{case.id}").headers["Location"].endswith("/school-access")
    assert client.get(f"/cases/{case.id}/chronology.pdf").status_code == 302
    assert "You do not have access" in client.get("/school-access").text
    membership = _membership(teacher)
    assert membership.status == MembershipStatus.REMOVED and membership.decided_by_id == manager.id
    history = staff.get("/staff/school-memberships/history").text
    assert "approved Tom Teach&#39;s access" in history and "removed the access of Tom Teach" in history
    assert staff.get(f"/staff/school-memberships/{membership.id}").status_code == 200


def test_a_removed_member_cannot_download_the_pupils_documents(app, make, signed_in, pupil_case):
    school, case = pupil_case
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    client = signed_in(teacher)
    assert _upload(client, case, "report.pdf", PDF).status_code == 302
    run_jobs(app)
    document_id = db.session.scalars(select(Document)).one().id
    assert client.get(f"/documents/{document_id}/download").status_code == 200
    membership = _membership(teacher)
    membership.status = MembershipStatus.REMOVED
    db.session.commit()
    response = client.get(f"/documents/{document_id}/download")
    assert response.status_code == 302 and response.headers["Location"].endswith("/school-access")


def test_a_school_lead_approves_and_removes_their_own_schools_staff(app, make, signed_in, pupil_case):
    school, case = pupil_case
    lead = make.user(Role.SCHOOL_STAFF, school_id=school.id, lead=True, full_name="Lee Senco")
    newcomer = make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested", full_name="Nat New")
    elsewhere = make.user(Role.SCHOOL_STAFF, school_id=make.school().id, membership="requested")
    other_lead = make.user(Role.SCHOOL_STAFF, school_id=school.id, lead=True)
    client = signed_in(lead)
    page = client.get("/school-staff")
    assert page.status_code == 200 and "Nat New" in page.text
    assert client.post(f"/school-staff/{_membership(newcomer).id}/approve").status_code == 302
    assert _membership(newcomer).status == MembershipStatus.APPROVED
    assert client.post(f"/school-staff/{_membership(elsewhere).id}/approve").status_code == 404
    assert client.post(f"/school-staff/{_membership(lead).id}/remove").status_code == 404  # not their own
    client.post(f"/school-staff/{_membership(other_lead).id}/remove")
    assert _membership(other_lead).status == MembershipStatus.APPROVED  # another lead: the council decides
    assert client.post(f"/school-staff/{_membership(newcomer).id}/remove").status_code == 302
    assert _membership(newcomer).status == MembershipStatus.REMOVED
    trail = client.get("/school-staff").text
    assert "Lee Senco approved Nat New&#39;s access" in trail and "Lee Senco removed the access of Nat New" in trail


def test_only_a_lead_manages_school_staff_and_only_the_council_sees_the_back_office_pages(make, app, pupil_case):
    school, _ = pupil_case
    membership_of = make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested")
    target = _membership(membership_of).id
    for user, expected in ((make.user(Role.SCHOOL_STAFF, school_id=school.id), 403), (make.user(Role.PARENT), 403)):
        client = app.test_client()
        sign_in(client, user)
        assert client.get("/school-staff").status_code == expected
        assert client.post(f"/school-staff/{target}/approve").status_code == expected
    for role, expected in ((Role.EHC_OFFICER, 403), (Role.S19_LEAD, 403), (Role.ADMINISTRATOR, 200), (Role.MANAGER, 200)):
        client = app.test_client()
        sign_in(client, make.user(role))
        assert client.get("/staff/school-memberships").status_code == expected, role
        assert client.get("/staff/school-memberships/history").status_code == expected, role
    assert _membership(membership_of).status == MembershipStatus.REQUESTED


def test_the_council_chooses_the_lead(make, app, pupil_case):
    school, _ = pupil_case
    senco = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sue Senco")
    admin = make.user(Role.ADMINISTRATOR)
    client = app.test_client()
    sign_in(client, admin)
    membership = _membership(senco)
    assert client.post(f"/staff/school-memberships/{membership.id}/make-lead").status_code == 302
    assert _membership(senco).is_lead
    lead_client = app.test_client()
    sign_in(lead_client, senco)
    assert lead_client.get("/school-staff").status_code == 200
    assert client.post(f"/staff/school-memberships/{membership.id}/end-lead").status_code == 302
    assert lead_client.get("/school-staff").status_code == 403
    assert client.post(f"/staff/school-memberships/{membership.id}/unknown").status_code == 404


def test_consultation_emails_go_only_to_approved_staff(make, db_ready):
    from shared.services.plans import _school_staff

    school = make.school()
    approved = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="requested")
    make.user(Role.SCHOOL_STAFF, school_id=school.id, membership="removed")
    assert [u.id for u in _school_staff(school)] == [approved.id]

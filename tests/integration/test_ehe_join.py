"""Joining a parent's notification and a school's deletion return for the same child into the one
open home education case (shared/services/ehe_join.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain import ehe as ehe_rules
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, Child, ChildLink, EheNotification, Event, Role
from shared.services import ehe
from shared.services.errors import ServiceError
from shared.services.links import confirm_link, pending_links
from tests.page_checks import visible_text

D = date


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


def answers(**overrides) -> ehe.NotificationAnswers:
    values = dict(first_name="Leo", last_name="Hart", date_of_birth=D(2013, 2, 3), address="5 Oak Road",
                  parent_names="Jo Hart", parent_email="", deleted_on=today_in_england())
    values.update(overrides)
    return ehe.NotificationAnswers(**values)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _joined(case) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.case_id == case.id,
                                                       Event.kind == "ehe_notification_joined")))


def test_a_schools_return_joins_the_parents_notification(make, school, teacher):
    parent = make.user(Role.PARENT, full_name="Jo Hart")
    today = today_in_england()
    first = ehe.notify_home_education(parent, answers(school_urn=school.urn, deleted_on=None, reasons=["bullying"],
                                                      safeguarding_notes=""), "p1", today=today)
    db.session.commit()
    n = db.session.scalars(select(EheNotification)).one()
    assert n.deleted_on is None and not n.has_ehc_plan
    ret = answers(deleted_on=today - timedelta(days=1), safeguarding_known=True, safeguarding_notes="Missed visits",
                  has_ehc_plan=True, parent_phone="07700 900000")
    joined = ehe.record_deletion_return(teacher, ret, "s1", today=today)
    again = ehe.record_deletion_return(teacher, ret, "s1", today=today)  # the same post twice
    db.session.commit()
    assert joined.id == again.id == first.id
    assert _count(Case) == 1 and _count(EheNotification) == 1 and _count(Child) == 1
    db.session.refresh(n)
    assert n.deleted_on == today - timedelta(days=1) and n.deletion_ground == ehe_rules.DELETION_GROUND
    assert n.safeguarding_flag and "Missed visits" in n.safeguarding_notes and n.has_ehc_plan
    assert n.parent_phone == "07700 900000" and n.reasons == ["bullying"] and n.source.value == "parent"
    events = _joined(first)
    assert len(events) == 1 and events[0].data["answers"]["safeguarding_notes"] == "Missed visits"


def test_a_special_school_return_needs_consent_when_joined(make):
    special = make.school(name="Oak Special School", email="office@oak.example.uk", is_special=True)
    teacher = make.user(Role.SCHOOL_STAFF, school_id=special.id)
    parent = make.user(Role.PARENT)
    today = today_in_england()
    # The parent names no school (so no consent yet); the special school's return finds the child by UPN.
    case = ehe.notify_home_education(parent, answers(upn="A123456789012", deleted_on=None), "p1", today=today)
    db.session.commit()
    assert case.status == "notified"
    ehe.record_deletion_return(teacher, answers(upn="A123456789012", deleted_on=today + timedelta(days=5)), "s1",
                               today=today)
    db.session.commit()
    n = db.session.scalars(select(EheNotification)).one()
    assert case.status == "council_consent_required" and n.consent_required and n.deleted_on is None


def test_the_school_confirmation_shows_the_existing_reference(client, signed_in, make, school, teacher):
    parent = make.user(Role.PARENT)
    case = ehe.notify_home_education(parent, answers(school_urn=school.urn, deleted_on=None), "p1",
                                     today=today_in_england())
    db.session.commit()
    signed_in(teacher)
    today = today_in_england()
    form = {"first_name": "Leo", "last_name": "Hart", "date_of_birth": ["3", "2", "2013"], "upn": "",
            "address": "5 Oak Road", "parent_names": "Jo Hart", "parent_email": "jo@example.com",
            "parent_phone": "", "deleted_on": [str(today.day), str(today.month), str(today.year)],
            "safeguarding_known": "no", "safeguarding_notes": "", "has_ehc_plan": "no", "has_sen": "no"}
    assert client.post("/home-education/deletion", data=form).status_code == 302
    sent = client.post("/home-education/deletion/check", data={"submission_key": "web-once"})
    again = client.post("/home-education/deletion/check", data={"submission_key": "web-once"})
    assert sent.status_code == again.status_code == 302 and sent.headers["Location"] == again.headers["Location"]
    page = client.get(sent.headers["Location"])
    assert page.status_code == 200 and case.reference in page.text
    assert _count(Case) == 1


def test_a_parents_notification_joins_a_school_case_as_a_pending_link(make, school, teacher):
    today = today_in_england()
    case = ehe.record_deletion_return(teacher, answers(), "s1", today=today)
    db.session.commit()
    parent = make.user(Role.PARENT, full_name="Jo Hart", email="jo.hart@example.com")
    note = answers(deleted_on=None, reasons=["philosophical"], education_description="Tutoring at home",
                   contact_preferences=["email"], parent_phone="01234 000000")
    joined = ehe.notify_home_education(parent, note, "p1", today=today)
    again = ehe.notify_home_education(parent, note, "p1", today=today)
    db.session.commit()
    assert joined.id == again.id == case.id and _count(Child) == 1 and _count(Case) == 1
    assert _count(ChildLink) == 0  # a parent's claim proves nothing: no link until an officer confirms
    n = db.session.scalars(select(EheNotification)).one()
    assert n.reasons == ["philosophical"] and n.education_description == "Tutoring at home"
    assert n.contact_preferences == ["email"] and n.parent_phone == "01234 000000"
    assert n.parent_email == "jo.hart@example.com" and n.source.value == "school_deletion"
    pending = pending_links(case)
    assert [p.user.id for p in pending] == [parent.id]
    officer = make.user(Role.EHE_PRACTITIONER)
    confirm_link(case, parent.id, actor=officer)
    db.session.commit()
    assert _count(ChildLink) == 1 and pending_links(case) == []


def test_the_parent_does_not_see_the_case_before_the_officer_confirms(client, signed_in, make, school, teacher):
    case = ehe.record_deletion_return(teacher, answers(), "s1", today=today_in_england())
    parent = make.user(Role.PARENT)
    ehe.notify_home_education(parent, answers(deleted_on=None), "p1", today=today_in_england())
    db.session.commit()
    signed_in(parent)
    assert client.get(f"/cases/{case.id}").status_code == 404
    # Their confirmation page says it arrived and gives the reference, and nothing about the case.
    sent = client.get(f"/home-education/{case.id}/sent")
    assert sent.status_code == 200 and case.reference in sent.text
    text = visible_text(sent.text)
    assert "check who you are" in text and "Leo" not in text and "Hilltop" not in text
    client.post("/sign-out")
    signed_in(make.user(Role.PARENT))  # someone else entirely
    assert client.get(f"/home-education/{case.id}/sent").status_code == 404
    client.post("/sign-out")
    signed_in(make.user(Role.EHE_PRACTITIONER))
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 200 and "Confirm link" in page.text
    assert client.post(f"/staff/cases/{case.id}/links/{parent.id}/confirm").status_code == 302
    client.post("/sign-out")
    signed_in(parent)
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_each_sender_is_emailed_the_existing_reference(app, make, school, teacher, settings):
    from email import message_from_bytes
    from email.policy import default
    from pathlib import Path

    from tests.jobs_helpers import run_jobs

    case = ehe.record_deletion_return(teacher, answers(), "s1", today=today_in_england())
    parent = make.user(Role.PARENT, email="jo.hart@example.com")
    ehe.notify_home_education(parent, answers(deleted_on=None), "p1", today=today_in_england())
    db.session.commit()
    run_jobs(app)
    messages = [message_from_bytes(p.read_bytes()) for p in Path(settings.mail_sink_dir).glob("*.eml")]
    to_parent = [m.get_body(("plain",)).get_content() for m in
                 (message_from_bytes(m.as_bytes(), policy=default) for m in messages)
                 if m["To"] == "jo.hart@example.com"]
    assert len(to_parent) == 1 and case.reference in to_parent[0]
    assert "confirm you as the child" in to_parent[0] and f"/cases/{case.id}" not in to_parent[0]


def test_a_parents_second_notification_of_their_own_is_still_refused(make, school):
    parent = make.user(Role.PARENT)
    ehe.notify_home_education(parent, answers(deleted_on=None), "p1", today=today_in_england())
    db.session.commit()
    with pytest.raises(ServiceError, match="already has an open home education case"):
        ehe.notify_home_education(parent, answers(deleted_on=None), "p2", today=today_in_england())


def test_a_different_child_opens_its_own_case(make, school, teacher):
    ehe.record_deletion_return(teacher, answers(), "s1", today=today_in_england())
    parent = make.user(Role.PARENT)
    other = ehe.notify_home_education(parent, answers(first_name="Mia", deleted_on=None), "p1",
                                      today=today_in_england())
    db.session.commit()
    assert _count(Case) == 2 and other.kind == CaseKind.EHE
    assert db.session.scalar(select(func.count()).select_from(ChildLink).where(ChildLink.user_id == parent.id)) == 1

"""Each email and page speaks to the person reading it: a school is told about its deletion
return, an officer reads what the council must do (not "your child"), and a school, an adviser
or a young person reads the next step in words meant for them."""

from __future__ import annotations

import email
from datetime import date
from pathlib import Path

import pytest

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, ChildLink, Relationship, Role
from shared.services import ehe
from tests.jobs_helpers import run_jobs


@pytest.fixture(autouse=True)
def _empty_mail_sink(settings):
    # The sink folder lasts the whole session: start each test here with none of the earlier mail.
    for path in Path(settings.mail_sink_dir).glob("*.eml"):
        path.unlink()


def _sent_to(settings, address: str) -> list[email.message.Message]:
    folder = Path(settings.mail_sink_dir)
    found = [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]
    return [m for m in found if address in m["To"]]


def _subject(message) -> str:
    return " ".join(message["Subject"].split())  # a long subject is folded over lines


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def test_a_schools_deletion_return_email_is_about_its_return(app, settings, make):
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher", email="sam@hilltop.example.uk")
    ehe.record_deletion_return(teacher, ehe.NotificationAnswers(
        first_name="Leo", last_name="Hart", date_of_birth=date(2013, 2, 3), address="5 Oak Road",
        parent_names="Jo Hart", parent_email="jo@example.com", deleted_on=today_in_england()), "copy-1",
        today=today_in_england())
    db.session.commit()
    run_jobs(app)
    [message] = _sent_to(settings, "sam@hilltop.example.uk")
    body = _text(message)
    assert "We have received your deletion return for Leo Hart: reference" in body
    assert "your notification your deletion return" not in body and "notification" not in body
    assert _subject(message).startswith("We have received your deletion return:")


def test_a_schools_return_joined_to_an_open_case_is_called_a_deletion_return(app, settings, make):
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher", email="sam@hilltop.example.uk")
    parent = make.user(Role.PARENT, full_name="Jo Hart")
    leo = dict(first_name="Leo", last_name="Hart", date_of_birth=date(2013, 2, 3), address="5 Oak Road",
               parent_names="Jo Hart", parent_email="")
    ehe.notify_home_education(parent, ehe.NotificationAnswers(**leo, school_urn=school.urn, reasons=["bullying"]),
                              "join-1", today=today_in_england())
    ehe.record_deletion_return(teacher, ehe.NotificationAnswers(**leo, deleted_on=today_in_england()), "join-2",
                               today=today_in_england())
    db.session.commit()
    run_jobs(app)
    messages = _sent_to(settings, "sam@hilltop.example.uk")
    assert messages and all(_subject(m).startswith("We have received your deletion return:") for m in messages)
    assert any("We have received your deletion return for Leo Hart." in _text(m) for m in messages)


def test_a_parents_notification_email_says_what_they_sent(app, settings, make):
    parent = make.user(Role.PARENT, full_name="Pat Green", email="pat@example.com")
    ehe.notify_home_education(parent, ehe.NotificationAnswers(
        first_name="Mia", last_name="Green", date_of_birth=date(2014, 5, 6), address="2 Mill Lane",
        parent_names="Pat Green", parent_email="pat@example.com", left_school_on=today_in_england(),
        reasons=["philosophical"], contact_preferences=["email"]), "copy-2", today=today_in_england())
    db.session.commit()
    run_jobs(app)
    [message] = _sent_to(settings, "pat@example.com")
    assert "We have received your notification that you are educating Mia Green at home: reference" in _text(message)
    assert _subject(message).startswith("We have received your home education notification:")


FAMILY_WORDS = ("your child", "you", "Your letter")


def _next_step(page: str) -> str:
    return page.split("What happens next</h2>", 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("status", ["received", "assessing", "drafting", "draft_issued", "refused"])
def test_the_staff_case_page_is_written_for_the_officer(make, signed_in, status):
    case = make.case(make.child(first_name="Lily"), CaseKind.EHC_ASSESSMENT)
    case.status = status
    db.session.commit()
    page = signed_in(make.user(Role.EHC_OFFICER)).get(f"/staff/cases/{case.id}").text
    step = _next_step(page)
    for words in FAMILY_WORDS:
        assert words not in step, (status, step)
    assert "the family" in step or "The decision letter" in step, step


@pytest.mark.parametrize("role", [Role.SCHOOL_STAFF, Role.SENDIASS_ADVISER, Role.YOUNG_PERSON])
def test_the_portal_next_step_is_written_for_its_reader(make, signed_in, role):
    school = make.school()
    child = make.child(school_id=school.id)
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    case.status = "assessing"
    reader = make.user(role, school_id=school.id if role == Role.SCHOOL_STAFF else None)
    if role == Role.YOUNG_PERSON:
        db.session.add(ChildLink(user=reader, child=child, relationship_kind=Relationship.YOUNG_PERSON_SELF))
    if role == Role.SENDIASS_ADVISER:
        from shared.models import AdviserConsent

        parent = make.user(Role.PARENT)
        db.session.add(AdviserConsent(case_id=case.id, adviser_id=reader.id, granted_by_id=parent.id))
    db.session.commit()
    step = _next_step(signed_in(reader).get(f"/cases/{case.id}").text).replace("&#39;", "'")
    assert "your child" not in step
    if role == Role.YOUNG_PERSON:
        assert "We are asking for advice about your needs from your school" in step
    else:
        assert "We are asking for advice about the child's needs from their school" in step
        assert "we must tell the family by" in step

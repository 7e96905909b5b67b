"""Following up a request for the children-not-in-school register information (new EA 1996
s.436D; shared/services/ehe_information_follow_up.py): the reminder to the parents before the
date, the notice to the officer after it, each once; the register's "Information overdue" filter
and tag; and who may open the page the reminder links to."""

from __future__ import annotations

import email
import email.policy
import re
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Event, OutboxMessage, Role
from shared.queries import ehe as q
from shared.services import ehe
from shared.services.ehe_information_follow_up import MAIL_JOB, queue_information_follow_ups
from shared.services.errors import ServiceError
from tests.jobs_helpers import run_jobs

D = date


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner", email="erin@council.example.gov.uk")


def _parent_case(make, school, *, first_name="Mia", email="pat@example.com", key="p1"):
    """A parent's own notification: the parent is linked to the child."""
    parent = make.user(Role.PARENT, full_name=f"Pat {first_name}", email=email)
    case = ehe.notify_home_education(parent, ehe.NotificationAnswers(
        first_name=first_name, last_name="Green", date_of_birth=D(2014, 5, 6), address="2 Mill Lane",
        parent_names=f"Pat {first_name}", school_urn=school.urn), key, today=today_in_england())
    db.session.commit()
    return parent, case


def _school_case(teacher, *, first_name="Leo", key="k1"):
    """A school's deletion return: nobody in the family has an account, the parent's email is on it."""
    case = ehe.record_deletion_return(teacher, ehe.NotificationAnswers(
        first_name=first_name, last_name="Hart", date_of_birth=D(2013, 2, 3), address="5 Oak Road",
        parent_names="Jo Hart", parent_email="jo@example.com", deleted_on=today_in_england()), key,
        today=today_in_england())
    db.session.commit()
    return case


def _request(case, officer, *, requested_on: date, days: int = 15):
    ehe.request_information(case, days=days, actor=officer, expected_version=None, today=requested_on)
    db.session.commit()
    return ehe.open_information_request(case)


@pytest.fixture
def sent(settings):
    """The follow-up emails sent during this test (the sink folder is shared by the session)."""
    folder = Path(settings.mail_sink_dir)
    before = {p.name for p in folder.glob("*.eml")}

    def follow_ups() -> list:
        mails = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                 for p in sorted(folder.glob("*.eml")) if p.name not in before]
        return [m for m in mails if str(m["Subject"]).strip().startswith(("Reminder:", "Information overdue"))]

    return follow_ups


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def _events(case, kind: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.case_id == case.id, Event.kind == kind)))


def _follow_up_rows() -> list[dict]:
    return [m.payload for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == MAIL_JOB)
                                                  .order_by(OutboxMessage.id))]


def test_the_parent_is_reminded_once_with_the_date_and_the_link(app, make, school, officer, sent):
    make.contacts()
    _, case = _parent_case(make, school)
    today = today_in_england()
    request = _request(case, officer, requested_on=today - timedelta(days=11))  # due in 3 days
    assert request.due_on == today + timedelta(days=3)
    assert queue_information_follow_ups(today - timedelta(days=3), lead_days=5) == (0, 0)  # not yet: due in 6
    assert queue_information_follow_ups(today, lead_days=5) == (1, 0)
    db.session.commit()
    assert queue_information_follow_ups(today, lead_days=5) == (0, 0)  # once
    assert queue_information_follow_ups(today + timedelta(days=1), lead_days=5) == (0, 0)
    db.session.commit()
    assert [p["kind"] for p in _follow_up_rows()] == ["reminder"]
    [reminded] = _events(case, "ehe_information_reminder")
    assert reminded.actor_id is None and reminded.data["request_id"] == str(request.id)
    assert f"due by {request.due_on.day} {request.due_on:%B %Y}" in reminded.summary

    run_jobs(app)
    [mail] = sent()
    body = _body(mail)
    due = request.due_on
    assert mail["To"] == "pat@example.com"
    assert str(mail["Subject"]).strip() == f"Reminder: please tell us about Mia Green's education by {due.day} {due:%B %Y}"
    assert f"Please give us this information by {due:%A} {due.day} {due:%B %Y}." in body
    assert f"http://127.0.0.1:5000/home-education/{case.id}/information" in body
    assert "erin@council.example.gov.uk" in body and case.reference in body


def test_a_parent_without_an_account_is_reminded_at_the_email_on_the_return(app, make, teacher, officer, sent):
    make.contacts()
    case = _school_case(teacher)
    today = today_in_england()
    _request(case, officer, requested_on=today - timedelta(days=14))  # due today
    assert queue_information_follow_ups(today, lead_days=5) == (1, 0)  # due today: still in time to remind
    db.session.commit()
    assert _follow_up_rows() == [{"request_id": _follow_up_rows()[0]["request_id"], "kind": "reminder",
                                  "recipient": "notification"}]
    run_jobs(app)
    [mail] = sent()
    assert mail["To"] == "jo@example.com" and _body(mail).startswith("Dear Jo Hart,")


def test_answered_and_closed_requests_are_not_followed_up(make, school, teacher, officer):
    make.contacts()
    parent, answered = _parent_case(make, school)
    closed = _school_case(teacher)
    today = today_in_england()
    for case in (answered, closed):
        _request(case, officer, requested_on=today - timedelta(days=12))  # due in 2 days
    ehe.answer_information_request(answered, ehe.InformationAnswers(Decimal(18), None), user=parent, today=today)
    ehe.start_enquiries(closed, actor=officer, expected_version=None)
    ehe.record_return_to_school(closed, school_name="Hilltop Academy", returned_on=today, actor=officer,
                                expected_version=None, today=today)
    db.session.commit()
    assert queue_information_follow_ups(today, lead_days=5) == (0, 0)
    assert queue_information_follow_ups(today + timedelta(days=10), lead_days=5) == (0, 0)  # nor once overdue
    assert _follow_up_rows() == []
    assert _events(answered, "ehe_information_overdue") == [] and _events(closed, "ehe_information_reminder") == []


def test_a_reminder_queued_before_the_answer_is_not_sent(app, make, school, officer, sent):
    make.contacts()
    parent, case = _parent_case(make, school)
    today = today_in_england()
    _request(case, officer, requested_on=today - timedelta(days=12))
    assert queue_information_follow_ups(today, lead_days=5) == (1, 0)
    ehe.answer_information_request(case, ehe.InformationAnswers(Decimal(18), None), user=parent, today=today)
    db.session.commit()
    run_jobs(app)
    assert sent() == []  # the job looked again: answered, nothing to remind


def test_the_officer_is_told_once_when_the_request_is_overdue(app, make, school, officer, sent):
    make.contacts()
    _, case = _parent_case(make, school)
    today = today_in_england()
    request = _request(case, officer, requested_on=today - timedelta(days=15))  # due yesterday
    assert queue_information_follow_ups(today, lead_days=5) == (0, 1)  # too late for a reminder
    db.session.commit()
    assert queue_information_follow_ups(today, lead_days=5) == (0, 0)
    assert queue_information_follow_ups(today + timedelta(days=7), lead_days=5) == (0, 0)
    db.session.commit()
    [overdue] = _events(case, "ehe_information_overdue")
    due = request.due_on
    assert f"it was due by {due.day} {due:%B %Y}" in overdue.summary
    run_jobs(app)
    [mail] = sent()
    body = _body(mail)
    assert mail["To"] == "erin@council.example.gov.uk"  # nobody assigned: the officer who asked
    assert str(mail["Subject"]).strip() == f"Information overdue: Mia Green ({case.reference})"
    assert f"It was due by {due.day} {due:%B %Y}." in body
    assert f"http://127.0.0.1:5000/staff/home-education/cases/{case.id}" in body


def test_the_overdue_notice_goes_to_the_assigned_officer(app, make, school, officer, sent):
    from shared.services.cases import assign_case

    make.contacts()
    _, case = _parent_case(make, school)
    assigned = make.user(Role.EHE_PRACTITIONER, full_name="Ali Assigned", email="ali@council.example.gov.uk")
    assign_case(case, assigned, actor=assigned)
    _request(case, officer, requested_on=today_in_england() - timedelta(days=20))
    assert queue_information_follow_ups(today_in_england(), lead_days=5) == (0, 1)
    db.session.commit()
    run_jobs(app)
    assert [m["To"] for m in sent()] == ["ali@council.example.gov.uk"]


def test_the_scheduler_uses_the_lead_time_setting(app, make, school, officer, monkeypatch):
    from dataclasses import replace

    from shared.jobs.scheduler import follow_up_ehe_information

    make.contacts()
    _, case = _parent_case(make, school)
    _request(case, officer, requested_on=today_in_england() - timedelta(days=11))  # due in 3 days
    monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], ehe_information_reminder_days=2))
    assert follow_up_ehe_information() == (0, 0)  # 2 days' notice: not yet
    monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], ehe_information_reminder_days=3))
    assert follow_up_ehe_information() == (1, 0)
    assert follow_up_ehe_information() == (0, 0)  # committed, and once


def test_another_family_cannot_open_the_page_the_reminder_links_to(app, client, signed_in, make, school, officer,
                                                                   sent):
    make.contacts()
    parent, case = _parent_case(make, school)
    _request(case, officer, requested_on=today_in_england() - timedelta(days=12))
    queue_information_follow_ups(today_in_england(), lead_days=5)
    db.session.commit()
    run_jobs(app)
    [mail] = sent()
    path = re.search(r"http://[^/]+(/home-education/\S+/information)", _body(mail)).group(1)
    signed_in(make.user(Role.PARENT, full_name="Other Parent"))
    assert client.get(path).status_code == 404
    assert client.post(path, data={"hours_by_parents": "1"}).status_code == 404
    client.post("/sign-out")
    signed_in(parent)
    page = client.get(path)
    assert page.status_code == 200 and "Please answer by" in page.text


@contextmanager
def _statements():
    found: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        found.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_register_marks_and_filters_overdue_requests(client, signed_in, make, teacher, officer, monkeypatch):
    make.contacts()
    today = today_in_england()
    late = [_school_case(teacher, first_name=name, key=f"late-{name}") for name in ("Ada", "Ben", "Cai")]
    on_time = _school_case(teacher, first_name="Dee", key="on-time")
    _school_case(teacher, first_name="Eve", key="none")
    for n, case in enumerate(late):
        _request(case, officer, requested_on=today - timedelta(days=15 + n))
    _request(on_time, officer, requested_on=today)
    signed_in(officer)

    everyone = client.get("/staff/home-education")
    assert everyone.text.count("Information overdue") == 3 and "Eve Hart" in everyone.text
    with _statements() as statements:
        page = client.get("/staff/home-education?information=overdue")
    assert page.status_code == 200 and "3 children" in page.text
    assert all(f"{c.child.full_name}</a>" in page.text for c in late)
    assert "Dee Hart" not in page.text and "Eve Hart" not in page.text
    for case in late:
        due = ehe.open_information_request(case).due_on
        assert f"Was due by {due.day} {due:%B %Y}" in page.text
    assert 'id="information-filter" name="information" type="checkbox" value="overdue" checked' in page.text
    # One query for the count, one for the rows, whatever their number (no query a row).
    assert not [s for s in statements if "%(pk_1)s" in s and re.search(r"FROM (children|ehe_information_requests)\b", s)]
    assert len(statements) <= 4, statements

    monkeypatch.setattr(q, "REGISTER_PAGE_SIZE", 2)
    first = client.get("/staff/home-education?information=overdue")
    assert "3 children, showing 1 to 2" in first.text
    assert 'href="/staff/home-education?information=overdue&amp;page=2"' in first.text
    second = client.get("/staff/home-education?information=overdue&page=2")
    assert "3 children, showing 3 to 3" in second.text and "Information overdue" in second.text
    assert "/staff/home-education?information=overdue" in second.text  # back to page 1 keeps the filter

    both = client.get("/staff/home-education?information=overdue&due=yes")
    assert "There are no home educated children to show." in both.text  # no check-in due on any of them

    case_page = client.get(f"/staff/home-education/cases/{late[0].id}")
    due = ehe.open_information_request(late[0]).due_on
    assert "Information overdue" in case_page.text and f"it was due by {due.day} {due:%B %Y}" in case_page.text
    assert "Information overdue" not in client.get(f"/staff/home-education/cases/{on_time.id}").text


@pytest.fixture
def cwsa(app, monkeypatch):
    from dataclasses import replace

    monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], ehe_cwsa_2026=True))


def test_the_demo_shows_the_letters_and_with_the_2026_regime_an_information_request(app, db_ready, cwsa, sent):
    from shared.demo import load_demo_data
    from shared.models import Case, Notice, NoticeStatus, User

    assert load_demo_data() is True
    cases = {c.child.first_name: c for c in db.session.scalars(select(Case))}
    assert cases["Theo"].status == "s437_notice" and cases["Maya"].status == "sao_intention"
    assert cases["Omar"].status == "school_attendance_order"
    letters = {(n.case_id, n.decision_type) for n in db.session.scalars(select(Notice))}
    assert (cases["Theo"].id, "ehe_s437_notice") in letters
    assert (cases["Maya"].id, "ehe_sao_intention") in letters
    assert (cases["Omar"].id, "ehe_school_attendance_order") in letters
    theo = q.notification_for_case(cases["Theo"])
    assert theo.s437_deadline == date.today() + timedelta(days=9)
    isla = ehe.open_information_request(cases["Isla"])
    assert isla is not None and isla.due_on == date.today() + timedelta(days=2)
    assert queue_information_follow_ups(date.today(), lead_days=5) == (1, 0)  # the scheduler reminds Sam
    parent = db.session.scalars(select(User).where(User.role == Role.PARENT)).one()
    assert _follow_up_rows() == [{"request_id": str(isla.id), "kind": "reminder", "user_id": str(parent.id)}]
    db.session.commit()
    run_jobs(app, rounds=5)  # every demo letter renders and goes out, and the reminder
    assert {n.decision_type: n.status for n in db.session.scalars(select(Notice))
            if n.status is not NoticeStatus.SENT} == {}
    assert [m["To"] for m in sent()] == ["parent@example.com"]


def test_a_request_lapses_when_the_case_closes_and_cannot_then_be_answered(client, signed_in, make, school, officer):
    make.contacts()
    parent, case = _parent_case(make, school)
    today = today_in_england()
    _request(case, officer, requested_on=today)
    ehe.start_enquiries(case, actor=officer, expected_version=None)
    ehe.record_return_to_school(case, school_name="Hilltop Academy", returned_on=today, actor=officer,
                                expected_version=None, today=today)
    db.session.commit()
    assert ehe.open_information_request(case) is None
    with pytest.raises(ServiceError, match="no request for information waiting"):
        ehe.answer_information_request(case, ehe.InformationAnswers(Decimal(18), None), user=parent, today=today)
    db.session.rollback()
    signed_in(parent)
    posted = client.post(f"/home-education/{case.id}/information", data={"hours_by_parents": "18"})
    assert posted.status_code == 302
    assert _events(case, "ehe_information_answered") == []

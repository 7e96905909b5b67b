"""Elective home education (journey 6): the parent's notification and the school's deletion
return, council consent for a special school pupil and its notices, the register, the case
actions, and who may see what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import (
    Case,
    CaseKind,
    ChildLink,
    EheCheckIn,
    EheInformationRequest,
    EheNotification,
    Event,
    Notice,
    OutboxMessage,
    Relationship,
    Role,
)
from shared.notices.render import render_notice_email, render_notice_html
from shared.services import ehe
from shared.services.errors import Conflict, ServiceError

D = date


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def special(make):
    return make.school(name="Oak Special School", email="office@oak.example.uk", is_special=True)


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")


def _date(name: str, d: date) -> dict:
    return {name: [str(d.day), str(d.month), str(d.year)]}


def parent_form(school_urn: str, **overrides) -> dict:
    data = {"first_name": "Mia", "last_name": "Green", **_date("date_of_birth", D(2014, 5, 6)),
            "address": "2 Mill Lane, Northbridge", "parent_names": "Pat Green", "parent_email": "pat@example.com",
            "parent_phone": "", "contact_preferences": ["email"], "school": school_urn,
            **_date("left_school_on", today_in_england() - timedelta(days=3)),
            "reasons": ["philosophical", "bullying"], "other_reason": "", "education_description": "Tutoring",
            "has_ehc_plan": "no", "has_sen": "yes"}
    data.update(overrides)
    return data


def deletion_form(**overrides) -> dict:
    data = {"first_name": "Leo", "last_name": "Hart", **_date("date_of_birth", D(2013, 2, 3)), "upn": "",
            "address": "5 Oak Road", "parent_names": "Jo Hart", "parent_email": "jo@example.com", "parent_phone": "",
            **_date("deleted_on", today_in_england()), "safeguarding_known": "no", "safeguarding_notes": "",
            "has_ehc_plan": "yes", "has_sen": "yes"}
    data.update(overrides)
    return data


def answers(**overrides) -> ehe.NotificationAnswers:
    values = dict(first_name="Leo", last_name="Hart", date_of_birth=D(2013, 2, 3), address="5 Oak Road",
                  parent_names="Jo Hart", parent_email="jo@example.com", deleted_on=today_in_england(),
                  has_ehc_plan=True)
    values.update(overrides)
    return ehe.NotificationAnswers(**values)


def deletion(teacher, key="k1", **overrides) -> Case:
    case = ehe.record_deletion_return(teacher, answers(**overrides), key, today=today_in_england())
    db.session.commit()
    return case


# --- the portal ---------------------------------------------------------------------------------


def test_a_notification_posted_twice_makes_one_case(client, signed_in, make, school):
    parent = make.user(Role.PARENT, full_name="Pat Green")
    signed_in(parent)
    form = client.get("/home-education/notify")
    assert form.status_code == 200 and "Philosophical or preferential reasons" in form.text
    response = client.post("/home-education/notify", data=parent_form(school.urn))
    assert response.status_code == 302 and response.headers["Location"].endswith("/home-education/notify/check")
    page = client.get("/home-education/notify/check")
    assert "Mia Green" in page.text and "Hilltop Academy" in page.text and "bullying" in page.text
    first = client.post("/home-education/notify/check", data={"submission_key": "twice"})
    second = client.post("/home-education/notify/check", data={"submission_key": "twice"})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.kind == CaseKind.EHE)) == 1
    case = db.session.scalars(select(Case)).one()
    sent = client.get(first.headers["Location"])
    assert case.reference in sent.text and parent.email in sent.text
    assert case.status == "notified"
    assert [m.job for m in db.session.scalars(select(OutboxMessage))].count("send_ehe_notification_email") == 1
    notification = db.session.scalars(select(EheNotification)).one()
    assert notification.reasons == ["philosophical", "bullying"] and notification.has_sen
    assert client.get(f"/cases/{case.id}").status_code == 200  # the parent is linked to the child


def test_the_notification_form_keeps_answers_and_shows_errors(client, signed_in, make, school):
    signed_in(make.user(Role.PARENT))
    response = client.post("/home-education/notify", data=parent_form(school.urn, address="", contact_preferences=[],
                                                                       first_name="Mia"))
    assert response.status_code == 200
    assert "Enter the child&#39;s home address" in response.text or "Enter the child's home address" in response.text
    assert "Select how we should contact you" in response.text
    assert 'value="Mia"' in response.text and "govuk-error-summary" in response.text


def test_a_school_sends_a_deletion_return(client, signed_in, teacher):
    signed_in(teacher)
    assert client.post("/home-education/deletion", data=deletion_form()).status_code == 302
    check = client.get("/home-education/deletion/check")
    assert "Leo Hart" in check.text and "Date of deletion" in check.text
    sent = client.post("/home-education/deletion/check", data={"submission_key": "d1"})
    assert sent.status_code == 302
    case = db.session.scalars(select(Case)).one()
    n = db.session.scalars(select(EheNotification)).one()
    assert case.status == "notified" and n.deleted_on == today_in_england() and n.school_left_id == teacher.school_id
    assert n.deletion_ground and n.has_ehc_plan


def test_only_parents_notify_and_only_schools_send_returns(client, signed_in, make, teacher):
    signed_in(teacher)
    assert client.get("/home-education/notify").status_code == 403
    client.post("/sign-out")
    signed_in(make.user(Role.PARENT))
    assert client.get("/home-education/deletion").status_code == 403


# --- council consent ----------------------------------------------------------------------------


def test_a_special_school_pupil_needs_consent_and_the_notice_goes_to_parent_and_school(
        client, signed_in, make, special, officer):
    make.contacts()
    staff = make.user(Role.SCHOOL_STAFF, school_id=special.id)
    case = deletion(staff)
    assert case.status == "council_consent_required"
    n = db.session.scalars(select(EheNotification)).one()
    assert n.consent_required and n.deleted_on is None  # the name stays on roll until the council decides
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Council consent required" in page.text
    form = client.get(f"/staff/home-education/cases/{case.id}/consent")
    assert form.status_code == 200 and "complaints procedure" in form.text
    missing = client.post(f"/staff/home-education/cases/{case.id}/consent",
                          data={"version": case.version, "decision": "refuse", "reasons": ""})
    assert missing.status_code == 200 and "Give the reasons for the decision" in missing.text
    done = client.post(f"/staff/home-education/cases/{case.id}/consent",
                       data={"version": case.version, "decision": "refuse",
                             "reasons": "Leo's needs are met at Oak.\nThe plan names Oak."})
    assert done.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "closed"
    notices = list(db.session.scalars(select(Notice).order_by(Notice.recipient_email)))
    assert sorted(x.recipient_email for x in notices) == ["jo@example.com", "office@oak.example.uk"]
    for notice in notices:
        assert notice.decision_type == "ehe_decision" and notice.content["route"] == "complaints"
        assert notice.appeal_deadline is None
        assert "Tribunal" not in str(notice.content["decision"]) + str(notice.content.get("complaints"))
        assert "Leo's needs are met at Oak." in notice.content["reasons"]
        html = render_notice_html(notice.content)
        text = " ".join(render_notice_email(notice.content))
        assert "Tribunal" not in html and "Tribunal" not in text
        assert "complaints" in html.lower() and "Ombudsman" in html


def test_consent_given_moves_to_enquiries(make, special, officer):
    make.contacts()
    case = deletion(make.user(Role.SCHOOL_STAFF, school_id=special.id))
    ehe.decide_consent(case, give=True, reasons="Parents' plan is detailed.", actor=officer,
                       expected_version=case.version, today=today_in_england())
    db.session.commit()
    assert case.status == "enquiries"
    with pytest.raises(ServiceError):
        ehe.decide_consent(case, give=True, reasons="", actor=officer, expected_version=case.version,
                           today=today_in_england())


def test_s47_consent_only_under_the_2026_act(make, teacher):
    off = ehe.record_deletion_return(teacher, answers(s47_enquiries=True), "a", today=today_in_england())
    assert off.status == "notified"
    on = ehe.record_deletion_return(teacher, answers(first_name="Ivy", s47_enquiries=True, hours_by_parents=20),
                                    "b", today=today_in_england(), cwsa_in_force=True)
    assert on.status == "council_consent_required"
    n = db.session.scalars(select(EheNotification).where(EheNotification.case_id == on.id)).one()
    assert n.s47_enquiries and n.hours_by_parents == 20


# --- who sees what ------------------------------------------------------------------------------


def test_a_school_sees_only_its_own_notifications(client, signed_in, make, teacher):
    case = deletion(teacher)
    signed_in(teacher)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/home-education/{case.id}/sent").status_code == 200
    client.post("/sign-out")
    signed_in(make.user(Role.SCHOOL_STAFF, school_id=make.school().id))
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/home-education/{case.id}/sent").status_code == 404


def test_an_ehc_officer_cannot_open_ehe_cases(client, signed_in, make, teacher):
    case = deletion(teacher)
    signed_in(make.user(Role.EHC_OFFICER))
    assert client.get(f"/staff/home-education/cases/{case.id}").status_code == 404
    assert client.get(f"/staff/home-education/cases/{case.id}/check-in").status_code == 404
    assert client.get(f"/staff/cases/{case.id}").status_code == 404
    assert case.reference not in client.get("/staff/home-education").text


# --- the register and the casework --------------------------------------------------------------


def test_the_register_lists_and_highlights_safeguarding(client, signed_in, make, teacher, officer):
    quiet = deletion(teacher, key="a")
    flagged = deletion(teacher, key="b", first_name="Zoe", safeguarding_known=True,
                       safeguarding_notes="Known to social care")
    signed_in(officer)
    page = client.get("/staff/home-education")
    assert page.status_code == 200
    assert quiet.child.full_name in page.text and flagged.child.full_name in page.text
    assert "Safeguarding concern" in page.text and "govuk-tag--red" in page.text
    assert page.text.index("Zoe Hart") < page.text.index("Leo Hart")  # safeguarding first
    assert "Yes" in page.text  # EHC plan in words
    assert quiet.child.full_name not in client.get("/staff/home-education?status=enquiries").text


def test_check_ins_and_the_check_in_due_filter(client, signed_in, teacher, officer):
    case = deletion(teacher)
    today = today_in_english = today_in_england()
    signed_in(officer)
    response = client.post(f"/staff/home-education/cases/{case.id}/check-in", data={
        "version": case.version, **_date("held_on", today - timedelta(days=100)), "kind": "call",
        "outcome": "more_information", "notes": "Asked for a sample of work",
        **_date("next_check_in_on", today_in_english - timedelta(days=1))})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(EheCheckIn)) == 1
    due = client.get("/staff/home-education?due=yes")
    assert case.child.full_name in due.text and "Check-in due" in due.text
    detail = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Asked for a sample of work" in detail.text and "More information needed" in detail.text
    bad = client.post(f"/staff/home-education/cases/{case.id}/check-in", data={
        "version": case.version, **_date("held_on", today + timedelta(days=5)), "kind": "visit",
        "outcome": "", "notes": "kept"})
    assert bad.status_code == 200 and "Select the outcome of the check-in" in bad.text and "kept" in bad.text


def test_enquiries_s437_deadline_and_return_to_school(client, signed_in, teacher, officer):
    case = deletion(teacher)
    signed_in(officer)
    assert client.post(f"/staff/home-education/cases/{case.id}/enquiries",
                       data={"version": case.version}).status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "enquiries"
    served = today_in_england() - timedelta(days=2)
    short = client.post(f"/staff/home-education/cases/{case.id}/s437", data={
        "version": case.version, **_date("served_on", served), "days": "14", "reasons": "No evidence"})
    assert short.status_code == 200 and "Enter at least 15 days" in short.text
    response = client.post(f"/staff/home-education/cases/{case.id}/s437", data={
        "version": case.version, **_date("served_on", served), "days": "15", "reasons": "No evidence of education"})
    assert response.status_code == 302
    db.session.expire_all()
    n = db.session.scalars(select(EheNotification)).one()
    assert n.s437_deadline == served + timedelta(days=14)
    deadline_words = f"{n.s437_deadline.day} {n.s437_deadline:%B %Y}"
    assert deadline_words in client.get(f"/staff/home-education/cases/{case.id}").text
    assert deadline_words in client.get("/staff/home-education").text
    case = db.session.get(Case, case.id)
    assert client.post(f"/staff/home-education/cases/{case.id}/return", data={
        "version": case.version, "school_name": "Hilltop Academy",
        **_date("returned_on", today_in_england())}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "closed"


def test_a_stale_version_is_a_conflict(teacher, officer):
    case = deletion(teacher)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    with pytest.raises(Conflict):
        ehe.judge_suitable(case, reasons="Good", actor=officer, expected_version=case.version - 1)


def test_safeguarding_concern_is_recorded_and_highlighted(client, signed_in, teacher, officer):
    case = deletion(teacher)
    signed_in(officer)
    response = client.post(f"/staff/home-education/cases/{case.id}/safeguarding",
                           data={"version": case.version, "concern": "Child not seen for a term"})
    assert response.status_code == 302
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Safeguarding concern recorded" in page.text and "Child not seen for a term" in page.text


def test_a_school_attendance_order_only_after_the_notice_period(teacher, officer):
    case = deletion(teacher)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    today = today_in_england()
    served = today - timedelta(days=14)  # the period ends today
    ehe.serve_s437_notice(case, served_on=served, days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=today)
    db.session.commit()
    with pytest.raises(ServiceError, match="can be made from"):
        ehe.issue_school_attendance_order(case, school_name="Hilltop Academy", issued_on=today, actor=officer,
                                          expected_version=case.version, today=today)
    ehe.issue_school_attendance_order(case, school_name="Hilltop Academy", issued_on=today + timedelta(days=1),
                                      actor=officer, expected_version=case.version, today=today + timedelta(days=1))
    db.session.commit()
    assert case.status == "school_attendance_order"
    ehe.record_return_to_school(case, school_name="Hilltop Academy", returned_on=today + timedelta(days=1),
                                actor=officer, expected_version=case.version, today=today + timedelta(days=1))
    assert case.status == "closed"


# --- letters sent by the system (s.437(1), s.438, s.437(3)) and the information duty (s.436D) ---------


@pytest.fixture
def cwsa(app, monkeypatch):
    from dataclasses import replace

    monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], ehe_cwsa_2026=True))


def parent_case(make, school, parent=None, key="p1") -> tuple:
    """A parent's own notification: the parent is linked to the child and gets the letters."""
    parent = parent or make.user(Role.PARENT, full_name="Pat Green", email="pat@example.com")
    case = ehe.notify_home_education(parent, answers(first_name="Mia", last_name="Green", parent_names="Pat Green",
                                                     parent_email="", deleted_on=None, school_urn=school.urn),
                                     key, today=today_in_england())
    db.session.commit()
    return parent, case


def _notices(kind: str) -> list[Notice]:
    return list(db.session.scalars(select(Notice).where(Notice.decision_type == kind)
                                   .order_by(Notice.recipient_email)))


def _deliveries() -> int:
    return [m.job for m in db.session.scalars(select(OutboxMessage))].count("deliver_notice")


def test_the_s437_notice_is_sent_to_each_parent_and_shown_on_their_panel(client, signed_in, make, school, officer):
    make.contacts()
    parent, case = parent_case(make, school)
    other = make.user(Role.PARENT, full_name="Sam Green", email="sam@example.com")
    db.session.add(ChildLink(user_id=other.id, child_id=case.child_id, relationship_kind=Relationship.PARENT_WITH_PR))
    db.session.commit()
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Send a notice under section 437(1)" in page.text and "Record a notice served outside the system" in page.text
    form = client.get(f"/staff/home-education/cases/{case.id}/s437-send")
    assert form.status_code == 200 and "15 days beginning with the day the letter is sent" in form.text
    bad = client.post(f"/staff/home-education/cases/{case.id}/s437-send",
                      data={"version": case.version, "days": "14", "reasons": "kept reason"})
    assert bad.status_code == 200 and "Enter at least 15 days" in bad.text and "kept reason" in bad.text
    before = _deliveries()
    done = client.post(f"/staff/home-education/cases/{case.id}/s437-send",
                       data={"version": case.version, "days": "15", "reasons": "No evidence of education\nNo reply"})
    assert done.status_code == 302
    db.session.expire_all()
    today = today_in_england()
    ends = today + timedelta(days=14)
    n = db.session.scalars(select(EheNotification)).one()
    assert (n.s437_served_on, n.s437_deadline, n.s437_sent_by_system) == (today, ends, True)
    assert db.session.get(Case, case.id).status == "s437_notice"
    notices = _notices("ehe_s437_notice")
    assert [x.recipient_email for x in notices] == ["pat@example.com", "sam@example.com"]  # one per parent
    assert _deliveries() - before == 2
    for notice in notices:
        c = notice.content
        assert c["route"] == "complaints" and notice.appeal_deadline is None
        assert c["extra"]["respond_by"] == ends.isoformat() and c["reasons"] == ["No evidence of education", "No reply"]
        assert c["extra"]["officer_name"] == "Erin Practitioner"
        assert "Tribunal" not in render_notice_html(c) and "Tribunal" not in " ".join(render_notice_email(c))
    client.post("/sign-out")
    signed_in(parent)
    panel = client.get(f"/cases/{case.id}")
    assert "Home education" in panel.text and "Show us the education is suitable by" in panel.text
    assert f"{ends.day} {ends:%B %Y}" in panel.text
    assert "Notice under section 437(1) of the Education Act 1996" in panel.text  # the letter


def test_sending_fails_whole_when_the_letter_cannot_be_built(client, signed_in, make, school, officer):
    _, case = parent_case(make, school)  # no council contacts: the letter cannot be built
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    signed_in(officer)
    response = client.post(f"/staff/home-education/cases/{case.id}/s437-send",
                           data={"version": case.version, "days": "15", "reasons": "No evidence"})
    assert response.status_code == 200 and "contact details have not been set up" in response.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "enquiries"  # nothing moved without its letter
    assert db.session.scalars(select(EheNotification)).one().s437_served_on is None
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0


def test_without_accounts_the_notice_goes_to_the_email_on_the_return(make, teacher, officer):
    make.contacts()
    case = deletion(teacher)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    notices = ehe.send_s437_notice(case, days=20, reasons="No evidence", actor=officer,
                                   expected_version=case.version, today=today_in_england())
    assert [(x.recipient_email, x.recipient_user_id) for x in notices] == [("jo@example.com", None)]
    assert notices[0].content["extra"]["respond_by"] == (today_in_england() + timedelta(days=19)).isoformat()


def test_the_notice_of_intention_then_the_order_each_after_its_period(make, school, teacher, officer):
    make.contacts()
    other = make.school(name="Riverside Primary", email="")
    case = deletion(teacher)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    today = today_in_england()
    ehe.serve_s437_notice(case, served_on=today - timedelta(days=14), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=today)  # the period ends today
    db.session.commit()
    with pytest.raises(ServiceError, match="notice of intention"):
        ehe.send_school_attendance_order(case, school_id=school.id, reasons="No reply", actor=officer,
                                         expected_version=case.version, today=today + timedelta(days=1))
    with pytest.raises(ServiceError, match="can be made from"):
        ehe.send_sao_intention(case, school_id=school.id, alternative_ids=[], reasons="No reply", actor=officer,
                               expected_version=case.version, today=today)
    day1 = today + timedelta(days=1)
    notices = ehe.send_sao_intention(case, school_id=str(school.id), alternative_ids=[str(other.id), ""],
                                     reasons="No reply to the notice", actor=officer, expected_version=case.version,
                                     today=day1)
    db.session.commit()
    assert case.status == "sao_intention"
    # the parent, and a copy to the school named (the alternative has no email)
    assert sorted(x.recipient_email for x in notices) == ["jo@example.com", "office@hilltop.example.uk"]
    n = db.session.scalars(select(EheNotification)).one()
    choose_by = day1 + timedelta(days=14)
    assert (n.sao_intention_choose_by, n.sao_intention_school_name, n.sao_intention_alternatives) == (
        choose_by, "Hilltop Academy", ["Riverside Primary"])
    assert notices[0].content["extra"]["choose_by"] == choose_by.isoformat()
    with pytest.raises(ServiceError, match="to choose a school"):
        ehe.send_school_attendance_order(case, school_id=other.id, reasons="No reply", actor=officer,
                                         expected_version=case.version, today=choose_by)
    with pytest.raises(ServiceError, match="to choose a school"):  # nor recorded as made outside
        ehe.issue_school_attendance_order(case, school_name="Hilltop Academy", issued_on=choose_by, actor=officer,
                                          expected_version=case.version, today=choose_by)
    order = ehe.send_school_attendance_order(case, school_id=other.id, reasons="The parents chose Riverside",
                                             actor=officer, expected_version=case.version,
                                             today=choose_by + timedelta(days=1))
    db.session.commit()
    assert case.status == "school_attendance_order"
    assert [x.recipient_email for x in order] == ["jo@example.com"]  # Riverside has no email: no copy
    assert order[0].decision_type == "ehe_school_attendance_order"
    assert (n.sao_school_name, n.sao_sent_by_system) == ("Riverside Primary", True)


def test_the_officer_sends_the_notice_of_intention_from_the_page(client, signed_in, make, school, teacher, officer):
    make.contacts()
    case = deletion(teacher)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    today = today_in_england()
    ehe.serve_s437_notice(case, served_on=today - timedelta(days=20), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=today)
    db.session.commit()
    signed_in(officer)
    form = client.get(f"/staff/home-education/cases/{case.id}/sao-intention")
    assert form.status_code == 200 and "Hilltop Academy" in form.text and "15 days" in form.text
    missing = client.post(f"/staff/home-education/cases/{case.id}/sao-intention",
                          data={"version": case.version, "school_id": "", "reasons": "kept"})
    assert missing.status_code == 200 and "Select the school the council intends to name" in missing.text
    done = client.post(f"/staff/home-education/cases/{case.id}/sao-intention",
                       data={"version": case.version, "school_id": str(school.id), "alternative_1": "",
                             "alternative_2": "", "reasons": "No reply"})
    assert done.status_code == 302
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Notice of intention to serve a school attendance order sent" in page.text
    assert "Send the school attendance order" in page.text
    order_form = client.get(f"/staff/home-education/cases/{case.id}/attendance-order-send")
    assert f'value="{school.id}" selected' in order_form.text  # the school in the notice, by default


def test_the_information_request_is_answered_in_the_portal(client, signed_in, make, school, officer, cwsa):
    make.contacts()
    parent, case = parent_case(make, school)
    signed_in(officer)
    form = client.get(f"/staff/home-education/cases/{case.id}/information")
    due = today_in_england() + timedelta(days=14)
    assert form.status_code == 200 and f"{due.day} {due:%B %Y}" in form.text
    assert client.post(f"/staff/home-education/cases/{case.id}/information",
                       data={"version": case.version}).status_code == 302
    notices = _notices("ehe_information_request")
    assert [x.recipient_email for x in notices] == ["pat@example.com"]
    assert notices[0].content["route"] == "none"
    again = client.post(f"/staff/home-education/cases/{case.id}/information", data={"version": case.version})
    assert again.status_code == 200 and "already waiting for an answer" in again.text
    assert "Information overdue" not in client.get("/staff/home-education").text
    client.post("/sign-out")
    signed_in(parent)
    panel = client.get(f"/cases/{case.id}")
    assert "Answer the request for information" in panel.text and f"{due.day} {due:%B %Y}" in panel.text
    bad = client.post(f"/home-education/{case.id}/information",
                      data={"hours_by_parents": "200", "other_providers": "Maths tutor"})
    assert bad.status_code == 200 and "Enter hours a week from 0 to 168" in bad.text and "Maths tutor" in bad.text
    done = client.post(f"/home-education/{case.id}/information",
                       data={"hours_by_parents": "18", "hours_by_others": "4.5", "other_providers": "Maths tutor",
                             "address": "9 New Street, Northbridge"})
    assert done.status_code == 302
    db.session.expire_all()
    n = db.session.scalars(select(EheNotification)).one()
    assert (n.hours_by_parents, n.hours_by_others, n.other_providers, n.address) == (
        18, Decimal("4.5"), "Maths tutor", "9 New Street, Northbridge")
    request = db.session.scalars(select(EheInformationRequest)).one()
    assert request.answered_on == today_in_england() and request.answered_by_id == parent.id
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.case_id == case.id))]
    assert "ehe_information_requested" in kinds and "ehe_information_answered" in kinds
    twice = client.post(f"/home-education/{case.id}/information", data={"hours_by_parents": "1"})
    assert twice.status_code == 302  # nothing waiting: the answer is kept once
    db.session.expire_all()
    assert db.session.scalars(select(EheNotification)).one().hours_by_parents == 18


def test_only_the_childs_parents_can_answer(client, signed_in, make, school, teacher, officer, cwsa):
    make.contacts()
    parent, case = parent_case(make, school)
    ehe.request_information(case, days=15, actor=officer, expected_version=case.version, today=today_in_england())
    school_case = deletion(teacher, key="k2")
    ehe.request_information(school_case, days=15, actor=officer, expected_version=school_case.version,
                            today=today_in_england())
    db.session.commit()
    signed_in(make.user(Role.PARENT))  # another parent
    assert client.get(f"/home-education/{case.id}/information").status_code == 404
    assert client.post(f"/home-education/{case.id}/information", data={"hours_by_parents": "1"}).status_code == 404
    client.post("/sign-out")
    signed_in(teacher)  # the school sees its own return's case, but cannot answer for the parents
    assert client.get(f"/cases/{school_case.id}").status_code == 200
    assert "Answer the request for information" not in client.get(f"/cases/{school_case.id}").text
    assert client.get(f"/home-education/{school_case.id}/information").status_code == 404
    assert client.post(f"/home-education/{school_case.id}/information",
                       data={"hours_by_parents": "1"}).status_code == 404
    with pytest.raises(ServiceError, match="Only the child's parents"):
        ehe.answer_information_request(school_case, ehe.InformationAnswers(Decimal(1), None), user=teacher,
                                       today=today_in_england())


def test_an_unanswered_request_past_its_date_is_overdue(client, signed_in, make, school, officer, cwsa):
    make.contacts()
    _, case = parent_case(make, school)
    ehe.request_information(case, days=15, actor=officer, expected_version=case.version,
                            today=today_in_england() - timedelta(days=15))  # due yesterday
    db.session.commit()
    signed_in(officer)
    assert "Information overdue" in client.get("/staff/home-education").text
    assert "Information overdue" in client.get(f"/staff/home-education/cases/{case.id}").text


def test_the_staff_case_page_links_to_the_home_education_page(client, signed_in, teacher, officer):
    case = deletion(teacher)
    signed_in(officer)
    page = client.get(f"/staff/cases/{case.id}")
    assert f"/staff/home-education/cases/{case.id}" in page.text


def test_the_panel_shows_to_a_consented_adviser_but_not_to_a_school(client, signed_in, make, school, teacher,
                                                                    officer, cwsa):
    from shared.models import AdviserConsent

    make.contacts()
    parent, case = parent_case(make, school)
    ehe.request_information(case, days=15, actor=officer, expected_version=case.version, today=today_in_england())
    adviser = make.user(Role.SENDIASS_ADVISER)
    db.session.add(AdviserConsent(case_id=case.id, adviser_id=adviser.id, granted_by_id=parent.id))
    school_case = deletion(teacher, key="k2")
    db.session.commit()
    signed_in(adviser)
    page = client.get(f"/cases/{case.id}")
    assert 'id="home-education-panel"' in page.text and "We have asked the family for information" in page.text
    assert "Their answer is due by" in page.text and "Please answer" not in page.text  # the adviser reads about them
    assert "your child" not in page.text and "We will contact the family about the child&#39;s education" in page.text
    assert "Answer the request for information" not in page.text  # the parents answer
    assert client.get(f"/home-education/{case.id}/information").status_code == 403  # no portal:case:write
    client.post("/sign-out")
    signed_in(teacher)
    assert 'id="home-education-panel"' not in client.get(f"/cases/{school_case.id}").text

"""A school attendance order once made (EA 1996 ss.437(4), 440-442; statutory-rules.md section 5):
the parent's application to revoke it, the revocation (on the application or the council's own
initiative), the refusal, the amendment of the school named, the warning when a notification
arrives while the order is in force, and the back-office pages. Each service: one transaction, a
chronology event, a stale version is a conflict, and nothing happens outside the order's status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, ChildLink, EheNotification, Event, Notice, OutboxMessage, Relationship, Role
from shared.services import ehe, ehe_sao
from shared.services.errors import Conflict, ServiceError

TODAY = today_in_england()


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def named(make):
    return make.school(name="Riverside Primary", email="office@riverside.example.uk")


@pytest.fixture
def other(make):
    return make.school(name="Oakfield School", email="office@oakfield.example.uk")


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner", email="erin@northbridge.example.gov.uk")


def answers(**overrides) -> ehe.NotificationAnswers:
    values = dict(first_name="Leo", last_name="Hart", date_of_birth=date(2013, 2, 3), address="5 Oak Road",
                  parent_names="Jo Hart", parent_email="jo@example.com", deleted_on=TODAY, has_ehc_plan=False)
    values.update(overrides)
    return ehe.NotificationAnswers(**values)


def sent_order(make, teacher, officer, named, *, ehc_plan: bool = False) -> Case:
    """A case whose order was sent as a letter 20 days ago naming `named` (the notice 60 days ago,
    the notice of intention 40)."""
    make.contacts()
    case = ehe.record_deletion_return(teacher, answers(has_ehc_plan=ehc_plan), "k1", today=TODAY)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    ehe.serve_s437_notice(case, served_on=TODAY - timedelta(days=60), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=TODAY - timedelta(days=60))
    ehe.send_sao_intention(case, school_id=named.id, alternative_ids=[], reasons="No reply", actor=officer,
                           expected_version=case.version, today=TODAY - timedelta(days=40))
    ehe.send_school_attendance_order(case, school_id=named.id, reasons="No school chosen", actor=officer,
                                     expected_version=case.version, today=TODAY - timedelta(days=20))
    db.session.commit()
    assert case.status == "school_attendance_order"
    return case


def recorded_order(teacher, officer, *, ehc_plan: bool = False, key: str = "k1") -> Case:
    """A case whose order was recorded as made outside the system 10 days ago (no letters needed)."""
    case = ehe.record_deletion_return(teacher, answers(has_ehc_plan=ehc_plan), key, today=TODAY)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    ehe.serve_s437_notice(case, served_on=TODAY - timedelta(days=40), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=TODAY)
    db.session.commit()
    ehe.issue_school_attendance_order(case, school_name="Riverside Primary", issued_on=TODAY - timedelta(days=10),
                                      actor=officer, expected_version=case.version, today=TODAY)
    db.session.commit()
    return case


def notification() -> EheNotification:
    return db.session.scalars(select(EheNotification)).one()


def notices(kind: str) -> list[Notice]:
    return list(db.session.scalars(select(Notice).where(Notice.decision_type == kind)
                                   .order_by(Notice.recipient_email)))


def events(case: Case, kind: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.case_id == case.id, Event.kind == kind)))


def deliveries() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.job == "deliver_notice"))


def request_revocation(case: Case, officer, received_on: date = TODAY) -> None:
    ehe_sao.record_revocation_request(case, received_on=received_on, arrangements="A tutor 20 hours a week",
                                      actor=officer, expected_version=case.version, today=TODAY)
    db.session.commit()


# --- the services -------------------------------------------------------------------------------


def test_the_parents_application_is_recorded_and_then_the_order_revoked_on_it(make, teacher, officer, named):
    case = sent_order(make, teacher, officer, named)
    version = case.version
    with pytest.raises(ServiceError, match="today or in the past"):
        ehe_sao.record_revocation_request(case, received_on=TODAY + timedelta(days=1), arrangements="Tutor",
                                          actor=officer, expected_version=version, today=TODAY)
    with pytest.raises(ServiceError, match="on or after the day the order was made"):
        ehe_sao.record_revocation_request(case, received_on=TODAY - timedelta(days=21), arrangements="Tutor",
                                          actor=officer, expected_version=version, today=TODAY)
    with pytest.raises(ServiceError, match="what the parents tell us"):
        ehe_sao.record_revocation_request(case, received_on=TODAY, arrangements="  ", actor=officer,
                                          expected_version=version, today=TODAY)
    db.session.rollback()
    request_revocation(case, officer, TODAY - timedelta(days=2))
    n = notification()
    assert (n.sao_revocation_requested_on, n.sao_revocation_request) == (TODAY - timedelta(days=2),
                                                                         "A tutor 20 hours a week")
    assert case.status == "school_attendance_order" and case.version == version + 1
    [event] = events(case, "record_sao_revocation_request")
    assert "A tutor 20 hours a week" in event.summary and not event.staff_only
    with pytest.raises(ServiceError, match="already waiting"):
        ehe_sao.record_revocation_request(case, received_on=TODAY, arrangements="Again", actor=officer,
                                          expected_version=case.version, today=TODAY)
    db.session.rollback()

    before = deliveries()
    sent = ehe_sao.revoke_school_attendance_order(case, reasons="The tutoring plan is suitable\nWork seen",
                                                  actor=officer, expected_version=case.version, today=TODAY)
    db.session.commit()
    assert case.status == "suitable" and case.closed_at is None  # still on the register
    n = notification()
    assert (n.sao_revoked_on, n.sao_revoked_on_request) == (TODAY, True)
    assert n.sao_revocation_reasons == "The tutoring plan is suitable\nWork seen"
    # a letter to the parent (the email on the return) and a copy to the school named
    assert [x.recipient_email for x in sent] == ["jo@example.com", "office@riverside.example.uk"]
    assert deliveries() - before == 2
    for notice in sent:
        c = notice.content
        assert notice.decision_type == "ehe_sao_revoked" and notice.appeal_deadline is None
        assert c["route"] == "complaints" and c["appealable"] is False
        assert c["reasons"] == ["The tutoring plan is suitable", "Work seen"]
        assert c["extra"]["on_request"] is True and c["extra"]["school_name"] == "Riverside Primary"
        assert c["extra"]["requested_on"] == (TODAY - timedelta(days=2)).isoformat()
    [event] = events(case, "revoke_school_attendance_order")
    assert event.data["on_request"] is True and event.data["to"] == "suitable"


def test_the_council_revokes_on_its_own_initiative_with_reasons(make, teacher, officer, named):
    case = sent_order(make, teacher, officer, named)
    with pytest.raises(ServiceError, match="reasons"):
        ehe_sao.revoke_school_attendance_order(case, reasons=" \n ", actor=officer, expected_version=case.version,
                                               today=TODAY)
    db.session.rollback()
    assert case.status == "school_attendance_order"
    sent = ehe_sao.revoke_school_attendance_order(case, reasons="A visit found the education suitable",
                                                  actor=officer, expected_version=case.version, today=TODAY)
    db.session.commit()
    assert case.status == "suitable"
    assert notification().sao_revoked_on_request is False
    assert sent[0].content["extra"]["on_request"] is False and sent[0].content["extra"]["requested_on"] is None
    assert "own initiative" in events(case, "revoke_school_attendance_order")[0].summary


def test_a_refusal_needs_an_application_and_tells_the_parent_about_the_secretary_of_state(
        make, teacher, officer, named):
    case = sent_order(make, teacher, officer, named)
    with pytest.raises(ServiceError, match="Record the parents' application"):
        ehe_sao.refuse_revocation(case, reasons="No evidence", plan_names_school=None, actor=officer,
                                  expected_version=case.version, today=TODAY)
    db.session.rollback()
    request_revocation(case, officer)
    version = case.version
    sent = ehe_sao.refuse_revocation(case, reasons="No timetable\nNo work seen", plan_names_school=None,
                                     actor=officer, expected_version=version, today=TODAY)
    db.session.commit()
    assert case.status == "school_attendance_order" and case.version == version + 1
    assert [x.recipient_email for x in sent] == ["jo@example.com"]  # the order is unchanged: no copy
    c = sent[0].content
    assert sent[0].decision_type == "ehe_sao_revocation_refused" and c["route"] == "complaints"
    assert "Secretary of State" in c["decision"] and c["extra"]["plan_names_school"] is False
    n = notification()
    assert (n.sao_revocation_refused_on, n.sao_revocation_refusal_reasons) == (TODAY, "No timetable\nNo work seen")
    with pytest.raises(ServiceError, match="Record the parents' application"):  # nothing waits any more
        ehe_sao.refuse_revocation(case, reasons="Again", plan_names_school=None, actor=officer,
                                  expected_version=case.version, today=TODAY)
    db.session.rollback()
    request_revocation(case, officer)  # a new application after the refusal
    assert notification().sao_revocation_refused_on is None
    ehe_sao.revoke_school_attendance_order(case, reasons="Now satisfied", actor=officer,
                                           expected_version=case.version, today=TODAY)
    assert notification().sao_revoked_on_request is True


def test_a_refusal_for_a_child_with_an_ehc_plan_asks_whether_the_plan_names_a_school(
        make, teacher, officer, named):
    case = sent_order(make, teacher, officer, named, ehc_plan=True)
    request_revocation(case, officer)
    with pytest.raises(ServiceError, match="EHC plan names a school"):
        ehe_sao.refuse_revocation(case, reasons="No evidence", plan_names_school=None, actor=officer,
                                  expected_version=case.version, today=TODAY)
    db.session.rollback()
    sent = ehe_sao.refuse_revocation(case, reasons="No evidence", plan_names_school=True, actor=officer,
                                     expected_version=case.version, today=TODAY)
    c = sent[0].content
    assert c["extra"]["ehc_plan"] is True and c["extra"]["plan_names_school"] is True
    assert "Secretary of State" not in c["decision"]


def test_the_school_named_is_amended_at_the_parents_request(make, teacher, officer, named, other):
    case = sent_order(make, teacher, officer, named)
    version = case.version
    for kwargs, message in ((dict(school_id=str(named.id)), "already names Riverside Primary"),
                            (dict(school_id="not-a-school"), "Select the school"),
                            (dict(place_offered=False), "offered the child a place"),
                            (dict(requested_on=TODAY + timedelta(days=1)), "today or in the past"),
                            (dict(requested_on=TODAY - timedelta(days=30)), "on or after the day the order")):
        call = {"school_id": str(other.id), "requested_on": TODAY, "place_offered": True, **kwargs}
        with pytest.raises(ServiceError, match=message):
            ehe_sao.amend_school_named(case, **call, actor=officer, expected_version=version, today=TODAY)
        db.session.rollback()
    before = deliveries()
    sent = ehe_sao.amend_school_named(case, school_id=str(other.id), requested_on=TODAY - timedelta(days=1),
                                      place_offered=True, actor=officer, expected_version=version, today=TODAY)
    db.session.commit()
    assert case.status == "school_attendance_order" and case.version == version + 1
    n = notification()
    assert (n.sao_school_id, n.sao_school_name, n.sao_previous_school_name, n.sao_amended_on) == (
        other.id, "Oakfield School", "Riverside Primary", TODAY)
    # the parent, a copy to the school named now and one to the school named before
    assert sorted(x.recipient_email for x in sent) == ["jo@example.com", "office@oakfield.example.uk",
                                                       "office@riverside.example.uk"]
    assert deliveries() - before == 3
    c = sent[0].content
    assert sent[0].decision_type == "ehe_sao_amended" and c["route"] == "complaints"
    assert (c["extra"]["school_name"], c["extra"]["previous_school_name"]) == ("Oakfield School", "Riverside Primary")
    assert "Oakfield School" in c["decision"] and "Riverside Primary" in c["decision"]
    [event] = events(case, "amend_school_attendance_order")
    assert event.data["previous_school_name"] == "Riverside Primary"


def test_no_amendment_under_section_440_for_a_child_with_an_ehc_plan(make, teacher, officer, named, other):
    case = sent_order(make, teacher, officer, named, ehc_plan=True)
    with pytest.raises(ServiceError, match="section 441"):
        ehe_sao.amend_school_named(case, school_id=str(other.id), requested_on=TODAY, place_offered=True,
                                   actor=officer, expected_version=case.version, today=TODAY)
    db.session.rollback()
    assert notification().sao_school_name == "Riverside Primary"


def _calls(case, officer, other):
    return {
        "record_revocation_request": lambda v: ehe_sao.record_revocation_request(
            case, received_on=TODAY, arrangements="Tutor", actor=officer, expected_version=v, today=TODAY),
        "revoke_school_attendance_order": lambda v: ehe_sao.revoke_school_attendance_order(
            case, reasons="Suitable", actor=officer, expected_version=v, today=TODAY),
        "refuse_revocation": lambda v: ehe_sao.refuse_revocation(
            case, reasons="No evidence", plan_names_school=None, actor=officer, expected_version=v, today=TODAY),
        "amend_school_named": lambda v: ehe_sao.amend_school_named(
            case, school_id=str(other.id), requested_on=TODAY, place_offered=True, actor=officer,
            expected_version=v, today=TODAY),
    }


@pytest.mark.parametrize("name", ["record_revocation_request", "revoke_school_attendance_order",
                                  "refuse_revocation", "amend_school_named"])
def test_a_stale_version_is_a_conflict_and_changes_nothing(make, teacher, officer, named, other, name):
    case = sent_order(make, teacher, officer, named)
    if name == "refuse_revocation":
        request_revocation(case, officer)
    stale = case.version - 1
    before_events = db.session.scalar(select(func.count()).select_from(Event))
    with pytest.raises(Conflict):
        _calls(case, officer, other)[name](stale)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == before_events
    assert case.status == "school_attendance_order" and notification().sao_revoked_on is None
    assert notification().sao_amended_on is None


@pytest.mark.parametrize("name", ["record_revocation_request", "revoke_school_attendance_order",
                                  "refuse_revocation", "amend_school_named"])
def test_each_is_refused_without_an_order_in_force(make, teacher, officer, other, name):
    make.contacts()
    case = ehe.record_deletion_return(teacher, answers(), "k1", today=TODAY)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    with pytest.raises(ServiceError, match="no school attendance order in force"):
        _calls(case, officer, other)[name](case.version)
    db.session.rollback()
    assert case.status == "enquiries"
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0


def test_after_revocation_the_order_steps_are_refused(make, teacher, officer, named, other):
    case = sent_order(make, teacher, officer, named)
    ehe_sao.revoke_school_attendance_order(case, reasons="Suitable", actor=officer, expected_version=case.version,
                                           today=TODAY)
    db.session.commit()
    for name, call in _calls(case, officer, other).items():
        with pytest.raises(ServiceError, match="no school attendance order in force"):
            call(case.version)
        db.session.rollback()
        assert case.status == "suitable", name


# --- the rule "an order in force must be revoked first" -------------------------------------------


def test_a_deletion_return_joining_a_case_with_an_order_in_force_records_the_warning(
        client, signed_in, make, teacher, officer):
    case = recorded_order(teacher, officer)
    assert events(case, "ehe_sao_in_force_warning") == []
    ehe.record_deletion_return(teacher, answers(deleted_on=TODAY), "k2", today=TODAY)  # joins the open case
    db.session.commit()
    [warning] = events(case, "ehe_sao_in_force_warning")
    assert "must be revoked before Leo Hart can be taken off a school's roll" in warning.summary
    assert "school's deletion return" in warning.summary and not warning.staff_only
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "A school attendance order is in force: it must be revoked before Leo" in page.text
    assert "1 notification has arrived while it is in force" in page.text
    assert "school&#39;s deletion return does not end the order" in page.text


def test_a_parents_notification_joining_a_case_with_an_order_in_force_records_the_warning(
        make, school, teacher, officer):
    case = recorded_order(teacher, officer)
    parent = make.user(Role.PARENT, full_name="Jo Hart")
    joined = ehe.notify_home_education(parent, answers(school_urn=school.urn, deleted_on=None), "p1", today=TODAY)
    db.session.commit()
    assert joined.id == case.id
    [warning] = events(case, "ehe_sao_in_force_warning")
    assert "parent's notification does not end the order" in warning.summary


def test_no_warning_once_the_order_is_revoked(make, teacher, officer):
    make.contacts()
    case = recorded_order(teacher, officer)
    ehe_sao.revoke_school_attendance_order(case, reasons="Suitable", actor=officer, expected_version=case.version,
                                           today=TODAY)
    db.session.commit()
    ehe.record_deletion_return(teacher, answers(), "k2", today=TODAY)
    db.session.commit()
    assert events(case, "ehe_sao_in_force_warning") == []


def _back_at_school(case: Case, officer) -> None:
    ehe.record_return_to_school(case, school_name="Riverside Primary", returned_on=TODAY - timedelta(days=5),
                                actor=officer, expected_version=case.version, today=TODAY)
    db.session.commit()
    assert case.closed_at is not None


def test_an_order_outlives_its_case_and_a_new_case_carries_it_until_revoked(
        client, signed_in, make, teacher, officer):
    """Back at school under the order, then taken off roll again: the order is still in force
    (s.437(4)), so the new case warns, carries it, and it can be revoked there."""
    make.contacts()
    first = recorded_order(teacher, officer)
    _back_at_school(first, officer)
    second = ehe.record_deletion_return(teacher, answers(), "k2", today=TODAY)
    db.session.commit()
    assert second.id != first.id and second.status == "school_attendance_order"
    carried = db.session.scalars(select(EheNotification).where(EheNotification.case_id == second.id)).one()
    assert carried.sao_issued_on == TODAY - timedelta(days=10) and carried.sao_school_name == "Riverside Primary"
    [warning] = events(second, "ehe_sao_in_force_warning")
    assert f"(case {first.reference})" in warning.summary and "must be revoked before Leo Hart" in warning.summary
    assert [e for e in db.session.scalars(select(Event).where(Event.case_id == second.id))
            if "this case carries it until it is revoked" in e.summary]
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{second.id}")
    assert "A school attendance order is in force: it must be revoked before Leo" in page.text
    parent = make.user(Role.PARENT, full_name="Jo Hart")
    db.session.add(ChildLink(user=parent, child=second.child, relationship_kind=Relationship.PARENT_WITH_PR))
    db.session.commit()
    signed_in(parent)
    panel = client.get(f"/cases/{second.id}").text
    assert "A school attendance order is in force" in panel and "you can ask us to revoke the order" in panel
    ehe_sao.revoke_school_attendance_order(second, reasons="A tutor full time", actor=officer,
                                           expected_version=second.version, today=TODAY)
    db.session.commit()
    assert second.status == "suitable"
    _back_at_school(second, officer)
    third = ehe.record_deletion_return(teacher, answers(), "k3", today=TODAY)  # the revoked copy is the latest
    db.session.commit()
    assert third.status == "notified" and events(third, "ehe_sao_in_force_warning") == []


def test_an_order_revoked_before_the_case_closed_is_not_carried(make, teacher, officer):
    make.contacts()
    first = recorded_order(teacher, officer)
    ehe_sao.revoke_school_attendance_order(first, reasons="Suitable", actor=officer, expected_version=first.version,
                                           today=TODAY)
    db.session.commit()
    _back_at_school(first, officer)
    second = ehe.record_deletion_return(teacher, answers(), "k2", today=TODAY)
    db.session.commit()
    assert second.status == "notified" and events(second, "ehe_sao_in_force_warning") == []


def test_when_consent_is_needed_the_order_is_carried_and_must_be_revoked_before_consent(
        client, signed_in, make, teacher, officer):
    """A special school pupil whose earlier order was never revoked: the new case waits for the
    council's consent with the order carried; consent cannot be given while the order stands, and
    the order can be revoked meanwhile (statutory-rules.md section 5)."""
    make.contacts()
    first = recorded_order(teacher, officer)
    _back_at_school(first, officer)
    special = make.school(name="Brook Special School", email="office@brook.example.uk", is_special=True)
    first.child.school_id = special.id  # the order named a special school, and Leo joined it
    db.session.commit()
    special_teacher = make.user(Role.SCHOOL_STAFF, school_id=special.id, full_name="Sam Special")
    second = ehe.record_deletion_return(special_teacher, answers(), "k2", today=TODAY)
    db.session.commit()
    assert second.status == "council_consent_required"
    [warning] = events(second, "ehe_sao_in_force_warning")
    assert f"(case {first.reference})" in warning.summary
    assert events(second, "ehe_sao_carried")
    carried = db.session.scalars(select(EheNotification).where(EheNotification.case_id == second.id)).one()
    assert carried.sao_issued_on == TODAY - timedelta(days=10)
    with pytest.raises(ServiceError, match="revoke it before consenting"):
        ehe.decide_consent(second, give=True, reasons="Parents have a plan", actor=officer,
                           expected_version=second.version, today=TODAY)
    db.session.rollback()
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{second.id}")
    assert "A school attendance order is in force: it must be revoked before Leo" in page.text
    assert f"/staff/home-education/cases/{second.id}/order-revoke" in page.text
    refused = client.post(f"/staff/home-education/cases/{second.id}/consent", data={
        "version": second.version, "decision": "give", "reasons": "Parents have a plan"})
    assert refused.status_code == 200 and "revoke it before consenting" in refused.text
    assert "govuk-error-summary" in refused.text and "Parents have a plan" in refused.text  # answers kept
    db.session.expire_all()
    assert second.status == "council_consent_required"
    ehe_sao.revoke_school_attendance_order(second, reasons="A tutor full time", actor=officer,
                                           expected_version=second.version, today=TODAY)
    db.session.commit()
    assert second.status == "council_consent_required"  # still the council's consent to decide
    ehe.decide_consent(second, give=True, reasons="Parents have a plan", actor=officer,
                       expected_version=second.version, today=TODAY)
    db.session.commit()
    assert second.status == "enquiries"


# --- the back-office pages ----------------------------------------------------------------------


def test_the_case_page_offers_the_order_actions_only_with_an_order_in_force(client, signed_in, make, teacher,
                                                                           officer):
    make.contacts()
    case = recorded_order(teacher, officer)
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "A school attendance order is in force" in page.text and "Riverside Primary" in page.text
    for title in ("Record an application to revoke the order", "Revoke the order",
                  "Amend the school named in the order"):
        assert title in page.text
    assert "Refuse to revoke the order" not in page.text  # nothing to refuse yet
    assert client.get(f"/staff/home-education/cases/{case.id}/order-refuse").status_code == 404
    register = client.get("/staff/home-education")
    assert "School attendance order in force" in register.text

    form = client.get(f"/staff/home-education/cases/{case.id}/order-revocation-request")
    assert form.status_code == 200 and "section 442" in form.text
    bad = client.post(f"/staff/home-education/cases/{case.id}/order-revocation-request",
                      data={"version": case.version, "arrangements": "kept text"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.text
    assert "Enter the date the application arrived" in bad.text and "kept text" in bad.text
    done = client.post(f"/staff/home-education/cases/{case.id}/order-revocation-request",
                       data={"version": case.version, "arrangements": "A tutor every morning",
                             "received_on": [str(TODAY.day), str(TODAY.month), str(TODAY.year)]})
    assert done.status_code == 302
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Waiting for a decision" in page.text and "A tutor every morning" in page.text
    assert "Refuse to revoke the order" in page.text
    assert "Record an application to revoke the order" not in page.text

    db.session.expire_all()
    version = db.session.get(Case, case.id).version
    refuse = client.get(f"/staff/home-education/cases/{case.id}/order-refuse")
    assert "EHC plan name a school" not in refuse.text  # no plan: not asked
    missing = client.post(f"/staff/home-education/cases/{case.id}/order-revoke", data={"version": version,
                                                                                         "reasons": ""})
    assert missing.status_code == 200 and "Give the reasons for revoking the order" in missing.text
    revoked = client.post(f"/staff/home-education/cases/{case.id}/order-revoke",
                          data={"version": version, "reasons": "The tutoring is suitable"})
    assert revoked.status_code == 302
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Revoked on" in page.text and "on the parents&#39; application" in page.text
    assert "A school attendance order is in force" not in page.text
    assert "Education judged suitable" in page.text
    assert client.get(f"/staff/home-education/cases/{case.id}/order-revoke").status_code == 404
    assert "School attendance order revoked on" in client.get("/staff/home-education").text


def test_a_stale_form_is_a_conflict_page(client, signed_in, make, teacher, officer):
    make.contacts()
    case = recorded_order(teacher, officer)
    signed_in(officer)
    response = client.post(f"/staff/home-education/cases/{case.id}/order-revoke",
                           data={"version": case.version - 1, "reasons": "Suitable"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "school_attendance_order"


def test_revoking_without_council_contacts_fails_whole(client, signed_in, teacher, officer):
    case = recorded_order(teacher, officer)  # no council contacts: the letter cannot be built
    signed_in(officer)
    response = client.post(f"/staff/home-education/cases/{case.id}/order-revoke",
                           data={"version": case.version, "reasons": "Suitable"})
    assert response.status_code == 200 and "contact details have not been set up" in response.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "school_attendance_order"
    assert notification().sao_revoked_on is None and db.session.scalar(select(func.count()).select_from(Notice)) == 0


def test_for_a_child_with_an_ehc_plan_the_page_explains_section_441_instead_of_amending(
        client, signed_in, make, teacher, officer, other):
    make.contacts()
    case = recorded_order(teacher, officer, ehc_plan=True)
    signed_in(officer)
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Amend the school named in the order" not in page.text
    assert "the school named in the school attendance order is the school named in the plan" in page.text
    blocked = client.get(f"/staff/home-education/cases/{case.id}/order-amend")
    assert blocked.status_code == 200 and "section 441" in blocked.text and 'name="version"' not in blocked.text
    posted = client.post(f"/staff/home-education/cases/{case.id}/order-amend",
                         data={"version": case.version, "school_id": str(other.id), "place_offered": "yes",
                               "requested_on": [str(TODAY.day), str(TODAY.month), str(TODAY.year)]})
    assert posted.status_code == 200 and "section 441" in posted.text
    db.session.expire_all()
    assert notification().sao_school_name == "Riverside Primary"
    ehe_sao.record_revocation_request(db.session.get(Case, case.id), received_on=TODAY, arrangements="Tutor",
                                      actor=officer, expected_version=db.session.get(Case, case.id).version,
                                      today=TODAY)
    db.session.commit()
    refuse = client.get(f"/staff/home-education/cases/{case.id}/order-refuse")
    assert "Does the child&#39;s EHC plan name a school or other institution?" in refuse.text
    missing = client.post(f"/staff/home-education/cases/{case.id}/order-refuse",
                          data={"version": db.session.get(Case, case.id).version, "reasons": "No evidence"})
    assert "Select whether the EHC plan names a school or other institution" in missing.text


def test_the_amendment_form_names_the_new_school(client, signed_in, make, teacher, officer, named, other):
    case = sent_order(make, teacher, officer, named)
    signed_in(officer)
    form = client.get(f"/staff/home-education/cases/{case.id}/order-amend")
    assert form.status_code == 200 and "Oakfield School" in form.text and "section 440" in form.text
    no_place = client.post(f"/staff/home-education/cases/{case.id}/order-amend",
                           data={"version": case.version, "school_id": str(other.id), "place_offered": "no",
                                 "requested_on": [str(TODAY.day), str(TODAY.month), str(TODAY.year)]})
    assert no_place.status_code == 200 and "only once the school has offered the child a place" in no_place.text
    done = client.post(f"/staff/home-education/cases/{case.id}/order-amend",
                       data={"version": case.version, "school_id": str(other.id), "place_offered": "yes",
                             "requested_on": [str(TODAY.day), str(TODAY.month), str(TODAY.year)]})
    assert done.status_code == 302
    page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "School named changed on" in page.text and "Oakfield School (before: Riverside Primary)" in page.text

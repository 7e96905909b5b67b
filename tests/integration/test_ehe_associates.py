"""EHE associate visits (docs/ehe-associates.md): associates and their rates, the yearly budget a
manager sets, visits allocated (refused over budget, with the figures), recorded (a check-in) and
cancelled (the commitment released), the associate's emails, and who may use the pages."""

from __future__ import annotations

import email
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.ehe_budget import financial_year
from shared.models import (
    Case,
    CaseKind,
    EheAssociate,
    EheAssociateVisit,
    EheCheckIn,
    Event,
    OutboxMessage,
    Role,
    VisitStatus,
)
from shared.queries.ehe_associates import year_position
from shared.services import ehe
from shared.services import ehe_associates as service
from shared.services.errors import Conflict, ServiceError
from tests.jobs_helpers import run_jobs

D = Decimal


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")


@pytest.fixture
def manager(make):
    return make.user(Role.MANAGER, full_name="Morgan Manager")


@pytest.fixture
def case(make):
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    opened = ehe.record_deletion_return(teacher, ehe.NotificationAnswers(
        first_name="Leo", last_name="Hart", date_of_birth=date(2013, 2, 3), address="5 Oak Road, Northbridge",
        parent_names="Jo Hart", parent_email="jo@example.com", parent_phone="07700 900123",
        deleted_on=today_in_england(), safeguarding_known=True, safeguarding_notes="Known to early help"),
        uuid.uuid4().hex, today=today_in_england())
    db.session.commit()
    return opened


@pytest.fixture
def associate(officer):
    found = service.add_associate(name="Alex Head", email=f"alex.{uuid.uuid4().hex[:8]}@example.com",
                                  phone="01234 567890", visit_fee=D("120"), mileage_rate=D("0.45"), actor=officer)
    db.session.commit()
    return found


def _budget(manager, amount: str, on: date | None = None):
    service.set_budget(financial_year(on or today_in_england()), amount=D(amount), actor=manager)
    db.session.commit()


def _allocate(case, associate, officer, *, miles="30", days=7, key=""):
    visit = service.allocate_visit(case, associate=associate, planned_on=today_in_england() + timedelta(days=days),
                                   estimated_miles=D(miles), actor=officer, expected_version=case.version,
                                   today=today_in_england(), submission_key=key)
    db.session.commit()
    return visit


def _date(name: str, d: date) -> dict:
    return {name: [str(d.day), str(d.month), str(d.year)]}


def _mails_to(settings, address: str) -> list:
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]
    return [m for m in messages if address in m["To"]]


def _body(message) -> str:
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    return part.get_payload(decode=True).decode()


# --- the budget rules through the services -------------------------------------------------------


def test_an_allocation_over_the_budget_is_refused_with_the_figures(case, associate, officer, manager):
    _budget(manager, "300")
    _allocate(case, associate, officer, miles="30")  # 120 + 30 x 0.45 = 133.50
    _allocate(case, associate, officer, miles="0")   # 120.00: 253.50 committed, 46.50 left
    with pytest.raises(ServiceError) as refused:
        _allocate(case, associate, officer, miles="10")  # 124.50
    message = str(refused.value)
    assert "£124.50" in message and "£46.50" in message and "£300.00" in message
    assert "£253.50 committed" in message and "£0.00 spent" in message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EheAssociateVisit)) == 2


def test_no_budget_for_the_year_means_set_the_budget_first(case, associate, officer):
    with pytest.raises(ServiceError, match="set the budget first"):
        _allocate(case, associate, officer)


def test_a_cancelled_visit_releases_the_commitment(case, associate, officer, manager, settings, app):
    _budget(manager, "250")
    visit = _allocate(case, associate, officer, miles="30")
    year = financial_year(visit.planned_on)
    assert year_position(year).committed == D("133.50")
    with pytest.raises(ServiceError):
        _allocate(case, associate, officer, miles="30")
    db.session.rollback()
    with pytest.raises(ServiceError, match="reason"):
        service.cancel_visit(case, visit, reason=" ", actor=officer, expected_version=case.version,
                             today=today_in_england())
    service.cancel_visit(case, visit, reason="Family moved away", actor=officer, expected_version=case.version,
                         today=today_in_england())
    db.session.commit()
    position = year_position(year)
    assert position.committed == D("0.00") and position.remaining == D("250.00")
    assert _allocate(case, associate, officer, miles="30").status is VisitStatus.ALLOCATED
    run_jobs(app)
    mails = _mails_to(settings, associate.email)
    subjects = sorted(m["Subject"] for m in mails)
    assert len(subjects) == 3 and sum("cancelled" in s for s in subjects) == 1
    cancelled = next(m for m in mails if "cancelled" in m["Subject"])
    assert "Family moved away" not in _body(cancelled)  # the reason stays on the case record


def test_the_allocation_email_gives_the_associate_only_what_they_need(case, associate, officer, manager, settings,
                                                                        app):
    _budget(manager, "1000")
    visit = _allocate(case, associate, officer)
    assert [m.job for m in db.session.scalars(select(OutboxMessage))].count("send_ehe_associate_email") == 1
    run_jobs(app)
    (mail,) = _mails_to(settings, associate.email)
    body = _body(mail)
    assert "Leo Hart" in body and "5 Oak Road, Northbridge" in body and "Jo Hart" in body
    assert "07700 900123" in body and "jo@example.com" in body
    assert f"{visit.planned_on.day} {visit.planned_on:%B %Y}" in body
    assert "early help" not in body and "Hilltop" not in body  # no safeguarding notes, no school


def test_recording_the_visit_spends_the_actual_cost_and_records_a_check_in(case, associate, officer, manager):
    _budget(manager, "1000")
    visit = _allocate(case, associate, officer, miles="30", days=0)
    service.record_visit(case, visit, visited_on=today_in_england(), outcome="concern", actual_miles=D("42"),
                         report_notes="Child seemed withdrawn", next_check_in_on=today_in_england() + timedelta(days=60),
                         actor=officer, expected_version=case.version, today=today_in_england())
    db.session.commit()
    assert visit.status is VisitStatus.COMPLETED and visit.actual_cost == D("138.90")  # 120 + 42 x 0.45
    check_in = db.session.scalars(select(EheCheckIn)).one()
    assert check_in.kind.value == "visit" and check_in.outcome.value == "concern" and visit.check_in_id == check_in.id
    assert "Alex Head" in check_in.notes and "withdrawn" in check_in.notes
    position = year_position(visit.financial_year)
    assert position.committed == D("0.00") and position.spent == D("138.90") and position.remaining == D("861.10")
    kinds = set(db.session.scalars(select(Event.kind).where(Event.case_id == case.id)))
    assert {"ehe_associate_visit_allocated", "ehe_associate_visit_completed", "ehe_check_in"} <= kinds
    with pytest.raises(ServiceError, match="already visited"):
        service.cancel_visit(case, visit, reason="late", actor=officer, expected_version=case.version,
                             today=today_in_england())


def test_refusals_inactive_associate_past_date_closed_case(case, associate, officer, manager):
    _budget(manager, "1000")
    with pytest.raises(ServiceError, match="today or in the future"):
        _allocate(case, associate, officer, days=-1)
    service.deactivate_associate(associate, actor=officer)
    db.session.commit()
    with pytest.raises(ServiceError, match="no longer in use"):
        _allocate(case, associate, officer)
    service.reactivate_associate(associate, actor=officer)
    visit = _allocate(case, associate, officer, days=0)
    with pytest.raises(ServiceError, match="today or in the past"):
        service.record_visit(case, visit, visited_on=today_in_england() + timedelta(days=1), outcome="suitable",
                             actual_miles=D("1"), report_notes="ok", next_check_in_on=None, actor=officer,
                             expected_version=case.version, today=today_in_england())


def test_a_stale_version_is_a_conflict(case, associate, officer, manager):
    _budget(manager, "1000")
    visit = _allocate(case, associate, officer, days=0)
    stale = case.version
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    assert case.version != stale
    with pytest.raises(Conflict):
        service.allocate_visit(case, associate=associate, planned_on=today_in_england(), estimated_miles=None,
                               actor=officer, expected_version=stale, today=today_in_england())
    with pytest.raises(Conflict):
        service.record_visit(case, visit, visited_on=today_in_england(), outcome="suitable", actual_miles=D("0"),
                             report_notes="Fine", next_check_in_on=None, actor=officer, expected_version=stale,
                             today=today_in_england())
    with pytest.raises(Conflict):
        service.cancel_visit(case, visit, reason="No", actor=officer, expected_version=stale,
                             today=today_in_england())


def test_only_a_manager_sets_the_budget_and_associates_emails_are_unique(officer, manager, associate):
    with pytest.raises(ServiceError, match="manager"):
        service.set_budget(2026, amount=D("100"), actor=officer)
    with pytest.raises(ServiceError, match="already recorded"):
        service.add_associate(name="Other", email=associate.email.upper(), phone="", visit_fee=D("1"),
                              mileage_rate=D("0"), actor=officer)
    service.set_budget(2026, amount=D("100"), actor=manager)
    service.set_budget(2026, amount=D("150.555"), actor=manager)  # changed, not duplicated
    db.session.commit()
    assert year_position(2026).budget == D("150.56")


# --- the pages ----------------------------------------------------------------------------------


def test_the_journey_through_the_pages(client, signed_in, case, officer, manager):
    signed_in(manager)
    page = client.get("/staff/home-education/budget")
    assert page.status_code == 200 and "Not set" in page.text and "Set the budget" in page.text
    year = financial_year(today_in_england())
    bad = client.post(f"/staff/home-education/budget/{year}", data={"amount": "lots"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.text and 'value="lots"' in bad.text
    assert client.post(f"/staff/home-education/budget/{year}", data={"amount": "200"}).status_code == 302
    client.post("/staff/sign-out")

    signed_in(officer)
    assert "Set the budget" not in client.get("/staff/home-education/budget").text  # a manager's decision
    assert client.post(f"/staff/home-education/budget/{year}", data={"amount": "900"}).status_code == 403
    kept = client.post("/staff/home-education/associates/new", data={
        "name": "Alex Head", "email": "not-an-email", "phone": "", "visit_fee": "120", "mileage_rate": "0.45"})
    assert kept.status_code == 200 and "Enter an email address in the correct format" in kept.text
    assert 'value="Alex Head"' in kept.text and 'value="120"' in kept.text
    assert client.post("/staff/home-education/associates/new", data={
        "name": "Alex Head", "email": "alex@example.com", "phone": "", "visit_fee": "120",
        "mileage_rate": "0.45"}).status_code == 302
    associate = db.session.scalars(select(EheAssociate)).one()
    assert "Alex Head" in client.get("/staff/home-education/associates").text

    case_page = client.get(f"/staff/home-education/cases/{case.id}")
    assert "Associate visits" in case_page.text and "Allocate a visit" in case_page.text
    planned = today_in_england() + timedelta(days=3)
    form = client.get(f"/staff/home-education/cases/{case.id}/visits/new")
    assert form.status_code == 200 and "Alex Head" in form.text
    bad = client.post(f"/staff/home-education/cases/{case.id}/visits/new", data={
        "version": case.version, "associate": str(associate.id), **_date("planned_on", planned),
        "estimated_miles": "200", "submission_key": "a1"})  # 120 + 90 = 210 > 200
    assert bad.status_code == 200 and "£210.00" in bad.text and "£200.00" in bad.text and 'value="200"' in bad.text
    for _ in range(2):  # posted twice, one visit
        done = client.post(f"/staff/home-education/cases/{case.id}/visits/new", data={
            "version": case.version, "associate": str(associate.id), **_date("planned_on", planned),
            "estimated_miles": "20", "submission_key": "a2"})
        assert done.status_code == 302
    visit = db.session.scalars(select(EheAssociateVisit)).one()
    assert visit.estimated_cost == D("129.00")
    budget = client.get(f"/staff/home-education/budget?year={year}")
    assert "£129.00" in budget.text and "£71.00" in budget.text
    line = f'href="/staff/home-education/budget/{year}/associates/{associate.id}"'
    assert line in budget.text and "Leo Hart" not in budget.text  # totals by associate, not every visit
    visits = client.get(f"/staff/home-education/budget/{year}/associates/{associate.id}")
    assert visits.status_code == 200 and "Leo Hart" in visits.text and "£129.00 (estimate)" in visits.text

    missing = client.post(f"/staff/home-education/cases/{case.id}/visits/{visit.id}/record", data={
        "version": case.version, **_date("visited_on", today_in_england()), "outcome": "", "actual_miles": "18",
        "report_notes": "Good range of work"})
    assert missing.status_code == 200 and "Select the outcome of the visit" in missing.text
    assert "Good range of work" in missing.text
    early = client.post(f"/staff/home-education/cases/{case.id}/visits/{visit.id}/record", data={
        "version": case.version, **_date("visited_on", today_in_england()), "outcome": "concern",
        "actual_miles": "18", "report_notes": "Good range of work"})
    assert early.status_code == 302
    shown = client.get(early.headers["Location"])
    assert "record a safeguarding concern" in shown.text.lower()
    assert "£128.10" in shown.text  # 120 + 18 x 0.45
    assert client.get(f"/staff/home-education/cases/{case.id}/visits/{visit.id}/cancel").status_code == 404
    budget = client.get(f"/staff/home-education/budget?year={year}")
    assert "£128.10" in budget.text and "£71.90" in budget.text


def test_a_stale_form_shows_the_conflict_page(client, signed_in, case, officer, manager, associate):
    _budget(manager, "1000")
    signed_in(officer)
    stale = case.version
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    response = client.post(f"/staff/home-education/cases/{case.id}/visits/new", data={
        "version": stale, "associate": str(associate.id), **_date("planned_on", today_in_england()),
        "estimated_miles": "", "submission_key": "s1"})
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(EheAssociateVisit)) == 0


@pytest.mark.parametrize("role", [Role.EHC_OFFICER, Role.S19_LEAD])
def test_other_officers_are_refused(client, signed_in, make, role, case, associate):
    signed_in(make.user(role))
    for url in ("/staff/home-education/budget", "/staff/home-education/associates",
                "/staff/home-education/associates/new", f"/staff/home-education/associates/{associate.id}",
                f"/staff/home-education/cases/{case.id}/visits/new",
                f"/staff/home-education/budget/2026/associates/{associate.id}"):
        assert client.get(url).status_code == 403, url
    assert client.post("/staff/home-education/budget/2026", data={"amount": "1"}).status_code == 403
    assert "EHE associates budget" not in client.get("/staff/").text


@pytest.mark.parametrize("role", [Role.PARENT, Role.SCHOOL_STAFF])
def test_portal_users_get_nothing(client, signed_in, make, role, case):
    signed_in(make.user(role))
    assert client.get("/staff/home-education/budget").status_code == 403
    assert client.get(f"/staff/home-education/cases/{case.id}/visits/new").status_code == 403


def test_a_visit_is_reached_only_through_its_case(client, signed_in, case, officer, manager, associate, make):
    _budget(manager, "1000")
    visit = _allocate(case, associate, officer)
    other = make.case(make.child(), CaseKind.EHE)
    signed_in(officer)
    assert client.get(f"/staff/home-education/cases/{other.id}/visits/{visit.id}/record").status_code == 404
    assert client.get(f"/staff/home-education/cases/{case.id}/visits/{uuid.uuid4()}/cancel").status_code == 404
    assert client.get(f"/staff/home-education/cases/{case.id}/visits/{visit.id}/cancel").status_code == 200
    assert db.session.get(Case, case.id).kind is CaseKind.EHE


def test_the_menu_shows_the_budget_to_the_ehe_team(client, signed_in, officer):
    signed_in(officer)
    page = client.get("/staff/home-education/budget")
    assert "EHE associates budget" in page.text

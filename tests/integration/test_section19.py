"""Section 19 (journey 7): the school's referral, the decision and its notices, the provider
catalogue, commissioning, reviews, the return to school, closing, and who may see what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.school_days import ClosureKind
from shared.models import Case, CaseKind, Notice, OutboxMessage, Role, S19Package, S19Provider, S19Referral
from shared.notices.render import render_notice_html
from shared.queries.calendar import school_calendar
from shared.services import calendar as cal_service
from shared.services import section19 as s19
from shared.services.errors import ServiceError

D = date


@pytest.fixture
def calendar_years(make):
    """Term dates covering this year and next (weekdays from 1 September to 20 July), so the
    school-day clocks work whatever day the tests run."""
    admin = make.user(Role.ADMINISTRATOR)
    today = today_in_england()
    first = today.year - 1 if today.month < 9 else today.year
    for start in (first, first + 1):
        year = cal_service.add_academic_year(start, actor=admin)
        cal_service.add_term(year, name="Autumn", first_day=D(start, 9, 1), last_day=D(start, 12, 18), actor=admin)
        cal_service.add_term(year, name="Spring", first_day=D(start + 1, 1, 5), last_day=D(start + 1, 3, 26),
                             actor=admin)
        cal_service.add_term(year, name="Summer", first_day=D(start + 1, 4, 12), last_day=D(start + 1, 7, 20),
                             actor=admin)
        cal_service.add_closure_day(year, day=D(start, 9, 1), kind=ClosureKind.INSET, note="Training", actor=admin)
    db.session.commit()


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def lead(make):
    return make.user(Role.S19_LEAD, full_name="Lee Lead")


def _date(name: str, d: date) -> dict:
    return {name: [str(d.day), str(d.month), str(d.year)]}


def referral_form(**overrides) -> dict:
    data = {"referrer_type": "school", "referrer_job_title": "SENCo", "first_name": "Ava", "last_name": "Stone",
            **_date("date_of_birth", D(2014, 5, 6)), "upn": "", "address": "1 High Street, Northbridge",
            "reason": "illness", "expected_absence_days": "20", "other_reason": "", "days_missed": "4",
            "school_view": "Ava is in hospital and cannot attend.", "parent_name": "Pat Stone",
            "parent_email": "pat@example.com", "parent_views": "Wants Ava to keep learning.",
            "parent_told": "yes", "parent_consents": "yes", "exclusion_first_day": ["", "", ""]}
    data.update(overrides)
    return data


def answers(**overrides) -> s19.ReferralAnswers:
    values = dict(first_name="Ava", last_name="Stone", date_of_birth=D(2014, 5, 6), upn="", address="1 High St",
                  reason="illness", expected_absence_days=20, exclusion_first_day=None, other_reason="",
                  days_missed=4, school_view="In hospital", parent_name="Pat Stone", parent_email="pat@example.com",
                  parent_views="", parent_told=True, parent_consents=True, referrer_type="school",
                  referrer_job_title="SENCo")
    values.update(overrides)
    return s19.ReferralAnswers(**values)


def refer(teacher, key="k1", **overrides) -> Case:
    case = s19.submit_referral(teacher, answers(**overrides), key, today=today_in_england())
    db.session.commit()
    return case


def provider(name="Northbridge Hospital School", delivery="group", rate="30.00", active=True, actor=None):
    p = s19.add_provider(name=name, provider_type="Hospital education", delivery=delivery,
                         hourly_rate=Decimal(rate), active=active, actor=actor)
    db.session.commit()
    return p


# --- the portal referral ------------------------------------------------------------------------


def test_a_referral_posted_twice_makes_one_case(client, signed_in, teacher, calendar_years):
    signed_in(teacher)
    response = client.post("/section-19/refer", data=referral_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/section-19/refer/check")
    page = client.get("/section-19/refer/check")
    assert "Ava Stone" in page.text and "20 more school days expected" in page.text
    key = "same-key-twice"
    first = client.post("/section-19/refer/check", data={"submission_key": key})
    second = client.post("/section-19/refer/check", data={"submission_key": key})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Case).where(Case.kind == CaseKind.SECTION_19)) == 1
    sent = client.get(first.headers["Location"])
    case = db.session.scalars(select(Case)).one()
    assert case.reference in sent.text and "Upload evidence" in sent.text
    jobs = [m.job for m in db.session.scalars(select(OutboxMessage))]
    assert jobs.count("send_s19_referral_email") == 1
    referral = db.session.scalars(select(S19Referral)).one()
    assert referral.school_id == teacher.school_id and referral.parent_consents


def test_the_referral_form_keeps_answers_and_shows_errors(client, signed_in, teacher):
    signed_in(teacher)
    response = client.post("/section-19/refer", data=referral_form(reason="permanent_exclusion", parent_told="no",
                                                                   first_name="Ava", school_view=""))
    assert response.status_code == 200
    assert "Enter the first day of the permanent exclusion" in response.text
    assert "Tell the parent about the referral before you send it" in response.text
    assert "Enter the school&#39;s view" in response.text or "Enter the school's view" in response.text
    assert 'value="Ava"' in response.text


def test_referral_email_goes_to_the_referrer(app, teacher, calendar_years, settings):
    from tests.jobs_helpers import run_jobs

    refer(teacher)
    run_jobs(app)
    sent = list((__import__("pathlib").Path(settings.mail_sink_dir)).glob("*.eml"))
    assert any(teacher.email in p.read_text() and "Section 19 referral" in p.read_text() for p in sent)


def test_only_school_staff_can_refer(client, signed_in, make):
    parent = make.user(Role.PARENT)
    signed_in(parent)
    assert client.get("/section-19/refer").status_code == 403


def test_a_pupil_of_another_school_is_not_matched(make, teacher):
    other = make.school()
    make.child(first_name="Ava", last_name="Stone", date_of_birth=D(2014, 5, 6), upn="A123456789012",
               school_id=other.id)
    with pytest.raises(ServiceError, match="could not match"):
        s19.submit_referral(teacher, answers(upn="A123456789012"), "k", today=today_in_england())


def test_a_second_referral_for_an_open_case_is_refused(teacher, calendar_years):
    case = refer(teacher)
    with pytest.raises(ServiceError, match=case.reference):
        s19.submit_referral(teacher, answers(), "another-key", today=today_in_england())


# --- who sees what ------------------------------------------------------------------------------


def test_a_school_sees_only_its_own_referrals(client, signed_in, make, teacher, calendar_years):
    case = refer(teacher)
    signed_in(teacher)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "Decision on the referral" in page.text
    client.post("/sign-out")
    other = make.user(Role.SCHOOL_STAFF, school_id=make.school().id)
    signed_in(other)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/section-19/referrals/{case.id}/sent").status_code == 404


def test_an_ehc_officer_cannot_open_section_19_cases(client, signed_in, make, teacher, calendar_years):
    case = refer(teacher)
    signed_in(make.user(Role.EHC_OFFICER))
    assert client.get(f"/staff/section-19/cases/{case.id}").status_code == 404
    assert client.get(f"/staff/cases/{case.id}").status_code == 404
    assert case.reference not in client.get("/staff/section-19").text
    assert client.get("/staff/section-19/providers").status_code == 403


def test_the_lead_sees_the_caseload_with_filters(client, signed_in, lead, teacher, calendar_years):
    case = refer(teacher)
    signed_in(lead)
    page = client.get("/staff/section-19")
    assert page.status_code == 200 and case.reference in page.text
    assert "Education arranged from (15-school-day rule)" in page.text and "Due today" in page.text
    assert case.reference not in client.get("/staff/section-19?status=package_in_place").text
    assert case.reference in client.get("/staff/section-19?status=referred").text
    detail = client.get(f"/staff/section-19/cases/{case.id}")
    assert "Education arranged from (15-school-day rule)" in detail.text
    assert "provision should be arranged now" in detail.text


def test_without_a_calendar_the_pages_say_so(client, signed_in, lead, teacher):
    case = refer(teacher)
    signed_in(lead)
    page = client.get(f"/staff/section-19/cases/{case.id}")
    assert page.status_code == 200
    assert "school calendar for these dates has not been set up" in page.text
    assert client.get("/staff/section-19").status_code == 200


# --- the decision -------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome,route", [("accept", ""), ("direct_to_school", ""),
                                           ("another_route", "EHC needs assessment")])
def test_decisions_send_notices_to_family_and_school_with_the_complaints_route(
        client, signed_in, make, lead, teacher, calendar_years, outcome, route):
    make.contacts()
    case = refer(teacher)
    signed_in(lead)
    response = client.post(f"/staff/section-19/cases/{case.id}/decision",
                           data={"version": case.version, "decision": outcome, "other_route": route,
                                 "reasons": "The school can meet Ava's needs with support."})
    assert response.status_code == 302, response.text
    notices = list(db.session.scalars(select(Notice).where(Notice.case_id == case.id)))
    assert sorted(n.recipient_email for n in notices) == ["office@hilltop.example.uk", "pat@example.com"]
    for notice in notices:
        assert notice.decision_type == "section_19_decision"
        assert notice.content["route"] == "complaints"
        assert notice.content["appeal_rights"] is None and notice.appeal_deadline is None
        letter = render_notice_html(notice.content)
        assert "complaint" in letter.lower() and "tribunal" not in letter.lower()
        assert "section 19" in letter.lower()
    db.session.refresh(case)
    assert case.status == {"accept": "accepted", "direct_to_school": "directed_to_school",
                           "another_route": "another_route"}[outcome]


def test_directing_back_needs_reasons(client, signed_in, lead, teacher, calendar_years, make):
    make.contacts()
    case = refer(teacher)
    signed_in(lead)
    response = client.post(f"/staff/section-19/cases/{case.id}/decision",
                           data={"version": case.version, "decision": "another_route", "reasons": ""})
    assert response.status_code == 200
    assert "Give the reasons for the decision" in response.text
    assert "Say which route" in response.text
    assert db.session.scalar(select(func.count()).select_from(Notice)) == 0


# --- the catalogue and the package ---------------------------------------------------------------


def test_the_lead_manages_the_provider_catalogue(client, signed_in, lead):
    signed_in(lead)
    response = client.post("/staff/section-19/providers/new",
                           data={"name": "Tutors Ltd", "provider_type": "Tuition agency", "delivery": "individual",
                                 "hourly_rate": "42.50", "active": "y"})
    assert response.status_code == 302
    p = db.session.scalars(select(S19Provider)).one()
    assert p.hourly_rate == Decimal("42.50") and p.active
    response = client.post(f"/staff/section-19/providers/{p.id}",
                           data={"name": "Tutors Ltd", "provider_type": "Tuition agency", "delivery": "individual",
                                 "hourly_rate": "45"})
    assert response.status_code == 302
    db.session.refresh(p)
    assert p.hourly_rate == Decimal("45.00") and not p.active
    bad = client.post("/staff/section-19/providers/new", data={"name": "", "provider_type": "x", "delivery": "group",
                                                               "hourly_rate": "abc"})
    assert bad.status_code == 200 and "Enter the provider" in bad.text


def _accepted(teacher, lead, **overrides) -> Case:
    case = refer(teacher, **overrides)
    s19.decide_referral(case, outcome="accept", reasons="", actor=lead, expected_version=case.version,
                        today=today_in_england())
    db.session.commit()
    return case


def test_commissioning_rules(client, signed_in, make, lead, teacher, calendar_years):
    make.contacts()
    case = _accepted(teacher, lead)
    group = provider(actor=lead)
    tutor = provider(name="One to One Tutors", delivery="individual", rate="40.00", actor=lead)
    signed_in(lead)
    start = today_in_england() + timedelta(days=30)
    base = {"version": case.version, "hours_per_week": "15", "full_time": "reduced", "reduced_reason": "",
            "individual_reason": "", **_date("starts_on", start), "review_every_weeks": "6"}
    response = client.post(f"/staff/section-19/cases/{case.id}/package", data={**base, "provider": str(tutor.id)})
    assert response.status_code == 200
    assert "a group package is available" in response.text
    assert "Record the health reason" in response.text
    assert "after the statutory date" in response.text  # starts 30 days after "now"
    assert 'value="15"' in response.text or 'value="15.0"' in response.text
    response = client.post(f"/staff/section-19/cases/{case.id}/package",
                           data={**base, "provider": str(group.id), "reduced_reason": "Fatigue after treatment"})
    assert response.status_code == 302, response.text
    package = db.session.scalars(select(S19Package)).one()
    assert package.weekly_cost == Decimal("450.00") and not package.full_time
    assert package.statutory_start_on == case.received_on and package.starts_on > package.statutory_start_on
    assert package.next_review_on == school_calendar().add_school_days(start, 30)
    caseload = client.get("/staff/section-19")
    assert "Starts late" in caseload.text and "£450.00 a week" in caseload.text


def test_an_individual_package_with_a_reason_and_a_review_and_return(make, lead, teacher, calendar_years):
    make.contacts()
    case = _accepted(teacher, lead)
    provider(actor=lead)
    tutor = provider(name="One to One Tutors", delivery="individual", rate="40.00", actor=lead)
    cal = school_calendar()
    today = today_in_england()
    package = s19.commission_package(case, provider=tutor, hours_per_week=Decimal("25"), full_time=True,
                                     reduced_reason="", individual_reason="Immune suppressed: cannot mix",
                                     starts_on=today, review_every_weeks=4, calendar=cal, actor=lead,
                                     expected_version=case.version)
    db.session.commit()
    assert package.weekly_cost == Decimal("1000.00") and package.starts_on == package.statutory_start_on
    review = s19.record_review(case, reviewed_on=today, outcome="continue", notes="Going well", calendar=cal,
                               actor=lead, expected_version=case.version, today=today)
    db.session.commit()
    assert review.next_review_on == cal.add_school_days(today, 20) == package.next_review_on
    s19.plan_reintegration(case, target_on=today + timedelta(days=40), receiving_school="Hilltop Academy",
                           notes="Phased return", actor=lead, expected_version=case.version, today=today)
    db.session.commit()
    assert case.status == "reintegrating"
    s19.close_s19_case(case, outcome="returned_to_school", notes="", actor=lead, expected_version=case.version)
    db.session.commit()
    assert case.status == "closed" and case.closed_at is not None
    kinds = [e.kind for e in case_events(case)]
    for kind in ("case_opened", "s19_referral_details", "accept", "commission_package", "s19_package_reviewed",
                 "plan_reintegration", "close"):
        assert kind in kinds


def case_events(case):
    from shared.models import Event

    return list(db.session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.at, Event.id)))


def test_an_exclusion_package_is_due_from_the_sixth_school_day(make, lead, teacher, calendar_years):
    make.contacts()
    cal = school_calendar()
    first_day = cal.first_school_day_on_or_after(today_in_england())
    case = _accepted(teacher, lead, reason="permanent_exclusion", expected_absence_days=None,
                     exclusion_first_day=first_day)
    start, _ = s19.rules.statutory_start(cal, s19.facts_for(db.session.scalars(select(S19Referral)).one(), case))
    assert start == cal.nth_school_day_of(first_day, 6)


def test_a_stale_decision_is_a_conflict(client, signed_in, lead, teacher, calendar_years, make):
    make.contacts()
    case = refer(teacher)
    signed_in(lead)
    response = client.post(f"/staff/section-19/cases/{case.id}/decision",
                           data={"version": case.version - 1 if case.version > 1 else 99, "decision": "accept",
                                 "reasons": ""})
    assert response.status_code == 409


def test_the_caseload_marks_a_review_overdue(client, signed_in, make, lead, teacher, calendar_years):
    make.contacts()
    case = _accepted(teacher, lead)
    group = provider(actor=lead)
    today = today_in_england()
    package = s19.commission_package(case, provider=group, hours_per_week=Decimal("25"), full_time=True,
                                     reduced_reason="", individual_reason="", starts_on=today, review_every_weeks=6,
                                     calendar=school_calendar(), actor=lead, expected_version=case.version)
    package.next_review_on = today - timedelta(days=1)
    db.session.commit()
    signed_in(lead)
    page = client.get("/staff/section-19")
    assert "Review overdue" in page.text and "Overdue by 1 day" in page.text
    assert "Starts late" not in page.text

"""Changing or ending a Section 19 package without closing the case: the old package ends the day
before the new one, the cost is worked out again, a reduction or an ending is a letter to the
family (complaints route), the caseload and case page use the current package, stale forms are
conflicts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Event, Notice
from shared.notices.render import render_notice_html
from shared.queries import section19 as q
from shared.queries.calendar import school_calendar
from shared.services import section19 as s19
from shared.services import section19_packages as packages
from shared.services.errors import Conflict, ServiceError
from tests.integration.test_section19 import (  # noqa: F401 (fixtures)
    _accepted,
    _date,
    calendar_years,
    lead,
    provider,
    school,
    teacher,
)


def _in_place(make, teacher, lead, *, starts_on=None, hours="25", full_time=True):
    make.contacts()
    case = _accepted(teacher, lead)
    group = provider(actor=lead)
    start = starts_on or today_in_england() - timedelta(days=20)
    package = s19.commission_package(case, provider=group, hours_per_week=Decimal(hours), full_time=full_time,
                                     reduced_reason="" if full_time else "Fatigue", individual_reason="",
                                     starts_on=start, review_every_weeks=6, calendar=school_calendar(), actor=lead,
                                     expected_version=case.version)
    db.session.commit()
    return case, package, group


def pytest_raises(match, kind=ServiceError):
    return pytest.raises(kind, match=match)


def _letters_after_decision(case) -> list[Notice]:
    return [n for n in db.session.scalars(select(Notice).where(Notice.case_id == case.id))
            if "reducing" in n.content["decision"] or "ends on" in n.content["decision"]]


def test_a_change_replaces_the_package_from_the_effective_date(make, teacher, lead, calendar_years):
    case, old, group = _in_place(make, teacher, lead)
    tutor = provider(name="One to One Tutors", delivery="individual", rate="40.00", actor=lead)
    today = today_in_england()
    effective = today + timedelta(days=7)
    with pytest_raises("a group package is available"):
        packages.change_package(case, provider=tutor, hours_per_week=Decimal("25"), full_time=True,
                                reduced_reason="", individual_reason="", effective_on=effective, reason="Needs 1:1",
                                review_every_weeks=6, calendar=school_calendar(), actor=lead,
                                expected_version=case.version, today=today)
    db.session.rollback()
    new, notices = packages.change_package(
        case, provider=tutor, hours_per_week=Decimal("25"), full_time=True, reduced_reason="",
        individual_reason="Anxiety in groups", effective_on=effective, reason="Could not cope in the group",
        review_every_weeks=4, calendar=school_calendar(), actor=lead, expected_version=case.version, today=today)
    db.session.commit()
    db.session.refresh(old)
    assert old.ends_on == effective - timedelta(days=1) and "Could not cope" in old.end_reason
    assert new.replaces_id == old.id and new.starts_on == effective and new.weekly_cost == Decimal("1000.00")
    assert new.statutory_start_on is None and new.next_review_on == school_calendar().add_school_days(effective, 20)
    assert notices == []  # same hours: not a reduction
    assert case.status == "package_in_place" and q.package_for_case(case).id == new.id
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.case_id == case.id))]
    assert "change_package" in kinds


def test_a_reduction_is_a_letter_to_the_family_and_school(make, teacher, lead, calendar_years):
    case, old, group = _in_place(make, teacher, lead)
    today = today_in_england()
    new, notices = packages.change_package(
        case, provider=group, hours_per_week=Decimal("10"), full_time=False, reduced_reason="Chemotherapy fatigue",
        individual_reason="", effective_on=today + timedelta(days=1), reason="Treatment started",
        review_every_weeks=6, calendar=school_calendar(), actor=lead, expected_version=case.version, today=today)
    db.session.commit()
    assert new.weekly_cost == Decimal("300.00")
    assert sorted(n.recipient_email for n in notices) == ["office@hilltop.example.uk", "pat@example.com"]
    for notice in notices:
        assert notice.decision_type == "section_19_decision" and notice.content["route"] == "complaints"
        letter = render_notice_html(notice.content)
        assert "to 10 hours a week" in letter and "tribunal" not in letter.lower() and "complaint" in letter.lower()


def test_ending_keeps_the_case_open_and_a_new_package_can_follow(make, teacher, lead, calendar_years):
    case, package, group = _in_place(make, teacher, lead)
    today = today_in_england()
    with pytest_raises("Give the reason"):
        packages.end_package(case, ends_on=today, reason=" ", actor=lead, expected_version=case.version, today=today)
    notices = packages.end_package(case, ends_on=today, reason="The provider has closed", actor=lead,
                                   expected_version=case.version, today=today)
    db.session.commit()
    assert case.status == "package_ended" and case.closed_at is None
    assert package.ends_on == today and len(notices) == 2
    assert "ends on" in notices[0].content["decision"] and notices[0].content["route"] == "complaints"
    with pytest_raises("no package in place"):
        s19.record_review(case, reviewed_on=today, outcome="continue", notes="", calendar=school_calendar(),
                          actor=lead, expected_version=case.version, today=today)
    db.session.rollback()
    other = provider(name="Second Group", actor=lead)
    again = s19.commission_package(case, provider=other, hours_per_week=Decimal("20"), full_time=False,
                                   reduced_reason="Phased", individual_reason="", starts_on=today + timedelta(days=60),
                                   review_every_weeks=6, calendar=school_calendar(), actor=lead,
                                   expected_version=case.version)
    db.session.commit()
    assert case.status == "package_in_place" and again.statutory_start_on is None
    assert len(q.package_history(case)) == 2


def test_a_stale_change_is_a_conflict(make, teacher, lead, calendar_years):
    case, package, group = _in_place(make, teacher, lead)
    stale = case.version
    today = today_in_england()
    packages.change_package(case, provider=group, hours_per_week=Decimal("20"), full_time=False,
                            reduced_reason="Tired", individual_reason="", effective_on=today + timedelta(days=2),
                            reason="Tired", review_every_weeks=6, calendar=school_calendar(), actor=lead,
                            expected_version=stale, today=today)
    db.session.commit()
    assert case.version > stale
    with pytest_raises("changed by someone else", Conflict):
        packages.end_package(case, ends_on=today + timedelta(days=5), reason="x", actor=lead, expected_version=stale,
                             today=today)


def test_the_pages_change_and_end_with_history_and_current_marks(client, signed_in, make, teacher, lead,
                                                                 calendar_years):
    today = today_in_england()
    case, package, group = _in_place(make, teacher, lead, starts_on=today + timedelta(days=30))
    signed_in(lead)
    assert "Starts late" in client.get("/staff/section-19").text  # the first package starts after the date
    page = client.get(f"/staff/section-19/cases/{case.id}")
    assert "Change the package" in page.text and "End the package" in page.text
    form = client.get(f"/staff/section-19/cases/{case.id}/package/change")
    assert form.status_code == 200 and 'value="25.0"' in form.text
    base = {"version": case.version, "provider": str(group.id), "hours_per_week": "15", "full_time": "reduced",
            "reduced_reason": "", "individual_reason": "", "review_every_weeks": "6", "change_reason": "",
            **_date("effective_on", package.starts_on)}
    bad = client.post(f"/staff/section-19/cases/{case.id}/package/change", data=base)
    assert bad.status_code == 200
    assert "Record the health reason" in bad.text and "Give the reason for the change" in bad.text
    assert "must take effect after the current package started" in bad.text and 'value="15"' in bad.text
    good = client.post(f"/staff/section-19/cases/{case.id}/package/change",
                       data={**base, "reduced_reason": "Fatigue", "change_reason": "Hospital advice",
                             **_date("effective_on", package.starts_on + timedelta(days=7))})
    assert good.status_code == 302, good.text
    caseload = client.get("/staff/section-19").text
    assert "Starts late" not in caseload and "£450.00 a week" in caseload  # the current package only
    page = client.get(f"/staff/section-19/cases/{case.id}")
    assert "Package history" in page.text and "Hospital advice" in page.text
    assert len(_letters_after_decision(case)) == 2
    stale = client.post(f"/staff/section-19/cases/{case.id}/package/end",
                        data={"version": base["version"], "end_reason": "x", **_date("ends_on", today + timedelta(days=60))})
    assert stale.status_code == 409
    db.session.refresh(case)
    ended = client.post(f"/staff/section-19/cases/{case.id}/package/end",
                        data={"version": case.version, "end_reason": "Provider closed",
                              **_date("ends_on", today + timedelta(days=60))})
    assert ended.status_code == 302, ended.text
    page = client.get(f"/staff/section-19/cases/{case.id}")
    assert "Package ended: case open" in page.text and "Commission a new package" in page.text
    assert "Review the package" not in page.text
    assert client.get(f"/staff/section-19/cases/{case.id}/package/end").status_code == 404

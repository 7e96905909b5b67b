"""The school calendar: the service's rules, the query that builds the SchoolCalendar, and the
administrator's back-office pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from shared.db import db
from shared.domain.school_days import CalendarNotConfigured, ClosureKind, excluded_pupil_provision_from
from shared.models import AcademicYear, Role, SchoolClosureDay, TermDates
from shared.queries.calendar import school_calendar
from shared.services import calendar as service
from shared.services.calendar import CalendarError

D = date


@pytest.fixture
def admin(make):
    return make.user(Role.ADMINISTRATOR)


@pytest.fixture
def year_2026(admin):
    year = service.add_academic_year(2026, actor=admin)
    service.add_term(year, name="Autumn 1", first_day=D(2026, 9, 1), last_day=D(2026, 10, 23), actor=admin)
    service.add_term(year, name="Autumn 2", first_day=D(2026, 11, 2), last_day=D(2026, 12, 18), actor=admin)
    service.add_closure_day(year, day=D(2026, 11, 2), kind=ClosureKind.INSET, note="Staff training", actor=admin)
    db.session.commit()
    return year


def _date(name: str, d: date) -> dict:
    """A GOV.UK date input as the browser sends it: three values under one name."""
    return {name: [str(d.day), str(d.month), str(d.year)]}


# --- the service ---------------------------------------------------------------------------


def test_the_stored_calendar_counts_school_days(year_2026):
    calendar = school_calendar()
    assert calendar.configured_years == (2026,)
    assert excluded_pupil_provision_from(calendar, D(2026, 10, 23)) == D(2026, 11, 9)
    assert not calendar.is_school_day(D(2026, 11, 2))
    with pytest.raises(CalendarNotConfigured):
        calendar.is_school_day(D(2027, 9, 6))


def test_a_year_without_terms_is_not_configured(admin):
    service.add_academic_year(2027, actor=admin)
    db.session.commit()
    with pytest.raises(CalendarNotConfigured):
        school_calendar().is_school_day(D(2027, 9, 6))


@pytest.mark.parametrize(
    ("name", "first_day", "last_day", "field", "message"),
    [
        ("Summer 3", D(2026, 8, 28), D(2026, 9, 4), "first_day", "on or after 1 September 2026"),
        ("Summer 3", D(2027, 7, 26), D(2027, 9, 3), "last_day", "on or before 31 August 2027"),
        ("Spring 1", D(2027, 2, 12), D(2027, 1, 4), "last_day", "after the first day"),
        ("Spring 1", D(2027, 1, 4), D(2027, 1, 4), "last_day", "after the first day"),
        ("Extra", D(2026, 10, 19), D(2026, 10, 30), "first_day", "overlap Autumn 1"),
        ("Extra", D(2026, 10, 26), D(2027, 1, 8), "first_day", "overlap Autumn 2"),
        ("  ", D(2027, 1, 4), D(2027, 2, 12), "name", "Enter the name"),
    ],
)
def test_terms_are_validated(year_2026, admin, name, first_day, last_day, field, message):
    with pytest.raises(CalendarError, match=message) as raised:
        service.add_term(year_2026, name=name, first_day=first_day, last_day=last_day, actor=admin)
    assert raised.value.field == field


def test_editing_a_term_may_keep_its_own_dates_but_not_overlap_another(year_2026, admin):
    autumn_1, autumn_2 = year_2026.terms
    service.edit_term(autumn_1, name="Autumn 1", first_day=D(2026, 9, 2), last_day=D(2026, 10, 23), actor=admin)
    with pytest.raises(CalendarError, match="overlap Autumn 2"):
        service.edit_term(autumn_1, name="Autumn 1", first_day=D(2026, 9, 2), last_day=D(2026, 11, 2), actor=admin)
    service.delete_term(autumn_2, actor=admin)
    db.session.commit()
    assert [t.name for t in db.session.scalars(select(TermDates))] == ["Autumn 1"]


def test_closure_days_are_validated(year_2026, admin):
    with pytest.raises(CalendarError, match="already recorded") as raised:
        service.add_closure_day(year_2026, day=D(2026, 11, 2), kind=ClosureKind.OTHER, note="", actor=admin)
    assert raised.value.field == "day"
    with pytest.raises(CalendarError, match="in the academic year 2026 to 2027"):
        service.add_closure_day(year_2026, day=D(2027, 9, 1), kind=ClosureKind.INSET, note="", actor=admin)
    closure = year_2026.closures[0]
    service.edit_closure_day(closure, day=D(2026, 11, 2), kind=ClosureKind.OTHER, note="Boiler broke", actor=admin)
    assert closure.kind is ClosureKind.OTHER
    service.delete_closure_day(closure, actor=admin)
    db.session.commit()
    assert db.session.scalars(select(SchoolClosureDay)).all() == []


def test_an_academic_year_is_added_once(admin):
    service.add_academic_year(2026, actor=admin)
    with pytest.raises(CalendarError, match="already been added"):
        service.add_academic_year(2026, actor=admin)
    with pytest.raises(CalendarError, match="between"):
        service.add_academic_year(1999, actor=admin)


# --- the pages -----------------------------------------------------------------------------


def test_an_administrator_adds_a_year_a_term_and_an_inset_day_and_edits_them(signed_in, admin):
    client = signed_in(admin)
    page = client.get("/staff/admin/calendar")
    assert page.status_code == 200 and "No academic years have been added yet" in page.text
    assert 'href="/staff/admin/calendar"' in page.text  # the admin menu

    response = client.post("/staff/admin/calendar/years/new", data={"start_year": "2026"}, follow_redirects=True)
    assert "Academic year 2026 to 2027 added" in response.text
    year = db.session.scalars(select(AcademicYear)).one()
    assert year.label == "2026 to 2027"

    response = client.post(f"/staff/admin/calendar/{year.id}/terms/new", follow_redirects=True, data={
        "name": "Autumn 1", **_date("first_day", D(2026, 9, 1)), **_date("last_day", D(2026, 10, 23))})
    assert "Autumn 1 saved for 2026 to 2027" in response.text
    assert "1 September 2026" in response.text and "23 October 2026" in response.text
    term = db.session.scalars(select(TermDates)).one()

    response = client.post(f"/staff/admin/calendar/{year.id}/closures/new", follow_redirects=True, data={
        **_date("day", D(2026, 9, 1)), "kind": "inset", "note": "Staff training"})
    assert "INSET day on 1 September 2026 saved" in response.text
    # 39 weekdays from 1 September to 23 October, less the INSET day.
    assert re.search(r'<td [^>]*class="govuk-table__cell govuk-table__cell--numeric">38</td>', response.text)

    edit = client.get(f"/staff/admin/calendar/{year.id}/terms/{term.id}")
    assert 'value="Autumn 1"' in edit.text and 'value="23"' in edit.text
    response = client.post(f"/staff/admin/calendar/{year.id}/terms/{term.id}", follow_redirects=True, data={
        "name": "Autumn term, first half", **_date("first_day", D(2026, 9, 1)), **_date("last_day", D(2026, 10, 16))})
    assert "Autumn term, first half saved" in response.text
    db.session.expire_all()
    assert (term.name, term.last_day) == ("Autumn term, first half", D(2026, 10, 16))

    closure = db.session.scalars(select(SchoolClosureDay)).one()
    response = client.post(f"/staff/admin/calendar/{year.id}/closures/{closure.id}", follow_redirects=True, data={
        **_date("day", D(2026, 9, 2)), "kind": "other", "note": "Polling day"})
    assert "Other closure on 2 September 2026 saved" in response.text

    confirm = client.get(f"/staff/admin/calendar/{year.id}/closures/{closure.id}/remove")
    assert confirm.status_code == 200 and "Polling day" in confirm.text
    response = client.post(f"/staff/admin/calendar/{year.id}/closures/{closure.id}/remove", follow_redirects=True)
    assert "was removed" in response.text
    assert client.get(f"/staff/admin/calendar/{year.id}/terms/{term.id}/remove").status_code == 200
    client.post(f"/staff/admin/calendar/{year.id}/terms/{term.id}/remove")
    db.session.expire_all()
    assert db.session.scalars(select(TermDates)).all() == []
    assert db.session.scalars(select(SchoolClosureDay)).all() == []


def test_bad_dates_get_the_error_summary_with_answers_kept(signed_in, admin, year_2026):
    client = signed_in(admin)
    url = f"/staff/admin/calendar/{year_2026.id}/terms/new"
    response = client.post(url, data={"name": "Spring 1", "first_day": ["31", "2", "2027"],
                                      **_date("last_day", D(2027, 2, 12))})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "First day must be a real date" in response.text
    assert 'value="Spring 1"' in response.text and 'value="31"' in response.text

    response = client.post(url, data={"name": "Spring 1", **_date("first_day", D(2027, 2, 12)),
                                      **_date("last_day", D(2027, 1, 4))})
    assert response.status_code == 200 and "The last day must be after the first day" in response.text
    assert 'value="12"' in response.text and 'value="4"' in response.text

    response = client.post(url, data={"name": "Late summer", **_date("first_day", D(2027, 8, 30)),
                                      **_date("last_day", D(2027, 9, 3))})
    assert response.status_code == 200 and "on or before 31 August 2027" in response.text

    response = client.post(url, data={"name": "Extra", **_date("first_day", D(2026, 10, 19)),
                                      **_date("last_day", D(2026, 10, 30))})
    assert response.status_code == 200 and "These dates overlap Autumn 1" in response.text

    response = client.post(url, data={})  # a crafted POST with nothing in it: errors, never a 500
    assert response.status_code == 200 and "Enter the first day of the term" in response.text

    response = client.post(f"/staff/admin/calendar/{year_2026.id}/closures/new",
                           data={**_date("day", D(2026, 11, 2)), "kind": "inset"})
    assert response.status_code == 200 and "already recorded as a closure day" in response.text
    response = client.post(f"/staff/admin/calendar/{year_2026.id}/closures/new", data={"kind": "nonsense"})
    assert response.status_code == 200 and "Enter the date schools are closed" in response.text

    response = client.post("/staff/admin/calendar/years/new", data={"start_year": "2026"})
    assert response.status_code == 200 and "already been added" in response.text
    response = client.post("/staff/admin/calendar/years/new", data={"start_year": "26"})
    assert response.status_code == 200 and "4 digits" in response.text and 'value="26"' in response.text
    db.session.expire_all()
    assert len(db.session.scalars(select(TermDates)).all()) == 2
    assert len(db.session.scalars(select(AcademicYear)).all()) == 1


def test_terms_of_another_year_are_not_found(signed_in, admin, year_2026):
    other = service.add_academic_year(2027, actor=admin)
    db.session.commit()
    term = year_2026.terms[0]
    client = signed_in(admin)
    assert client.get(f"/staff/admin/calendar/{other.id}/terms/{term.id}").status_code == 404
    closure = year_2026.closures[0]
    assert client.get(f"/staff/admin/calendar/{other.id}/closures/{closure.id}/remove").status_code == 404


@pytest.mark.parametrize("role", [Role.EHC_OFFICER, Role.PARENT])
def test_others_are_refused(make, signed_in, year_2026, role):
    client = signed_in(make.user(role))
    term = year_2026.terms[0]
    for url in ("/staff/admin/calendar", "/staff/admin/calendar/years/new",
                f"/staff/admin/calendar/{year_2026.id}/terms/{term.id}"):
        assert client.get(url).status_code in (302, 403), url
    response = client.post("/staff/admin/calendar/years/new", data={"start_year": "2030"})
    assert response.status_code in (302, 403)
    response = client.post(f"/staff/admin/calendar/{year_2026.id}/terms/{term.id}/remove")
    assert response.status_code in (302, 403)
    db.session.expire_all()
    assert len(db.session.scalars(select(TermDates)).all()) == 2
    assert db.session.scalars(select(AcademicYear.start_year)).all() == [2026]

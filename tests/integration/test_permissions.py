"""Objects are loaded through a permission check: parent own children, school own pupils,
adviser consented cases only, staff their team's case kinds. Staff views are logged."""

from sqlalchemy import select

from shared.db import db, utcnow
from shared.models import AccessLog, AdviserConsent, CaseKind, Role


def test_parent_sees_only_own_childrens_cases(make, signed_in):
    mine, theirs = make.user(Role.PARENT), make.user(Role.PARENT)
    my_case = make.case(make.child(mine))
    their_case = make.case(make.child(theirs))
    client = signed_in(mine)
    assert client.get(f"/cases/{my_case.id}").status_code == 200
    assert client.get(f"/cases/{their_case.id}").status_code == 404
    assert their_case.reference not in client.get("/cases").text


def test_school_sees_only_its_own_pupils(make, signed_in):
    school, other_school = make.school(), make.school()
    pupil_case = make.case(make.child(school=school))
    other_case = make.case(make.child(school=other_school))
    client = signed_in(make.user(Role.SCHOOL_STAFF, school=school))
    assert client.get(f"/cases/{pupil_case.id}").status_code == 200
    assert client.get(f"/cases/{other_case.id}").status_code == 404


def test_adviser_sees_a_case_only_while_consent_stands(make, signed_in):
    parent, adviser = make.user(Role.PARENT), make.user(Role.SENDIASS_ADVISER)
    case = make.case(make.child(parent))
    client = signed_in(adviser)
    assert client.get(f"/cases/{case.id}").status_code == 404
    consent = AdviserConsent(case_id=case.id, adviser_id=adviser.id, granted_by_id=parent.id)
    db.session.add(consent)
    db.session.commit()
    assert client.get(f"/cases/{case.id}").status_code == 200
    consent.withdrawn_at = utcnow()
    db.session.commit()
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_staff_see_their_teams_case_kinds_and_views_are_logged(make, signed_in):
    child = make.child()
    ehc = make.case(child, CaseKind.EHC_ASSESSMENT)
    s19 = make.case(child, CaseKind.SECTION_19)
    officer = make.user(Role.EHC_OFFICER)
    client = signed_in(officer)
    assert client.get(f"/staff/cases/{ehc.id}").status_code == 200
    assert client.get(f"/staff/cases/{s19.id}").status_code == 404
    logged = db.session.scalars(select(AccessLog).where(AccessLog.user_id == officer.id)).all()
    assert [(entry.case_id, entry.child_id) for entry in logged] == [(ehc.id, child.id)]


def test_the_chronology_refuses_updates(make):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    make.case(make.child())
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("UPDATE events SET summary = 'changed'"))
    db.session.rollback()


def test_case_pages_show_key_dates_and_next_step(make, signed_in):
    from datetime import timedelta

    from shared.domain.dates import today_in_england

    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent), CaseKind.EHC_ASSESSMENT, received_on=today_in_england() - timedelta(days=45))
    page = signed_in(parent).get(f"/cases/{case.id}").text
    assert "What happens next" in page and "We are deciding whether to carry out" in page
    assert "Decision on whether to assess" in page and "Overdue by 3 days" in page

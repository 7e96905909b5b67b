"""The appeal deadline the family and officers see on case pages follows Tribunal Rules r.12(3):
a letter dated 29 October 2026 gives until Monday 4 January 2027, not 29 December 2026."""

from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.models import CaseKind, Notice, Role
from shared.services.decisions import decide_whether_to_assess


def _refused_on(make, day):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam@example.com")
    child = make.child(parent, first_name="Lily", last_name="Parent")
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    officer = make.user(Role.EHC_OFFICER)
    decide_whether_to_assess(case, agree=False, reasons=["Needs are met at SEN support"], actor=officer,
                             expected_version=case.version, today=day)
    db.session.commit()
    return parent, officer, case


def test_the_family_and_the_officer_see_the_date_to_rely_on_and_the_statutory_period(make, signed_in):
    parent, officer, case = _refused_on(make, date(2026, 10, 29))
    notice = db.session.scalars(select(Notice).where(Notice.case_id == case.id)).one()
    assert notice.appeal_deadline == date(2027, 1, 4)

    family_page = " ".join(signed_in(parent).get(f"/cases/{case.id}").text.split())
    assert "the Tribunal must receive your appeal by Monday 4 January 2027" in family_page
    assert "2 months from the date of the letter (29 October 2026) ends on Tuesday 29 December 2026" in family_page
    assert "falls between 25 December and 1 January" in family_page
    assert "Appeal by 4 January 2027 (the appeal period ends on 29 December 2026" in family_page


def test_an_appeal_period_ending_on_a_working_day_is_shown_once(make, signed_in):
    parent, officer, case = _refused_on(make, date(2026, 11, 25))
    page = " ".join(signed_in(officer).get(f"/staff/cases/{case.id}").text.split())
    assert "Appeal by 25 January 2027" in page
    assert "the appeal period ends on" not in page
    assert "If the family appeal, the Tribunal must receive the appeal by Monday 25 January 2027" in page

"""Staff-only chronology events (a safeguarding concern) are on the officer's case page and the
staff chronology PDF, and on no portal page or portal PDF: a parent must not read that the
council worries about the child's safety at home."""

from __future__ import annotations

from datetime import date

import pytest

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Role
from shared.reports.chronology_pdf import chronology_pdf
from shared.services import ehe
from shared.services.chronology import record_event
from tests.conftest import sign_in
from tests.unit.test_notice_pdf import pdf_text as _pdf_text

CONCERN = "Neighbour reports the child is left alone for days"


def pdf_text(pdf: bytes) -> str:
    """The PDF's words on one line (table cells wrap)."""
    return " ".join(_pdf_text(pdf).split())


@pytest.fixture
def home_educated(make):
    """A parent's notification (so the parent is linked), and an officer."""
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Pat Green")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    answers = ehe.NotificationAnswers(first_name="Mia", last_name="Green", date_of_birth=date(2014, 5, 6),
                                      address="2 Mill Lane", parent_names="Pat Green", parent_email=parent.email)
    case = ehe.notify_home_education(parent, answers, "staff-only-1", today=today_in_england())
    db.session.commit()
    return case, parent, officer


def test_a_safeguarding_concern_is_for_staff_eyes_only(app, client, make, home_educated):
    case, parent, officer = home_educated
    ehe.record_safeguarding_concern(case, concern=CONCERN, actor=officer, expected_version=case.version,
                                    today=today_in_england())
    db.session.commit()

    sign_in(client, parent)
    family_page = client.get(f"/cases/{case.id}")
    assert family_page.status_code == 200
    assert "received from Pat Green" in family_page.text  # the chronology is there...
    assert CONCERN not in family_page.text and "Safeguarding concern" not in family_page.text  # ...without it
    family_pdf = client.get(f"/cases/{case.id}/chronology.pdf")
    assert family_pdf.status_code == 200
    assert CONCERN not in pdf_text(family_pdf.data)

    staff = app.test_client()
    sign_in(staff, officer)
    staff_page = staff.get(f"/staff/cases/{case.id}")
    assert staff_page.status_code == 200 and CONCERN in staff_page.text
    staff_pdf = staff.get(f"/staff/cases/{case.id}/chronology.pdf")
    assert staff_pdf.status_code == 200
    assert CONCERN in pdf_text(staff_pdf.data)


def test_the_staff_copy_is_chosen_by_the_caller_not_by_default(app, db_ready, make):
    child = make.child(make.user(Role.PARENT))
    case = make.case(child, CaseKind.SECTION_19)
    record_event(case, "note", "Shown to everyone", actor=None)
    record_event(case, "note", "Shown to staff only", actor=None, staff_only=True)
    db.session.commit()
    with app.test_request_context():
        family = pdf_text(chronology_pdf(case, council_name="Northbridge", produced_for="A parent", staff=False))
        staff = pdf_text(chronology_pdf(case, council_name="Northbridge", produced_for="An officer", staff=True))
    assert "Shown to everyone" in family and "Shown to staff only" not in family
    assert "Shown to everyone" in staff and "Shown to staff only" in staff


def test_the_schools_safeguarding_notes_on_a_joined_return_stay_with_staff(app, client, make, home_educated):
    case, parent, officer = home_educated
    school = make.school(name="Hilltop Academy")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    case.child.school_id = school.id
    db.session.commit()
    ret = ehe.NotificationAnswers(first_name="Mia", last_name="Green", date_of_birth=date(2014, 5, 6),
                                  address="2 Mill Lane", parent_names="Pat Green", deleted_on=today_in_england(),
                                  safeguarding_known=True, safeguarding_notes=CONCERN)
    assert ehe.record_deletion_return(teacher, ret, "staff-only-2", today=today_in_england()).id == case.id
    db.session.commit()

    sign_in(client, parent)
    family_page = client.get(f"/cases/{case.id}").text
    assert "deletion return" in family_page  # the join is on the family's chronology...
    assert CONCERN not in family_page and "afeguarding" not in family_page  # ...the concern is not
    staff = app.test_client()
    sign_in(staff, officer)
    assert CONCERN in staff.get(f"/staff/cases/{case.id}").text

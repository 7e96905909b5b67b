"""Children missing education: a school's report (idempotent, joined onto an open case), an
officer's report from another source, the register and its weekly review list, the case actions,
the confirmation email, and who may see what."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, CmeRecord, CmeReport, CmeReview, Event, OutboxMessage, Role
from shared.services import cme
from shared.services.errors import Conflict, ServiceError

D = date


@pytest.fixture
def school(make):
    return make.school(name="Hilltop Academy", email="office@hilltop.example.uk")


@pytest.fixture
def teacher(make, school):
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")


def _date(name: str, d: date) -> dict:
    return {name: [str(d.day), str(d.month), str(d.year)]}


def report_form(**overrides) -> dict:
    data = {"kind": "deletion", "first_name": "Leo", "last_name": "Hart", **_date("date_of_birth", D(2013, 2, 3)),
            "upn": "", "address": "5 Oak Road", "parent_names": "Jo Hart", "parent_email": "jo@example.com",
            "parent_phone": "", "deletion_ground": "moved_away", **_date("deleted_on", today_in_england()),
            "days_absent": "", "has_ehc_plan": "no", "has_sen": "yes", "has_social_worker": "no",
            "safeguarding_known": "no", "safeguarding_notes": "", "notes": "Family moved, no forwarding address"}
    data.update(overrides)
    return data


def answers(**overrides) -> cme.ReportAnswers:
    values = dict(kind="deletion", first_name="Leo", last_name="Hart", date_of_birth=D(2013, 2, 3),
                  address="5 Oak Road", parent_names="Jo Hart", deletion_ground="moved_away",
                  deleted_on=today_in_england(), has_sen=True)
    values.update(overrides)
    return cme.ReportAnswers(**values)


def report(teacher, key="k1", **overrides) -> Case:
    case = cme.report_from_school(teacher, answers(**overrides), key, today=today_in_england())
    db.session.commit()
    return case


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- the school's report ------------------------------------------------------------------------


def test_a_report_posted_twice_makes_one_case_and_one_email(client, signed_in, teacher):
    signed_in(teacher)
    assert client.get("/children-missing-education").status_code == 200
    form = client.get("/children-missing-education/report")
    assert form.status_code == 200 and "No longer lives within a reasonable distance" in form.text
    response = client.post("/children-missing-education/report", data=report_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/children-missing-education/"
                                                                                 "report/check")
    check = client.get("/children-missing-education/report/check")
    assert "Leo Hart" in check.text and "Ground for deletion" in check.text
    first = client.post("/children-missing-education/report/check", data={"submission_key": "twice"})
    second = client.post("/children-missing-education/report/check", data={"submission_key": "twice"})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Case) == 1 and count(CmeReport) == 1 and count(CmeRecord) == 1
    case = db.session.scalars(select(Case)).one()
    assert case.kind == CaseKind.CME and case.status == "reported" and case.reference.startswith("CME-")
    sent = client.get(first.headers["Location"])
    assert case.reference in sent.text and teacher.email in sent.text
    assert [m.job for m in db.session.scalars(select(OutboxMessage))].count("send_cme_report_email") == 1
    listed = client.get("/children-missing-education")
    assert "Leo Hart" in listed.text and case.reference in listed.text
    r = db.session.scalars(select(CmeReport)).one()
    assert r.reporting_school_id == teacher.school_id and r.deletion_ground == "moved_away" and r.has_sen


def test_the_form_keeps_answers_and_shows_errors(client, signed_in, teacher):
    signed_in(teacher)
    response = client.post("/children-missing-education/report",
                           data=report_form(kind="illness", days_absent="12", address="", first_name="Mia"))
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    assert "Tell us once the pupil has missed 15 school days or more through illness" in response.text
    assert "Enter the last known home address" in response.text
    assert 'value="Mia"' in response.text and 'value="12"' in response.text
    nothing = client.post("/children-missing-education/report", data={"first_name": "Kit"})
    assert nothing.status_code == 200 and "Select what you are telling us about" in nothing.text
    assert "Enter the child&#39;s date of birth" in nothing.text or "Enter the child's date of birth" in nothing.text
    deletion = client.post("/children-missing-education/report", data=report_form(deletion_ground="",
                                                                                   deleted_on=["", "", ""]))
    assert "Select the ground for deleting the pupil" in deletion.text and "Enter the date of deletion" in deletion.text
    assert count(Case) == 0


def test_an_illness_notification_needs_15_school_days(teacher):
    with pytest.raises(ServiceError, match="15 school days"):
        report(teacher, kind="illness", days_absent=14, deletion_ground="", deleted_on=None)
    case = report(teacher, kind="illness", days_absent=15, deletion_ground="", deleted_on=None,
                  expected_return_on=today_in_england() + timedelta(days=20))
    r = db.session.scalars(select(CmeReport)).one()
    assert r.source.value == "school_illness" and r.days_absent == 15 and r.deleted_on is None
    assert case.status == "reported"


def test_a_second_report_joins_the_open_case(teacher, officer):
    first = report(teacher, key="a")
    second = report(teacher, key="b", kind="illness", days_absent=20, deletion_ground="", deleted_on=None,
                    has_social_worker=True, safeguarding_known=True, safeguarding_notes="Not seen since October")
    assert second.id == first.id and count(Case) == 1 and count(CmeReport) == 2
    record = db.session.scalars(select(CmeRecord)).one()
    assert record.safeguarding_flag and "Not seen since October" in record.safeguarding_notes
    kinds = [e.kind for e in db.session.scalars(select(Event).where(Event.case_id == first.id))]
    assert "cme_report_joined" in kinds
    cme.close_case(first, outcome="left_england", closed_on=today_in_england(), actor=officer,
                   expected_version=first.version, today=today_in_england())
    db.session.commit()
    third = report(teacher, key="c")
    assert third.id != first.id and count(Case) == 2  # a closed case is not joined


def test_a_pupil_of_another_school_is_not_matched(make, teacher):
    other = make.school()
    make.child(first_name="Leo", last_name="Hart", date_of_birth=D(2013, 2, 3), upn="A123456789012",
               school_id=other.id)
    with pytest.raises(ServiceError, match="could not match"):
        report(teacher, upn="A123456789012")


def test_a_refused_match_is_shown_on_the_check_page(client, signed_in, make, teacher):
    make.child(first_name="Leo", last_name="Hart", date_of_birth=D(2013, 2, 3), upn="A123456789012",
               school_id=make.school().id)
    signed_in(teacher)
    assert client.post("/children-missing-education/report",
                       data=report_form(upn="A123456789012")).status_code == 302
    page = client.post("/children-missing-education/report/check", data={"submission_key": "refused"})
    assert page.status_code == 200 and "govuk-error-summary" in page.text and "could not match" in page.text
    assert count(Case) == 0 and count(CmeReport) == 0


def test_the_confirmation_email_goes_to_the_school(app, teacher, settings):
    from tests.jobs_helpers import run_jobs

    case = report(teacher)
    run_jobs(app)
    sent = [p.read_text() for p in Path(settings.mail_sink_dir).glob("*.eml")]
    assert any(teacher.email in text and case.reference in text and "children missing education" in text
               for text in sent)


# --- who sees what ------------------------------------------------------------------------------


def test_a_school_sees_only_its_own_reports(client, signed_in, make, teacher):
    case = report(teacher)
    signed_in(teacher)
    assert client.get(f"/children-missing-education/{case.id}/sent").status_code == 200
    assert client.get(f"/cases/{case.id}").status_code == 404  # never the case page and its chronology
    assert case.reference not in client.get("/cases").text
    client.post("/sign-out")
    other = make.user(Role.SCHOOL_STAFF, school_id=make.school().id)
    signed_in(other)
    assert client.get(f"/children-missing-education/{case.id}/sent").status_code == 404
    assert case.reference not in client.get("/children-missing-education").text
    client.post("/sign-out")
    parent = make.user(Role.PARENT)
    signed_in(parent)
    assert client.get(f"/children-missing-education/{case.id}/sent").status_code == 404
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get("/children-missing-education/report").status_code == 403


def test_an_ehc_officer_does_not_see_cme_cases(client, signed_in, make, teacher):
    case = report(teacher)
    signed_in(make.user(Role.EHC_OFFICER))
    assert client.get(f"/staff/children-missing-education/cases/{case.id}").status_code == 404
    assert client.get(f"/staff/children-missing-education/cases/{case.id}/review").status_code == 404
    assert client.get(f"/staff/cases/{case.id}").status_code == 404
    assert case.reference not in client.get("/staff/children-missing-education").text


def test_a_manager_sees_the_register(client, signed_in, make, teacher):
    case = report(teacher)
    signed_in(make.user(Role.MANAGER))
    page = client.get("/staff/children-missing-education")
    assert page.status_code == 200 and case.reference in page.text
    assert "/staff/children-missing-education" in client.get("/staff/").text  # the menu item


# --- the register and the casework --------------------------------------------------------------


def test_the_weekly_review_list_puts_safeguarding_first_then_longest_since_review(client, signed_in, teacher,
                                                                                  officer):
    today = today_in_england()
    deleted = today - timedelta(days=40)
    old = cme.report_from_school(teacher, answers(first_name="Amy", deleted_on=deleted), "a",
                                 today=today - timedelta(days=20))
    newer = cme.report_from_school(teacher, answers(first_name="Ben", deleted_on=deleted), "b",
                                   today=today - timedelta(days=9))
    flagged = cme.report_from_school(teacher, answers(first_name="Cal", safeguarding_known=True,
                                                      safeguarding_notes="Bruising seen"), "c", today=today)
    reviewed = cme.report_from_school(teacher, answers(first_name="Dot", deleted_on=deleted), "d",
                                      today=today - timedelta(days=30))
    cme.record_review(reviewed, reviewed_on=today - timedelta(days=2), agencies=["police"], barriers="",
                      actions="Police welfare check", next_review_on=None, actor=officer, expected_version=None,
                      today=today)
    db.session.commit()
    signed_in(officer)
    page = client.get("/staff/children-missing-education?view=review")
    assert page.status_code == 200 and "Weekly review list" in page.text
    text = page.text
    assert text.index("Cal Hart") < text.index("Amy Hart") < text.index("Ben Hart")
    assert "Dot Hart" not in text  # reviewed 2 days ago: not due
    assert "Review due" in text and "Safeguarding" in text and "govuk-tag--red" in text
    register = client.get("/staff/children-missing-education").text
    assert "Dot Hart" in register and old.reference in register and newer.reference in register
    assert flagged.reference in register
    assert "Dot Hart" not in client.get("/staff/children-missing-education?source=other").text
    assert "Dot Hart" not in client.get("/staff/children-missing-education?status=enquiries").text
    assert client.get("/staff/children-missing-education?status=nonsense&source=bad").status_code == 200


def test_reviews_enquiries_and_closing_through_the_pages(client, signed_in, teacher, officer):
    case = report(teacher)
    today = today_in_england()
    signed_in(officer)
    detail = client.get(f"/staff/children-missing-education/cases/{case.id}")
    assert detail.status_code == 200 and "No longer lives within a reasonable distance" in detail.text
    assert "Review due" in detail.text
    assert client.post(f"/staff/children-missing-education/cases/{case.id}/enquiries",
                       data={"version": case.version}).status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "enquiries"
    bad = client.post(f"/staff/children-missing-education/cases/{case.id}/review", data={
        "version": case.version, **_date("reviewed_on", today + timedelta(days=3)), "agencies": ["police"],
        "barriers": "kept barrier", "actions": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.text
    assert "Enter the actions agreed" in bad.text and "kept barrier" in bad.text
    done = client.post(f"/staff/children-missing-education/cases/{case.id}/review", data={
        "version": case.version, **_date("reviewed_on", today), "agencies": ["police", "housing"],
        "barriers": "No school has a place", "actions": "Refer to the fair access panel"})
    assert done.status_code == 302
    review = db.session.scalars(select(CmeReview)).one()
    assert review.agencies == ["police", "housing"]
    detail = client.get(f"/staff/children-missing-education/cases/{case.id}")
    assert "Refer to the fair access panel" in detail.text and "Housing" in detail.text
    assert "Review due" not in detail.text
    assert case.reference not in client.get("/staff/children-missing-education?view=review").text
    concern = client.post(f"/staff/children-missing-education/cases/{case.id}/safeguarding",
                          data={"version": case.version, "concern": "Neighbour heard shouting"})
    assert concern.status_code == 302
    assert "Neighbour heard shouting" in client.get(f"/staff/children-missing-education/cases/{case.id}").text
    missing = client.post(f"/staff/children-missing-education/cases/{case.id}/close", data={
        "version": case.version, "outcome": "moved_council", **_date("closed_on", today), "council_name": ""})
    assert missing.status_code == 200 and "Enter the council the child has moved to" in missing.text
    assert "Enter the date that council was told" in missing.text
    closed = client.post(f"/staff/children-missing-education/cases/{case.id}/close", data={
        "version": case.version, "outcome": "moved_council", **_date("closed_on", today),
        "council_name": "Southshire Council", **_date("council_told_on", today)})
    assert closed.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    record = db.session.scalars(select(CmeRecord)).one()
    assert case.status == "closed" and case.closed_at is not None
    assert record.outcome.value == "moved_council" and record.outcome_council_name == "Southshire Council"
    assert record.council_told_on == today
    assert "Southshire Council" in client.get(f"/staff/children-missing-education/cases/{case.id}").text
    assert client.get(f"/staff/children-missing-education/cases/{case.id}/review").status_code == 404
    staff_case = client.get(f"/staff/cases/{case.id}")
    assert f"/staff/children-missing-education/cases/{case.id}" in staff_case.text


def test_a_stale_version_is_a_conflict(client, signed_in, teacher, officer):
    case = report(teacher)
    stale = case.version
    cme.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    with pytest.raises(Conflict):
        cme.close_case(case, outcome="left_england", closed_on=today_in_england(), actor=officer,
                       expected_version=stale, today=today_in_england())
    db.session.rollback()
    signed_in(officer)
    response = client.post(f"/staff/children-missing-education/cases/{case.id}/close", data={
        "version": stale, "outcome": "left_england", **_date("closed_on", today_in_england())})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "enquiries"


def test_an_officer_records_a_report_from_another_source(client, signed_in, teacher, officer):
    existing = report(teacher)
    signed_in(officer)
    form = client.get("/staff/children-missing-education/new")
    assert form.status_code == 200
    bad = client.post("/staff/children-missing-education/new", data={"first_name": "Leo", "other_source": "police"})
    assert bad.status_code == 200 and "Enter what they told us" in bad.text and 'value="Leo"' in bad.text
    data = {"submission_key": "officer-1", "other_source": "police", "source_details": "PC Lane: family seen in "
            "Northbridge", "first_name": "Leo", "last_name": "Hart", **_date("date_of_birth", D(2013, 2, 3)),
            "upn": "", "address": "9 New Street", "parent_names": "Jo Hart", "parent_email": "", "parent_phone": "",
            "school_name": "", "has_ehc_plan": "no", "has_sen": "no", "has_social_worker": "yes",
            "safeguarding_known": "no", "safeguarding_notes": ""}
    first = client.post("/staff/children-missing-education/new", data=data)
    again = client.post("/staff/children-missing-education/new", data=data)
    assert first.status_code == again.status_code == 302
    assert count(Case) == 1 and count(CmeReport) == 2  # joined onto the school's open case, once
    assert first.headers["Location"].endswith(f"/staff/children-missing-education/cases/{existing.id}")
    detail = client.get(f"/staff/children-missing-education/cases/{existing.id}")
    assert "PC Lane: family seen in Northbridge" in detail.text and "9 New Street" in detail.text
    new = client.post("/staff/children-missing-education/new", data={**data, "submission_key": "officer-2",
                                                                      "first_name": "Ivy"})
    assert new.status_code == 302 and count(Case) == 2


def test_only_staff_record_other_reports_and_only_schools_report(teacher, officer):
    with pytest.raises(ServiceError):
        cme.record_other_report(teacher, answers(kind="other", other_source="police"), "x",
                                today=today_in_england())
    with pytest.raises(ServiceError):
        cme.report_from_school(officer, answers(), "y", today=today_in_england())


def test_the_demo_fills_the_register(db_ready):
    from shared.demo import load_demo_data
    from shared.models import User
    from shared.queries.cme import cme_register

    assert load_demo_data() is True
    officer = db.session.scalars(select(User).where(User.role == Role.EHE_PRACTITIONER)).first()
    rows = cme_register(officer, today=today_in_england())
    assert [r.case.child.first_name for r in rows] == ["Rae", "Jay"]  # safeguarding first
    assert [r.case.child.first_name for r in cme_register(officer, review_only=True, today=today_in_england())] \
        == ["Rae", "Jay"]  # Rae never reviewed, Jay 8 days ago


def test_the_register_is_paged_with_the_filters_kept_and_the_review_list_is_not(
        client, signed_in, teacher, officer, monkeypatch):
    """The whole register is paged (safeguarding first, so a concern is always on page 1); the
    weekly review list is a working list and shows every child due a review."""
    import backoffice.routes.cme as routes

    monkeypatch.setattr(routes, "REGISTER_PAGE_SIZE", 2)
    for n, name in enumerate(["Ada", "Ben", "Cai"]):
        report(teacher, key=f"page{n}", first_name=name, last_name="Pager", date_of_birth=D(2013, 2, 3 + n))
    signed_in(officer)
    first = client.get("/staff/children-missing-education")
    assert first.status_code == 200 and "3 children" in first.text and "Page 1 of 2" in first.text
    assert first.text.count('class="govuk-table__row"') == 3  # the header and two children
    assert 'href="/staff/children-missing-education?page=2"' in first.text
    second = client.get("/staff/children-missing-education?page=2")
    assert "Page 2 of 2" in second.text and second.text.count('class="govuk-table__row"') == 2
    shown = [name for name in ("Ada", "Ben", "Cai") if f"{name} Pager" in first.text + second.text]
    assert shown == ["Ada", "Ben", "Cai"]
    past = client.get("/staff/children-missing-education?page=99")  # past the end: the last page
    assert "Page 2 of 2" in past.text
    filtered = client.get("/staff/children-missing-education?source=school_deletion")
    assert 'href="/staff/children-missing-education?source=school_deletion&amp;page=2"' in filtered.text
    review = client.get("/staff/children-missing-education?view=review")
    assert review.text.count('class="govuk-table__row"') == 4 and "Page 1 of" not in review.text


@pytest.mark.parametrize("role", [Role.EHC_OFFICER, Role.S19_LEAD])
def test_other_teams_do_not_record_reports_from_other_sources(client, signed_in, make, role):
    """Only the team that works the register (and managers) records reports: another team's
    officer would open a case they could not then see."""
    other = make.user(role)
    with pytest.raises(ServiceError, match="home education team"):
        cme.record_other_report(other, answers(kind="other", other_source="police", source_details="PC Lane"), "z",
                                today=today_in_england())
    db.session.rollback()
    signed_in(other)
    assert client.get("/staff/children-missing-education/new").status_code == 403
    assert count(Case) == 0


def test_an_officers_report_with_a_bad_upn_is_refused_with_the_answers_kept(client, signed_in, officer):
    signed_in(officer)
    bad = client.post("/staff/children-missing-education/new", data={
        "submission_key": "u1", "other_source": "police", "source_details": "PC Lane", "first_name": "Leo",
        "last_name": "Hart", **_date("date_of_birth", D(2013, 2, 3)), "upn": "X1", "address": "9 New Street",
        "parent_names": "Jo Hart", "has_ehc_plan": "no", "has_sen": "no", "has_social_worker": "no",
        "safeguarding_known": "no"})
    assert bad.status_code == 200 and "Enter a UPN as a letter then 12 numbers" in bad.text
    assert "govuk-error-summary" in bad.text and 'value="X1"' in bad.text and count(Case) == 0


def test_a_review_from_a_stale_form_is_a_conflict(teacher, officer):
    case = report(teacher)
    stale = case.version
    cme.record_review(case, reviewed_on=today_in_england(), agencies=[], barriers="", actions="Called the family",
                      next_review_on=None, actor=officer, expected_version=stale, today=today_in_england())
    db.session.commit()
    assert case.version > stale
    with pytest.raises(Conflict):
        cme.record_review(case, reviewed_on=today_in_england(), agencies=[], barriers="", actions="Called again",
                          next_review_on=None, actor=officer, expected_version=stale, today=today_in_england())


def test_a_page_of_the_register_is_the_register_in_the_same_order(teacher, officer):
    from shared.queries.cme import cme_register, cme_register_page

    for n, name in enumerate(["Ada", "Ben", "Cai", "Dee", "Eve"]):
        report(teacher, key=f"order{n}", first_name=name, last_name="Pager", date_of_birth=D(2013, 2, 3 + n),
               safeguarding_known=name == "Dee", safeguarding_notes="Seen hurt" if name == "Dee" else "")
    whole = [r.case.id for r in cme_register(officer, today=today_in_england())]
    pages = [cme_register_page(officer, today=today_in_england(), page=n, per_page=2) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [5, 5, 5] and [p.pages for p in pages] == [3, 3, 3]
    assert [r.case.id for p in pages for r in p.rows] == whole
    assert pages[0].rows[0].case.child.first_name == "Dee"  # safeguarding first
    assert cme_register_page(officer, today=today_in_england(), page=99, per_page=2).page == 3

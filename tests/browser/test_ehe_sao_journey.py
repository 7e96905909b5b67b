"""Revoking a school attendance order (EA 1996 s.442): a school's deletion return arrives while the
order is in force and the case page warns that it must be revoked first; the EHE practitioner
records the parents' application to revoke it and then revokes the order (each mistake shown in
the error summary with the answers kept). The case goes back to "Education judged suitable" and
the register says when the order was revoked. JavaScript on and off, axe on every page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Notice, Role
from shared.services import ehe
from tests.browser.conftest import check_axe, fill_date, staff_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_officer_revokes_a_school_attendance_order(browser, live_server, make, javascript):
    make.contacts()
    today = today_in_england()
    school = make.school(name="Hilltop Academy", email="office@hilltop.example.uk")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    answers = ehe.NotificationAnswers(first_name="Leo", last_name="Hart",
                                      date_of_birth=today.replace(year=today.year - 10, day=1),
                                      address="5 Oak Road", parent_names="Jo Hart", parent_email="jo@example.com",
                                      deleted_on=today)
    case = ehe.record_deletion_return(teacher, answers, f"sao-{javascript}", today=today)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    ehe.serve_s437_notice(case, served_on=today - timedelta(days=40), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=today)
    db.session.commit()
    ehe.issue_school_attendance_order(case, school_name="Riverside Primary", issued_on=today - timedelta(days=10),
                                      actor=officer, expected_version=case.version, today=today)
    db.session.commit()
    ehe.record_deletion_return(teacher, answers, f"sao-again-{javascript}", today=today)  # joins: order in force
    db.session.commit()

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/home-education/cases/{case.id}")
    expect(page.locator("h1")).to_have_text("Home education: Leo Hart")
    expect(page.locator("#school-attendance-order-warning")).to_contain_text(
        "A school attendance order is in force: it must be revoked before Leo")
    expect(page.locator("main")).to_contain_text("does not end the order")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Record an application to revoke the order')")
    expect(page.locator("h1")).to_have_text("Record an application to revoke the order")
    check_axe(page, javascript=javascript)
    page.fill("#arrangements", "A tutor teaches Leo every morning")
    page.click("button:has-text('Record the application')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the application arrived")
    expect(page.locator("#arrangements")).to_have_value("A tutor teaches Leo every morning")
    check_axe(page, javascript=javascript)
    fill_date(page, "received_on", today)
    page.click("button:has-text('Record the application')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Application to revoke the order recorded")
    expect(page.locator("main")).to_contain_text("Waiting for a decision")
    check_axe(page, javascript=javascript)

    page.click("a:has-text('Revoke the order')")
    expect(page.locator("h1")).to_have_text("Revoke the order")
    check_axe(page, javascript=javascript)
    page.click("button:has-text('Revoke the order and send the letter')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons for revoking the order")
    check_axe(page, javascript=javascript)
    page.fill("#reasons", "The tutoring arranged is suitable")
    page.click("button:has-text('Revoke the order and send the letter')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("School attendance order revoked")
    expect(page.locator("main")).to_contain_text("Education judged suitable")
    expect(page.locator("main")).to_contain_text(f"Revoked on {today.day} {today:%B %Y} on the parents' application")
    expect(page.locator("#school-attendance-order-warning")).to_have_count(0)
    check_axe(page, javascript=javascript)

    page.goto(f"{live_server}/staff/home-education")
    expect(page.locator("main")).to_contain_text(f"School attendance order revoked on {today.day} {today:%B %Y}")
    check_axe(page, javascript=javascript)
    page.context.close()

    from sqlalchemy import select

    db.session.expire_all()
    letters = db.session.scalars(select(Notice).where(Notice.case_id == case.id,
                                                      Notice.decision_type == "ehe_sao_revoked")).all()
    assert sorted(n.recipient_email for n in letters) == ["jo@example.com"]  # no school email for Riverside


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_officer_refuses_for_a_child_with_an_ehc_plan_and_cannot_amend_under_section_440(
        browser, live_server, make, javascript):
    from shared.services import ehe_sao

    make.contacts()
    today = today_in_england()
    school = make.school(name="Hilltop Academy", email="office@hilltop.example.uk")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")
    officer = make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")
    answers = ehe.NotificationAnswers(first_name="Ava", last_name="Stone",
                                      date_of_birth=today.replace(year=today.year - 9, day=1),
                                      address="7 Elm Road", parent_names="Kim Stone", parent_email="kim@example.com",
                                      deleted_on=today, has_ehc_plan=True)
    case = ehe.record_deletion_return(teacher, answers, f"plan-{javascript}", today=today)
    ehe.start_enquiries(case, actor=officer, expected_version=case.version)
    db.session.commit()
    ehe.serve_s437_notice(case, served_on=today - timedelta(days=40), days=15, reasons="No evidence", actor=officer,
                          expected_version=case.version, today=today)
    db.session.commit()
    ehe.issue_school_attendance_order(case, school_name="Oak Special School", issued_on=today - timedelta(days=10),
                                      actor=officer, expected_version=case.version, today=today)
    db.session.commit()
    ehe_sao.record_revocation_request(case, received_on=today, arrangements="Music and maths at home", actor=officer,
                                      expected_version=case.version, today=today)
    db.session.commit()

    page = browser.new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, live_server, officer, PASSWORD)
    page.goto(f"{live_server}/staff/home-education/cases/{case.id}")
    expect(page.locator("main")).to_contain_text("the school named in the school attendance order is the school "
                                                 "named in the plan")
    expect(page.locator("a:has-text('Amend the school named in the order')")).to_have_count(0)
    check_axe(page, javascript=javascript)
    page.goto(f"{live_server}/staff/home-education/cases/{case.id}/order-amend")
    expect(page.locator(".govuk-inset-text")).to_contain_text("section 441")
    check_axe(page, javascript=javascript)

    page.goto(f"{live_server}/staff/home-education/cases/{case.id}")
    page.click("a:has-text('Refuse to revoke the order')")
    check_axe(page, javascript=javascript)
    page.fill("#reasons", "No evidence of a curriculum")
    page.click("button:has-text('Refuse and send the letter')")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the EHC plan names a school or other institution")
    expect(page.locator("#reasons")).to_have_value("No evidence of a curriculum")
    check_axe(page, javascript=javascript)
    page.check("input[name='plan_names_school'][value='yes']")
    page.click("button:has-text('Refuse and send the letter')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Refusal recorded")
    expect(page.locator("main")).to_contain_text("Refused on")
    expect(page.locator("#school-attendance-order-warning")).to_contain_text("A school attendance order is in force")
    check_axe(page, javascript=javascript)
    page.context.close()

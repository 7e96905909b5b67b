"""Journey 4 end to end, in real browsers, JavaScript on and off, axe on every page: the officer
decides to issue a plan, writes it and sends the draft; the parent responds within the window and
names a school; the officer consults the school, which answers in the portal; the final plan is
issued with its appeal-rights notice to the family, the named school and the health commissioner;
every step is on the case's chronology and the parent sees what happens next."""

from __future__ import annotations

import email
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.db import db
from shared.models import Case, Role
from shared.services.cases import move_case
from tests.browser.conftest import check_axe, staff_sign_in
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs
from tests.plan_helpers import write_plan

pytestmark = pytest.mark.browser


def _portal_sign_in(page, base, email_address, javascript):
    page.goto(f"{base}/sign-in")
    page.fill("#email", email_address)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    check_axe(page, javascript=javascript)


def _new_page(browser, javascript):
    page = browser.new_context(java_script_enabled=javascript).new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return page, errors


def _mail(settings, since: set[Path]) -> list[email.message.Message]:
    new = sorted(set(Path(settings.mail_sink_dir).glob("*.eml")) - since)
    return [email.message_from_bytes(p.read_bytes()) for p in new]


def _one(messages, to: str, attachment_prefix: str):
    """The one message to `to` carrying a PDF whose name starts with `attachment_prefix`."""
    found = [m for m in messages if m["To"] == to and any(n.startswith(attachment_prefix) for n in _pdf_names(m))]
    assert len(found) == 1, (to, attachment_prefix, [(m["To"], _pdf_names(m)) for m in messages])
    return found[0]


def _pdf_names(message) -> list[str]:
    return [p.get_filename() for p in message.walk() if p.get_content_type() == "application/pdf"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_from_the_decision_to_issue_to_the_final_plan(app, browser, live_server, make, settings, javascript):
    suffix = "on" if javascript else "off"
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email=f"sam.{suffix}@example.com")
    school = make.school(name=f"Oakfield Primary {suffix}", urn="100100" if javascript else "100101",
                         email=f"office.{suffix}@oakfield.example.uk")
    teacher = make.user(Role.SCHOOL_STAFF, full_name="Ada Teacher", email=f"ada.{suffix}@oakfield.example.uk",
                        school_id=school.id)
    officer = make.user(Role.EHC_OFFICER, full_name="Olu Officer")
    case = make.case(make.child(parent, first_name="Lily", last_name="Parent"))
    case.assigned_officer = officer
    move_case(case, "agree_to_assess", actor=officer)
    db.session.commit()
    case_id = case.id
    mail_before = set(Path(settings.mail_sink_dir).glob("*.eml"))

    # The officer decides to issue a plan and writes it.
    staff, staff_errors = _new_page(browser, javascript)
    staff_sign_in(staff, live_server, officer, PASSWORD)
    staff.goto(f"{live_server}/staff/cases/{case_id}")
    check_axe(staff, javascript=javascript)
    staff.check("input[name=decision][value=issue]")
    staff.fill("#reasons", "The assessment shows Lily needs provision beyond SEN support.")
    staff.click("button:has-text('Record decision and send notice')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    staff.click("text=Write the EHC plan")
    expect(staff.locator("h1")).to_have_text("Write the EHC plan")
    check_axe(staff, javascript=javascript)
    staff.click("text=Section A: The views, interests and aspirations")
    staff.fill("#a", "Lily loves drawing and wants to be a vet.")
    staff.click("button:has-text('Save and return to the plan')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Section A saved (plan version 1)")
    check_axe(staff, javascript=javascript)
    db.session.expire_all()  # the browser's requests changed the case in another session
    case = db.session.get(Case, case_id)
    write_plan(case, officer)  # B to K through the same service the editor uses (its pages have their own test)
    db.session.commit()
    staff.reload()
    staff.click("button:has-text('Send the draft plan to the family')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("The draft plan is being sent")
    check_axe(staff, javascript=javascript)
    run_jobs(app)  # the workers send the draft with its notice

    # The parent reads the draft and responds, naming the school and asking for a meeting.
    family, family_errors = _new_page(browser, javascript)
    _portal_sign_in(family, live_server, parent.email, javascript)
    family.goto(f"{live_server}/cases/{case_id}")
    expect(family.locator(".govuk-notification-banner")).to_contain_text("Respond to the draft plan by")
    expect(family.locator("main")).to_contain_text("Draft plan sent")
    check_axe(family, javascript=javascript)
    family.click(".govuk-notification-banner a:has-text('Respond to the draft plan')")
    check_axe(family, javascript=javascript)
    family.fill("#comments", "Please add help at lunchtime.")
    family.check("#preference")
    family.fill("#q", school.urn)
    family.click("button:has-text('Search')")
    family.select_option("#school", school.urn)
    family.check("#meeting")
    family.click("button:has-text('Send your response')")
    expect(family.locator(".govuk-panel")).to_contain_text("Response sent")
    check_axe(family, javascript=javascript)

    # The officer sees the response and consults the school the family asked for.
    staff.goto(f"{live_server}/staff/cases/{case_id}/plan")
    expect(staff.locator("main")).to_contain_text("Please add help at lunchtime.")
    check_axe(staff, javascript=javascript)
    staff.select_option("#consult-school", label=f"{school.name} (URN {school.urn}): the family's preference")
    staff.click("button:has-text('Consult the school')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text(f"{school.name} has been consulted")
    check_axe(staff, javascript=javascript)
    run_jobs(app)  # the school is emailed a link to the consultation

    # The school answers in the portal.
    teacher_page, teacher_errors = _new_page(browser, javascript)
    _portal_sign_in(teacher_page, live_server, teacher.email, javascript)
    teacher_page.click(".govuk-service-navigation a:has-text('Consultations')")
    check_axe(teacher_page, javascript=javascript)
    teacher_page.click("a:has-text('Lily Parent')")
    expect(teacher_page.locator("main")).to_contain_text("The draft plan sent to you")
    check_axe(teacher_page, javascript=javascript)
    teacher_page.check("#answer")  # we can meet the child's needs
    teacher_page.click("button:has-text('Send your answer')")
    expect(teacher_page.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent")
    check_axe(teacher_page, javascript=javascript)

    # The officer names the school in section I and issues the final plan: the family has
    # responded, so the 15-day window need not run out first (reg 13(1)).
    staff.goto(f"{live_server}/staff/cases/{case_id}/plan/sections/i?q={school.urn}")
    check_axe(staff, javascript=javascript)
    staff.select_option("#school", label=f"{school.name} (URN {school.urn})")
    staff.fill("#setting_type", "Mainstream primary school")
    staff.click("button:has-text('Save and return to the plan')")
    expect(staff.locator("main")).to_contain_text("answered")
    staff.fill("#final-reasons", f"{school.name} can meet Lily's needs and is the family's preference.")
    staff.click("button:has-text('Issue the final plan')")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("final plan")
    check_axe(staff, javascript=javascript)
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.status == "plan_issued"

    # The letters go out with the plan attached.
    run_jobs(app)
    mail = _mail(settings, mail_before)
    draft = _one(mail, parent.email, "issue_draft_plan-")
    assert any(n.startswith(f"ehc-plan-{case.reference}-draft-") for n in _pdf_names(draft))
    family_letter = _one(mail, parent.email, "final_plan-")
    assert any(n.startswith(f"ehc-plan-{case.reference}-final-") for n in _pdf_names(family_letter))
    body = next(p for p in family_letter.walk() if p.get_content_type() == "text/plain").get_payload(
        decode=True).decode()
    for element in ("First-tier Tribunal", "SEND35", "mediation", "SENDIASS", "section I"):
        assert element in body, element
    _one(mail, school.email, "final_plan_copy-")
    _one(mail, "send.health@northbridge-icb.example.nhs.uk", "final_plan_copy-")
    consulted = [m for m in mail if m["To"] in (school.email, teacher.email) and "Consultation" in m["Subject"]]
    assert {m["To"] for m in consulted} == {school.email, teacher.email}

    # The parent sees the final plan, its letter with the appeal date, and what happens next.
    family.goto(f"{live_server}/cases/{case_id}")
    main = family.locator("main")
    expect(main).to_contain_text("Final plan issued")
    expect(main).to_contain_text("Appeal by")
    expect(main).to_contain_text("reviewed at least once a year")
    for step in ("Draft plan (version", "responded to the draft plan", "consulted", "answered the consultation",
                 "Final plan (version"):
        expect(main).to_contain_text(step)
    check_axe(family, javascript=javascript)
    assert staff_errors == family_errors == teacher_errors == [], (staff_errors, family_errors, teacher_errors)

"""Every family gets its letters (issue 10, section 2): a decision never waits for a portal
account; each recipient gets the notice by email, portal or post; postal letters wait in the
print queue, print as one PDF, are dated and posted; late ones are flagged."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db import db
from shared.domain.clocks import decision_not_to_issue_due, final_plan_due
from shared.domain.dates import appeal_deadline, today_in_england
from shared.domain.posting import posting_due
from shared.models import (
    CaseKind,
    Event,
    Notice,
    NoticeChannel,
    NoticeStatus,
    OutboxMessage,
    PrintBatch,
    Role,
)
from shared.notices.render import render_notice_html, render_notice_pdf
from shared.services.decisions import decide_whether_to_assess
from shared.services.family_contacts import ContactDetails, record_contact_from_request
from shared.web.filters import long_date
from tests.jobs_helpers import run_jobs
from tests.unit.test_notice_pdf import pdf_objects
from tests.unit.test_notice_pdf import pdf_text as _pdf_text

POSTAL = {"contact_name": "Ann Brown", "contact_address_line_1": "4 Mill Lane", "contact_town": "Northbridge",
          "contact_postcode": "nb2 3cd"}


def pdf_text(pdf: bytes) -> str:
    return " ".join(_pdf_text(pdf).split())


def page_count(pdf: bytes) -> int:
    objects = pdf_objects(pdf)
    return sum(1 for body in objects.values() if re.search(rb"/Type\s*/Page(?![s\w])", body))


def _parts(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _paper_request(client, first_name="Noah", **contact):
    today = today_in_england()
    response = client.post("/staff/requests/new", data={
        "submission_key": f"paper-{first_name}", "first_name": first_name, "last_name": "Brown",
        "date_of_birth": ["2", "9", "2014"], "received_on": _parts(today),
        "channel": "post", "requester": "Ann Brown, mother", **contact})
    assert response.status_code == 302, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def _decide(client, case_id, decision="agree"):
    return client.post(f"/staff/cases/{case_id}/assessment-decision",
                       data={"decision": decision, "reasons": "Needs may not be met at SEN support", "version": 1})


@pytest.fixture
def officer(make, signed_in):
    make.contacts()
    user = make.user(Role.EHC_OFFICER, full_name="Olu Officer")
    return user, signed_in(user)


def test_a_decision_on_a_postal_request_with_no_accounts_commits_and_waits_to_be_posted(officer):
    _, client = officer
    case_id = _paper_request(client, **POSTAL)
    response = _decide(client, case_id)
    assert response.status_code == 302, response.text  # before: "Nobody with an account is linked"
    notice = db.session.scalars(select(Notice)).one()
    assert notice.channel == NoticeChannel.POST and notice.status == NoticeStatus.QUEUED
    assert notice.recipient_name == "Ann Brown" and notice.recipient_email == ""
    assert notice.address_lines == ["4 Mill Lane", "Northbridge", "NB2 3CD"]
    assert not db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == "deliver_notice")).all()
    page = client.get("/staff/print-queue").text
    assert "Ann Brown" in page and "4 Mill Lane" in page and "Overdue" not in page


def test_a_decision_with_nobody_on_record_still_commits_and_asks_for_an_address(officer):
    _, client = officer
    case_id = _paper_request(client)
    assert _decide(client, case_id, "refuse").status_code == 302
    notice = db.session.scalars(select(Notice)).one()
    assert notice.channel == NoticeChannel.POST and notice.address_lines == []
    assert notice.recipient_name == "The parent or carer of Noah Brown"
    page = client.get("/staff/print-queue").text
    assert "No address" in page and "Print the" not in page  # nothing ready to print yet
    response = client.post(f"/staff/print-queue/letters/{notice.id}/address", data={
        "name": "Ann Brown", "address_line_1": "4 Mill Lane", "town": "Northbridge", "postcode": "NB2 3CD"})
    assert response.status_code == 302
    notice = db.session.get(Notice, notice.id)
    assert notice.address_lines == ["4 Mill Lane", "Northbridge", "NB2 3CD"]
    assert notice.content["extra"]["recipient_address"] == notice.address_lines
    assert notice.content["recipient_name"] == "Ann Brown"


def test_an_email_only_contact_gets_the_letter_by_email(app, make, officer, settings):
    _, client = officer
    child = make.child(first_name="Mia", last_name="Stone")
    record_contact_from_request(child, ContactDetails(name="Jo Stone", email="jo@example.com"), source="school_request")
    db.session.commit()
    case = make.case(child)
    assert _decide(client, case.id).status_code == 302
    notice = db.session.scalars(select(Notice)).one()
    assert notice.channel == NoticeChannel.EMAIL and notice.recipient_email == "jo@example.com"
    assert notice.recipient_user_id is None
    run_jobs(app)
    assert db.session.get(Notice, notice.id).status == NoticeStatus.SENT


def test_an_account_holder_gets_portal_and_email_and_post_only_when_asked(app, make, officer, signed_in):
    _, client = officer
    parent = make.user(Role.PARENT, full_name="Sam Carter", email="sam@example.com")
    other = make.user(Role.PARENT, full_name="Alex Carter", email="alex@example.com")
    child = make.child(parent, first_name="Lily", last_name="Carter")
    make.child(other)  # Alex is linked to another child only
    # The same person on record twice (their account, and the request's contact by email): one letter.
    record_contact_from_request(child, ContactDetails(name="Sam Carter", email="SAM@example.com"), source="paper_request")
    db.session.commit()
    case = make.case(child)
    assert _decide(client, case.id).status_code == 302
    notice = db.session.scalars(select(Notice)).one()
    assert notice.channel == NoticeChannel.EMAIL and notice.recipient_user_id == parent.id
    run_jobs(app)
    family = signed_in(parent)
    portal = family.get(f"/cases/{case.id}").text
    assert f"/notices/{notice.id}/" in portal and notice.content["title"] in portal  # the letter, in the portal

    # Asking for letters by post adds a posted letter; email and the portal carry on.
    other_child = make.child(parent, first_name="Tom", last_name="Carter")
    record_contact_from_request(other_child, ContactDetails(
        name="Sam Carter", email="sam@example.com", address_line_1="1 High Street", town="Northbridge",
        postcode="NB1 1AA", prefers_post=True), source="ehc_request", user=parent)
    db.session.commit()
    second = make.case(other_child)
    signed_in(officer[0])
    assert _decide(client, second.id).status_code == 302
    notices = db.session.scalars(select(Notice).where(Notice.case_id == second.id)
                                 .order_by(Notice.channel)).all()
    assert [(n.channel, n.recipient_user_id) for n in notices] == [
        (NoticeChannel.EMAIL, parent.id), (NoticeChannel.POST, parent.id)]
    assert notices[1].address_lines == ["1 High Street", "Northbridge", "NB1 1AA"]


def _two_postal_letters(client):
    first = _paper_request(client, "Noah", **POSTAL)
    second = _paper_request(client, "Ella", contact_name="Ben Black", contact_address_line_1="9 Station Road",
                            contact_town="Eastbridge", contact_postcode="EB1 2XY")
    assert _decide(client, first, "refuse").status_code == 302
    assert _decide(client, second).status_code == 302
    return first, second


def test_the_print_queue_prints_a_batch_as_one_pdf(officer):
    _, client = officer
    _two_postal_letters(client)
    today = today_in_england()
    response = client.post("/staff/print-queue/batches", data={
        "submission_key": "batch-1", "letter_date": _parts(today)})
    assert response.status_code == 302
    batch = db.session.scalars(select(PrintBatch)).one()
    assert response.headers["Location"].endswith(f"/staff/print-queue/batches/{batch.id}")
    pdf = client.get(f"/staff/print-queue/batches/{batch.id}/letters.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    letters = db.session.scalars(select(Notice).order_by(Notice.decided_on, Notice.created_at, Notice.id)).all()
    separate = [render_notice_pdf(n.content) for n in letters]
    assert page_count(pdf.data) == sum(page_count(p) for p in separate) >= 2
    text = pdf_text(pdf.data)
    assert "Ann Brown 4 Mill Lane Northbridge NB2 3CD" in text
    assert "Ben Black 9 Station Road Eastbridge EB1 2XY" in text
    assert text.index("Ann Brown 4 Mill Lane") < text.index("Ben Black 9 Station Road")
    assert "No letters are waiting to be printed" in client.get("/staff/print-queue").text


def test_marking_posted_dates_the_letter_and_counts_the_appeal_from_the_posting_date(make, officer):
    user, client = officer
    today = today_in_england()
    decided = today - timedelta(days=9)
    case_id = _paper_request(client, **POSTAL)
    from shared.models import Case

    case = db.session.get(Case, case_id)
    decide_whether_to_assess(case, agree=False, reasons=["Needs are met at SEN support"], actor=user,
                             expected_version=case.version, today=decided)
    db.session.commit()
    notice = db.session.scalars(select(Notice)).one()
    assert notice.appeal_deadline == appeal_deadline(decided).rely_on

    page = client.get("/staff/print-queue").text
    assert "Overdue" in page  # more than 2 working days since the decision
    assert "Overdue: not posted within 2 working days" in client.get("/staff/notices").text

    client.post("/staff/print-queue/batches", data={"submission_key": "b", "letter_date": _parts(today)})
    batch = db.session.scalars(select(PrintBatch)).one()
    yesterday = today - timedelta(days=1)
    refused = client.post(f"/staff/print-queue/batches/{batch.id}/posted", data={
        "posted_on": _parts(yesterday)})
    assert refused.status_code == 200 and "date the batch again" in refused.text
    assert db.session.get(Notice, notice.id).status == NoticeStatus.QUEUED

    response = client.post(f"/staff/print-queue/batches/{batch.id}/posted", data={
        "posted_on": _parts(today)})
    assert response.status_code == 302
    notice = db.session.get(Notice, notice.id)
    assert notice.status == NoticeStatus.SENT and notice.posted_on == today and notice.issued_on == today
    assert notice.decided_on == decided
    assert notice.appeal_deadline == appeal_deadline(today).rely_on
    assert notice.content["issued_on"] == today.isoformat()
    assert notice.content["appeal_deadline"] == appeal_deadline(today).rely_on.isoformat()
    event = db.session.scalars(select(Event).where(Event.kind == "notice_posted")).one()
    assert event.case_id == notice.case_id and f"on {today.day} {today:%B %Y}" in event.summary
    again = client.post(f"/staff/print-queue/batches/{batch.id}/posted", data={
        "posted_on": _parts(today)})
    assert "already marked posted" in again.text  # posted once only


def test_the_letter_has_its_address_block_in_the_window_position(officer):
    from weasyprint import HTML

    _, client = officer
    _decide(client, _paper_request(client, **POSTAL))
    notice = db.session.scalars(select(Notice)).one()
    html = render_notice_html(notice.content)
    assert re.search(r'<address class="recipient">\s*Ann Brown\s*<br>4 Mill Lane<br>Northbridge<br>NB2 3CD',
                     html)
    page = HTML(string=html).render().pages[0]
    boxes = [b for b in page._page_box.descendants() if getattr(b, "element_tag", None) == "address"
             and "recipient" in (b.element.get("class") or "")]
    box = boxes[0]
    to_mm = 25.4 / 96
    assert 45 <= box.position_y * to_mm <= 52  # from the top of the sheet
    assert 18 <= box.position_x * to_mm <= 22  # from its left edge
    assert box.height * to_mm <= 35
    assert "Ann Brown 4 Mill Lane Northbridge NB2 3CD" in pdf_text(render_notice_pdf(notice.content))


def test_the_agreement_to_assess_gives_the_16_and_20_week_dates(officer):
    _, client = officer
    case_id = _paper_request(client, **POSTAL)
    _decide(client, case_id)
    notice = db.session.scalars(select(Notice)).one()
    received = today_in_england()
    dates = {d["label"]: d["date"] for d in notice.content["key_dates"]}
    assert dates["We will tell you whether we will issue an EHC plan by"] == decision_not_to_issue_due(
        received).isoformat()
    assert dates["If we issue a plan, you will have the final plan by"] == final_plan_due(received).isoformat()
    text = pdf_text(render_notice_pdf(notice.content))
    assert long_date(decision_not_to_issue_due(received)) in text
    assert long_date(final_plan_due(received)) in text


def test_officers_record_a_contact_and_letters_follow_it(make, officer):
    _, client = officer
    child = make.child(first_name="Zoe", last_name="Hill")
    case = make.case(child)
    page = client.get(f"/staff/cases/{case.id}/contacts").text
    assert "The parent or carer of Zoe Hill" in page
    bad = client.post(f"/staff/cases/{case.id}/contacts/new", data={"name": "Kim Hill", "postcode": "nope"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.text and 'value="Kim Hill"' in bad.text
    response = client.post(f"/staff/cases/{case.id}/contacts/new", data={
        "name": "Kim Hill", "email": "kim@example.com", "address_line_1": "7 Park Road", "town": "Northbridge",
        "postcode": "NB3 4EF", "prefers_post": "y"})
    assert response.status_code == 302
    assert _decide(client, case.id).status_code == 302
    notices = db.session.scalars(select(Notice).order_by(Notice.channel)).all()
    assert [(n.channel, n.recipient_email) for n in notices] == [
        (NoticeChannel.EMAIL, "kim@example.com"), (NoticeChannel.POST, "")]
    assert db.session.scalars(select(Event).where(Event.kind == "family_contact_saved")).one()


@pytest.mark.parametrize("role", [Role.PARENT, Role.SCHOOL_STAFF, Role.ADMINISTRATOR])
def test_only_officers_reach_the_print_queue(make, signed_in, role):
    client = signed_in(make.user(role))
    assert client.get("/staff/print-queue").status_code == 403
    assert client.post("/staff/print-queue/batches", data={}).status_code == 403


def test_a_team_sees_only_its_own_letters_and_batches(make, officer, signed_in):
    _, client = officer
    _decide(client, _paper_request(client, **POSTAL))
    client.post("/staff/print-queue/batches", data={"submission_key": "b", "letter_date": _parts(today_in_england())})
    batch = db.session.scalars(select(PrintBatch)).one()
    ehe = signed_in(make.user(Role.EHE_PRACTITIONER))
    assert ehe.get("/staff/print-queue").status_code == 200
    assert "Letters dated" not in ehe.get("/staff/print-queue").text
    assert ehe.get(f"/staff/print-queue/batches/{batch.id}").status_code == 404
    assert ehe.get(f"/staff/print-queue/batches/{batch.id}/letters.pdf").status_code == 404


def test_posting_due_is_shown_for_each_letter(officer):
    _, client = officer
    _decide(client, _paper_request(client, **POSTAL))
    notice = db.session.scalars(select(Notice)).one()
    assert long_date(posting_due(notice.decided_on)) in client.get("/staff/print-queue").text


def test_a_school_request_keeps_the_parents_postal_address(make, signed_in):
    school = make.school(name="Hillside Primary")
    staff = make.user(Role.SCHOOL_STAFF, school=school)
    client = signed_in(staff)
    response = client.post("/request-an-assessment/new", data={"submission_key": "school-req"})
    base = response.headers["Location"]
    sections = {
        "child": {"first_name": "Lily", "last_name": "Carter", "date_of_birth": ["4", "3", "2016"], "upn": ""},
        "you": {"job_title": "SENCo", "parent_name": "Sam Carter", "parent_email": "sam@example.com",
                "parent_address_line_1": "4 Mill Lane", "parent_town": "Northbridge", "parent_postcode": "nb2 3cd",
                "parent_letters_by_post": "y", "parent_views": "Agrees", "parent_consents": "yes"},
        "needs": {"needs": "Reading", "sen_support": "Phonics", "apdr": ""},
        "views": {"views": "Likes horses"},
        "health_care": {"health": "", "social_care": ""},
        "consent": {"consent": "y"},
        "evidence": {"has_evidence": "no"},
    }
    for section, data in sections.items():
        assert client.post(f"{base}/{section}", data={"action": "continue", **data}).status_code == 302, section
    assert client.post(f"{base}/check-answers", data={"submission_key": "send-1"}).status_code == 302
    from shared.models import FamilyContact

    contact = db.session.scalars(select(FamilyContact)).one()
    assert (contact.name, contact.email, contact.address_lines, contact.prefers_post, contact.user_id) == (
        "Sam Carter", "sam@example.com", ["4 Mill Lane", "Northbridge", "NB2 3CD"], True, None)


def test_an_address_with_a_bad_postcode_is_refused_with_the_answers_kept(make, signed_in):
    parent = make.user(Role.PARENT)
    client = signed_in(parent)
    base = client.post("/request-an-assessment/new", data={"submission_key": "p1"}).headers["Location"]
    response = client.post(f"{base}/you", data={"action": "continue", "parental_responsibility": "yes",
                                                "address_line_1": "4 Mill Lane", "postcode": "12345",
                                                "letters_by_post": "y"})
    assert response.status_code == 200
    assert "Enter a real postcode" in response.text and 'value="4 Mill Lane"' in response.text


def test_postal_letters_are_kept_as_pdf_once_posted(app, officer):
    _, client = officer
    _decide(client, _paper_request(client, **POSTAL))
    today = today_in_england()
    client.post("/staff/print-queue/batches", data={"submission_key": "b", "letter_date": _parts(today)})
    batch = db.session.scalars(select(PrintBatch)).one()
    client.post(f"/staff/print-queue/batches/{batch.id}/posted", data={
        "posted_on": _parts(today)})
    run_jobs(app)
    notice = db.session.scalars(select(Notice)).one()
    assert notice.pdf_object_key and notice.status == NoticeStatus.SENT
    run_jobs(app)  # again: nothing changes, nothing is emailed
    assert db.session.get(Notice, notice.id).status_label == "Posted"


def test_letters_stay_in_their_case_kind(make, officer):
    _, client = officer
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT)
    assert client.get(f"/staff/cases/{case.id}/contacts").status_code == 200
    s19 = make.case(make.child(), CaseKind.SECTION_19)
    assert client.get(f"/staff/cases/{s19.id}/contacts").status_code == 404


def test_the_migration_keeps_the_parent_a_school_named_before(settings, stack):
    """Cases opened before family contacts existed: the parent a school's request named becomes
    a contact of the child, once, so their letters are not left without a recipient."""
    from alembic import command
    from sqlalchemy import create_engine, make_url, text

    from shared.migrate import alembic_config

    admin = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS send_contacts_backfill"))
        connection.execute(text("CREATE DATABASE send_contacts_backfill"))
    scratch = make_url(settings.database_url).set(database="send_contacts_backfill")
    config = alembic_config(scratch.render_as_string(hide_password=False))
    command.upgrade(config, "0014")
    engine = create_engine(scratch)
    answers = '{"you": {"status": "completed", "fields": {"parent_name": "Sam Carter", "parent_email": "sam@example.com"}}}'
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, email, full_name, role, is_active_account, organisation, job_title, created_at) "
            "VALUES ('00000000-0000-0000-0000-000000000001', 'senco@school.example', 'Sue Senco', 'school_staff', "
            "true, '', '', now())"))
        connection.execute(text(
            "INSERT INTO children (id, first_name, last_name, date_of_birth, created_at) "
            "VALUES ('00000000-0000-0000-0000-000000000002', 'Lily', 'Carter', '2016-03-04', now())"))
        connection.execute(text(
            "INSERT INTO cases (id, reference, kind, status, child_id, received_on, opened_at, version) "
            "VALUES ('00000000-0000-0000-0000-000000000003', 'EHC-TEST-1', 'ehc_assessment', 'received', "
            "'00000000-0000-0000-0000-000000000002', '2026-11-02', now(), 1)"))
        for n in (4, 5):  # the same parent named twice: one contact
            connection.execute(text(
                "INSERT INTO request_drafts (id, owner_id, answers, status, created_at, updated_at, submitted_at, "
                "case_id, joined_open_case) VALUES "
                f"('00000000-0000-0000-0000-00000000000{n}', '00000000-0000-0000-0000-000000000001', "
                f"CAST(:answers AS jsonb), 'submitted', now(), now(), now(), "
                "'00000000-0000-0000-0000-000000000003', false)"), {"answers": answers})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT child_id::text, name, email, source, user_id FROM family_contacts")).all()
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE send_contacts_backfill WITH (FORCE)"))
    admin.dispose()
    assert [tuple(r) for r in rows] == [
        ("00000000-0000-0000-0000-000000000002", "Sam Carter", "sam@example.com", "school_request", None)]


def test_a_section_19_decision_without_the_parents_email_goes_by_post(make):
    """Other notice senders never refuse for want of an account or an email either."""
    from shared.models import S19Referral
    from shared.services import section19 as s19
    from tests.integration.test_section19 import answers

    make.contacts()
    school = make.school(name="Hilltop Academy", email="office@hilltop.example.uk")
    teacher = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    lead = make.user(Role.S19_LEAD)
    case = s19.submit_referral(teacher, answers(parent_email="", address="1 High St\nNorthbridge NB1 1AA"), "k1",
                               today=today_in_england())
    db.session.commit()
    assert db.session.scalars(select(S19Referral)).one().parent_email == ""
    s19.decide_referral(case, outcome="accept", reasons="", actor=lead, expected_version=case.version,
                        today=today_in_england())  # before: "We have no email address for the family"
    db.session.commit()
    notices = db.session.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.channel)).all()
    assert [(n.channel, n.recipient_name, n.recipient_email) for n in notices] == [
        (NoticeChannel.EMAIL, "Hilltop Academy", "office@hilltop.example.uk"),
        (NoticeChannel.POST, "Pat Stone", "")]
    assert notices[1].address_lines == ["1 High St", "Northbridge NB1 1AA"]

"""The plan's services against the real database, queue and mail sink: versions and conflicts,
the draft and the family's window (reg 13(1)), consulting a school, and the final plan with its
appeal-rights notice and copies (reg 14)."""

from __future__ import annotations

import email
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.models import CaseKind, Event, Notice, Role
from shared.models.plans import ConsultationAnswer, DraftResponse, PlanStage, PlanVersion
from shared.services import plans
from shared.services.cases import move_case
from shared.services.errors import Conflict, ServiceError
from tests.jobs_helpers import run_jobs
from tests.unit.test_plan_content import complete_plan

TODAY = date(2027, 3, 1)


def _sent(settings):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(settings.mail_sink_dir).glob("*.eml"))]


def _attachments(message) -> list[str]:
    return [p.get_filename() for p in message.walk() if p.get_content_type() == "application/pdf"]


@pytest.fixture
def drafting(make):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam@example.com")
    child = make.child(parent, first_name="Lily", last_name="Parent")
    case = make.case(child, CaseKind.EHC_ASSESSMENT, received_on=date(2026, 11, 2))
    officer = make.user(Role.EHC_OFFICER, full_name="Olive Officer")
    move_case(case, "agree_to_assess", actor=officer)
    move_case(case, "decide_to_issue_plan", actor=officer)
    db.session.commit()
    return case, officer, parent


def _write_whole_plan(case, officer) -> PlanVersion:
    content = complete_plan()
    version = None
    for number, key in enumerate(["a", "b", "c", "d", "e", "f", "g", "h1", "h2", "j", "k"]):
        version = plans.save_section(case, key, content[key], actor=officer, based_on=number)
    db.session.commit()
    return version


def _send_draft(case, officer, today=TODAY):
    latest = plans.latest_version(case)
    notices = plans.issue_draft(case, actor=officer, expected_version=case.version, based_on=latest.number,
                                today=today)
    db.session.commit()
    return notices


def test_each_save_is_a_new_version_and_a_stale_save_is_a_conflict(drafting):
    case, officer, _ = drafting
    first = plans.save_section(case, "a", "Lily loves drawing and wants to be a vet.", actor=officer, based_on=0)
    db.session.commit()
    assert first.number == 1 and first.changed == "First version"
    second = plans.save_section(case, "c", "No health needs have been identified.", actor=officer, based_on=1)
    db.session.commit()
    assert second.number == 2 and second.changed == "C"
    assert second.content["a"] == "Lily loves drawing and wants to be a vet."
    with pytest.raises(Conflict):
        plans.save_section(case, "a", "An older edit", actor=officer, based_on=1)
    db.session.rollback()
    assert [v.number for v in plans.versions_for(case)] == [2, 1]
    assert plans.latest_version(case).content["a"] == "Lily loves drawing and wants to be a vet."
    saved = db.session.scalar(select(func.count()).select_from(Event).where(
        Event.case_id == case.id, Event.kind == "plan_saved"))
    assert saved == 2


def test_unquantified_provision_is_never_saved(drafting):
    case, officer, _ = drafting
    rows = [{"what": "Access to speech therapy", "who": "SALT", "how_often": "regularly", "how_long": ""},
            {"what": "", "who": "", "how_often": "", "how_long": ""}]
    with pytest.raises(plans.PlanNotReady) as refused:
        plans.save_section(case, "f", rows, actor=officer, based_on=0)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["f-1-what", "f-1-how_often", "f-1-how_long"]
    db.session.rollback()
    assert plans.latest_version(case) is None


def test_an_incomplete_plan_cannot_be_sent(drafting):
    case, officer, _ = drafting
    plans.save_section(case, "a", "Views", actor=officer, based_on=0)
    db.session.commit()
    with pytest.raises(plans.PlanNotReady) as refused:
        plans.issue_draft(case, actor=officer, expected_version=case.version, based_on=1, today=TODAY)
    assert "Write section C" in [p.message for p in refused.value.problems]
    db.session.rollback()
    assert case.status == "drafting"


def test_the_draft_goes_to_the_family_with_the_plan_attached(app, drafting, settings):
    case, officer, _ = drafting
    version = _write_whole_plan(case, officer)
    before = len(_sent(settings))
    notices = _send_draft(case, officer)
    assert case.status == "draft_issued"
    assert version.stage == PlanStage.DRAFT and version.issued_on == TODAY
    assert notices[0].content["extra"]["respond_by"] == "2027-03-15"  # 15 days beginning with 1 March
    assert {"label": "Send us your comments, and the school you would like named, by", "date": "2027-03-15",
            "deadline": True} in notices[0].content["key_dates"]
    run_jobs(app)
    message = _sent(settings)[before:][0]
    assert message["To"] == "sam@example.com"
    assert _attachments(message) == [f"issue_draft_plan-{TODAY}.pdf", f"ehc-plan-{case.reference}-draft-v11.pdf"]


def test_the_family_responds_once_per_post(app, drafting, make, settings):
    case, officer, parent = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    school = make.school(name="Oakfield Primary")
    answers = plans.ResponseAnswers(comments="Please add swimming.", preferred_school=school,
                                    preferred_setting_other="", meeting_requested=True)
    first = plans.respond_to_draft(case, parent, answers, submission_key="k1", today=TODAY + timedelta(days=3))
    again = plans.respond_to_draft(case, parent, answers, submission_key="k1", today=TODAY + timedelta(days=3))
    db.session.commit()
    assert first is not None and first.in_time and again is None
    assert db.session.scalar(select(func.count()).select_from(DraftResponse)) == 1
    event = db.session.scalars(select(Event).where(Event.kind == "draft_response")).one()
    assert "asked for Oakfield Primary to be named" in event.summary and "asked for a meeting" in event.summary
    late = plans.respond_to_draft(case, parent, plans.ResponseAnswers("More thoughts", None, "", False),
                                  submission_key="k2", today=date(2027, 3, 16))
    assert not late.in_time


def test_an_empty_response_is_refused(drafting):
    case, officer, parent = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    with pytest.raises(ServiceError):
        plans.respond_to_draft(case, parent, plans.ResponseAnswers("  ", None, "", False), submission_key="k",
                               today=TODAY)


def test_consulting_a_school_and_its_answer(app, drafting, make, settings):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    school = make.school(name="Oakfield Primary", email="office@oakfield.example.uk")
    with pytest.raises(ServiceError, match="Send the draft plan"):
        plans.consult_school(case, school, actor=officer, today=TODAY)
    _send_draft(case, officer)
    consultation = plans.consult_school(case, school, actor=officer, today=TODAY)
    db.session.commit()
    assert consultation.reply_due == date(2027, 3, 16)
    with pytest.raises(ServiceError, match="already been consulted"):
        plans.consult_school(case, school, actor=officer, today=TODAY)
    db.session.rollback()
    before = len(_sent(settings))
    run_jobs(app)
    to_school = [m for m in _sent(settings)[before:] if m["To"] == "office@oakfield.example.uk"]
    assert len(to_school) == 1 and "reply by 16 March 2027" in " ".join(to_school[0]["Subject"].split())

    staff = make.user(Role.SCHOOL_STAFF, school_id=school.id)
    other = make.user(Role.SCHOOL_STAFF, school_id=make.school().id)
    assert plans.consultation_for_school(staff, consultation.id) is consultation
    assert plans.consultation_for_school(other, consultation.id) is None
    assert plans.consultations_for_school(other) == []
    with pytest.raises(ServiceError, match="Explain your answer"):
        plans.answer_consultation(consultation, staff, answer=ConsultationAnswer.CANNOT_MEET, details=" ")
    plans.answer_consultation(consultation, staff, answer=ConsultationAnswer.CAN_MEET, details="")
    db.session.commit()
    assert consultation.answered_by_id == staff.id
    with pytest.raises(ServiceError, match="already answered"):
        plans.answer_consultation(consultation, staff, answer=ConsultationAnswer.CAN_MEET, details="")


def _name_school(case, officer, school, *, consult=True):
    if consult:
        plans.consult_school(case, school, actor=officer, today=TODAY)
    latest = plans.latest_version(case)
    plans.save_section(case, "i", {"school_id": str(school.id), "school_name": school.name,
                                   "setting_type": "Mainstream primary school"}, actor=officer, based_on=latest.number)
    db.session.commit()


def test_the_final_plan_waits_for_the_window_unless_the_family_has_responded(drafting, make):
    case, officer, parent = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    school = make.school(name="Oakfield Primary")
    _name_school(case, officer, school)
    latest = plans.latest_version(case).number
    with pytest.raises(ServiceError, match="until 15 March 2027"):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest,
                               reasons=["Oakfield can meet Lily's needs"], today=date(2027, 3, 15))
    db.session.rollback()
    plans.respond_to_draft(case, parent, plans.ResponseAnswers("Happy with it", school, "", False),
                           submission_key="r", today=date(2027, 3, 2))
    plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest,
                           reasons=["Oakfield can meet Lily's needs"], today=date(2027, 3, 3))
    db.session.commit()
    assert case.status == "plan_issued"


def test_the_final_plan_needs_section_i_reasons_and_the_school_consulted(drafting, make):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    latest = plans.latest_version(case).number
    after_window = date(2027, 4, 1)
    with pytest.raises(plans.PlanNotReady):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest,
                               reasons=["x"], today=after_window)
    db.session.rollback()
    school = make.school(name="Hillside Primary")
    _name_school(case, officer, school, consult=False)
    latest = plans.latest_version(case).number
    with pytest.raises(ServiceError, match="Give|Say why"):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest,
                               reasons=[" "], today=after_window)
    db.session.rollback()
    with pytest.raises(ServiceError, match="Consult Hillside Primary before naming it"):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest,
                               reasons=["Hillside can meet the needs"], today=after_window)
    db.session.rollback()
    assert case.status == "draft_issued"
    with pytest.raises(Conflict):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=latest - 1,
                               reasons=["Hillside can meet the needs"], today=after_window)
    db.session.rollback()


def test_the_final_plan_goes_to_the_family_the_school_and_the_health_commissioner(app, drafting, make, settings):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    school = make.school(name="Oakfield Primary", email="office@oakfield.example.uk")
    _name_school(case, officer, school)
    version = plans.latest_version(case)
    run_jobs(app)
    before = len(_sent(settings))
    notices = plans.issue_final_plan(case, actor=officer, expected_version=case.version, based_on=version.number,
                                     reasons=["Oakfield Primary can meet Lily's needs and is near home"],
                                     today=date(2027, 3, 16))
    db.session.commit()
    assert case.status == "plan_issued" and version.stage == PlanStage.FINAL
    by_type = {(n.decision_type, n.recipient_email) for n in notices}
    assert by_type == {("final_plan", "sam@example.com"), ("final_plan_copy", "office@oakfield.example.uk"),
                       ("final_plan_copy", "send.health@northbridge-icb.example.nhs.uk")}
    family = next(n for n in notices if n.decision_type == "final_plan")
    rights = family.content["appeal_rights"]
    assert rights is not None and family.appeal_deadline == date(2027, 5, 17)  # 16 May 2027 is a Sunday
    assert family.content["extra"]["named_institution"] == "Oakfield Primary"
    run_jobs(app)
    messages = {m["To"]: m for m in _sent(settings)[before:]}
    assert set(messages) == {"sam@example.com", "office@oakfield.example.uk",
                             "send.health@northbridge-icb.example.nhs.uk"}
    for message in messages.values():
        assert f"ehc-plan-{case.reference}-final-v{version.number}.pdf" in _attachments(message)
    assert db.session.scalar(select(func.count()).select_from(Notice).where(Notice.status != "sent")) == 0


def test_a_revised_draft_starts_a_new_window(drafting):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    latest = plans.latest_version(case)
    plans.save_section(case, "a", "Updated views after the family's comments", actor=officer, based_on=latest.number)
    db.session.commit()
    notices = _send_draft(case, officer, today=date(2027, 3, 10))
    assert case.status == "draft_issued"
    assert notices[0].content["extra"]["respond_by"] == "2027-03-24"
    assert plans.current_draft(case).number == latest.number + 1
    kinds = list(db.session.scalars(select(Event.kind).where(Event.case_id == case.id).order_by(Event.at, Event.id)))
    assert "revise_draft" in kinds


def test_versions_outside_the_case_are_not_found(drafting):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    assert plans.version_number(case, 999) is None
    assert plans.issued_versions(case) == []
    assert db.session.get(PlanVersion, uuid.uuid4()) is None


def test_the_plan_pdf_is_tagged_and_carries_every_section(app, drafting):
    from shared.reports.plan_pdf import plan_pdf
    from tests.unit.test_notice_pdf import all_streams, pdf_objects, pdf_text, unspaced

    case, officer, _ = drafting
    version = _write_whole_plan(case, officer)
    with app.test_request_context():
        pdf = plan_pdf(case, version, council_name="Northbridge Council")
    assert pdf.startswith(b"%PDF-1.7")
    catalog = next(b for b in pdf_objects(pdf).values() if b"/Catalog" in b)
    assert b"/StructTreeRoot" in catalog and b"/Lang (en-GB)" in catalog
    everything = all_streams(pdf)
    assert b"pdfuaid" in everything
    for tag in (b"/S /H1", b"/S /H2", b"/S /Table", b"/S /TH", b"/S /L"):
        assert tag in everything, tag
    text = unspaced(pdf_text(pdf))
    for letter in ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]:
        assert unspaced(f"Section {letter}:") in text
    for words in ["Finds spoken instructions hard", "3 sessions of 30 minutes a week", "A speech and language",
                  "Need 1, Outcome 1", "Working copy: not sent to the family"]:
        assert unspaced(words) in text


def test_the_final_plan_needs_the_health_commissioner_contact(drafting, make):
    case, officer, _ = drafting
    _write_whole_plan(case, officer)
    _send_draft(case, officer)
    _name_school(case, officer, make.school(name="Oakfield Primary"))
    make.contacts(health_commissioner_email="")
    with pytest.raises(ServiceError, match="health commissioner"):
        plans.issue_final_plan(case, actor=officer, expected_version=case.version,
                               based_on=plans.latest_version(case).number, reasons=["Meets needs"],
                               today=date(2027, 4, 1))
    db.session.rollback()
    assert case.status == "draft_issued"

"""Writing, sending and finalising an EHC plan (CFA 2014 ss.37-40; SEND Regulations 2014 regs
11-14). One function per action, each in the caller's transaction, each writing the chronology.

- `save_section`: a new version of the plan with one section changed. Versions are kept; a save
  made on an older version than the latest is a `Conflict`, never a silent overwrite.
- `issue_draft`: the draft goes to the family with its notice (reg 13(1): at least 15 days,
  beginning with the day of service, to comment, ask for a school and ask for a meeting).
- `respond_to_draft`: the family's response, in the portal; a form posted twice is one response.
- `consult_school` / `answer_consultation`: the council consults each school it intends to
  name (CFA ss.39(2), 40(2)); the school answers in the portal within 15 days (CoP 9.83).
- `issue_final_plan`: the final plan with the appeal-rights notice to the family and copies to
  the named school and the health commissioner (reg 14), by week 20 (reg 13(2)).
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shared.db import db, utcnow
from shared.domain import clocks, plan_content
from shared.domain.dates import today_in_england
from shared.domain.plan_content import SECTIONS_BY_KEY, Problem
from shared.domain.posting import deemed_served_by_post
from shared.models import Case, Notice, NoticeChannel, Role, School, User
from shared.models.advice import AdviceRequest, AdviceStatus
from shared.models.plans import ConsultationAnswer, DraftResponse, PlanStage, PlanVersion, SchoolConsultation
from shared.outbox import add_outbox_message
from shared.queries.school_memberships import approved_membership, approved_school_id
from shared.services.cases import check_version, move_case
from shared.services.chronology import record_event
from shared.services.decisions import council_contacts, family_recipients, issue_notices, queue_notice
from shared.services.errors import Conflict, ServiceError
from shared.services.submissions import claim

EDITABLE = ("drafting", "draft_issued")


class PlanNotReady(ServiceError):
    """The plan cannot be sent yet: `problems` says what to fix, section by section."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"The plan is not ready: {len(problems)} thing(s) to fix")
        self.problems = problems


# --- Reading ----------------------------------------------------------------------------------

def versions_for(case: Case) -> list[PlanVersion]:
    """Every version of the case's plan, newest first."""
    stmt = select(PlanVersion).where(PlanVersion.case_id == case.id).order_by(PlanVersion.number.desc())
    return list(db.session.scalars(stmt))


def latest_version(case: Case) -> PlanVersion | None:
    stmt = (select(PlanVersion).where(PlanVersion.case_id == case.id)
            .order_by(PlanVersion.number.desc()).limit(1))
    return db.session.scalars(stmt).first()


def version_number(case: Case, number: int) -> PlanVersion | None:
    stmt = select(PlanVersion).where(PlanVersion.case_id == case.id, PlanVersion.number == number)
    return db.session.scalars(stmt).first()


def issued_versions(case: Case) -> list[PlanVersion]:
    """The versions the family has been sent (drafts and the final plan), newest first: the only
    versions anyone outside the council may see."""
    stmt = (select(PlanVersion).where(PlanVersion.case_id == case.id, PlanVersion.stage != PlanStage.WORKING)
            .order_by(PlanVersion.number.desc()))
    return list(db.session.scalars(stmt))


def current_draft(case: Case) -> PlanVersion | None:
    """The draft most recently sent to the family."""
    return next((v for v in issued_versions(case) if v.stage == PlanStage.DRAFT), None)


def response_window(draft: PlanVersion, today: date | None = None) -> tuple[date, date]:
    """Reg 13(1): at least 15 days beginning with the day the draft was served (`draft_served_on`)."""
    return clocks.draft_response_window(draft_served_on(draft, today))


def draft_served_on(draft: PlanVersion, today: date | None = None) -> date:
    """The day the draft plan was served on the family, from which the 15 days of reg 13(1)
    begin: the day it was sent, or, when a family member's copy goes by post, the day the last
    such copy is deemed served (`posting.deemed_served_by_post`: the second working day after
    posting). A copy still waiting to be posted has not been served, so the window is counted as
    if it were posted `today` (the day in England when not given) and stays open until it is."""
    served = draft.issued_on
    posted = db.session.scalars(select(Notice.posted_on).where(
        Notice.case_id == draft.case_id, Notice.decision_type == "issue_draft_plan",
        Notice.channel == NoticeChannel.POST,
        Notice.content["extra"]["plan_version_id"].astext == str(draft.id)))
    for posted_on in posted:
        served = max(served, deemed_served_by_post(posted_on or today or today_in_england()))
    return served


def working_content(case: Case) -> dict[str, Any]:
    """The content to edit: the latest version's, or a new plan started from what is on record
    (section K lists the advice received, reg 6)."""
    latest = latest_version(case)
    if latest is not None:
        return copy.deepcopy(latest.content)
    content = plan_content.empty_content()
    content["k"] = "\n".join(f"Advice from {a.recipient_name} ({a.kind.label}), received "
                             f"{a.received_on:%-d %B %Y}" for a in _advice_received(case))
    return content


def _advice_received(case: Case) -> list[AdviceRequest]:
    stmt = (select(AdviceRequest).where(AdviceRequest.case_id == case.id,
                                        AdviceRequest.status == AdviceStatus.RECEIVED)
            .order_by(AdviceRequest.received_on))
    return list(db.session.scalars(stmt))


def responses_for(case: Case) -> list[DraftResponse]:
    stmt = select(DraftResponse).where(DraftResponse.case_id == case.id).order_by(DraftResponse.submitted_at)
    return list(db.session.scalars(stmt))


def consultations_for(case: Case) -> list[SchoolConsultation]:
    stmt = select(SchoolConsultation).where(SchoolConsultation.case_id == case.id).order_by(
        SchoolConsultation.sent_on, SchoolConsultation.id)
    return list(db.session.scalars(stmt))


def consultations_for_school(user: User) -> list[SchoolConsultation]:
    """A school's consultations: only its own (docs/permissions.md)."""
    school_id = approved_school_id(user)
    if school_id is None:
        return []
    stmt = (select(SchoolConsultation).where(SchoolConsultation.school_id == school_id)
            .order_by(SchoolConsultation.answered_at.is_not(None), SchoolConsultation.reply_due))
    return list(db.session.scalars(stmt))


def consultation_for_school(user: User, consultation_id: uuid.UUID) -> SchoolConsultation | None:
    """One consultation, only for staff of the school consulted; anything else is None (a 404)."""
    school_id = approved_school_id(user)
    if school_id is None:
        return None
    consultation = db.session.get(SchoolConsultation, consultation_id)
    if consultation is None or consultation.school_id != school_id:
        return None
    return consultation


# --- Writing the plan -------------------------------------------------------------------------

def _clean_list(items: list[dict], fields: tuple[str, ...], prefix: str) -> list[dict]:
    """Drop rows left entirely empty; give new rows a stable id so links survive reordering."""
    cleaned = []
    for item in items:
        values = {f: (item.get(f) or "").strip() for f in fields}
        if not any(values.values()):
            continue
        row = {"id": item.get("id") or f"{prefix}{uuid.uuid4().hex[:8]}", **values}
        for link in ("needs", "outcomes"):
            if link in item:
                row[link] = [str(x) for x in item.get(link) or []]
        cleaned.append(row)
    return cleaned


def clean_section(key: str, value: Any) -> Any:
    """A section's value as stored, or `PlanNotReady` with what is wrong with the rows typed.

    Text sections are stripped text. B, E and F are lists of rows; F rows must each be specific
    and quantified (CoP 9.69) before they are saved at all, so an unlawful entitlement is never
    written down. Links to needs and outcomes are kept as ids.
    """
    section = SECTIONS_BY_KEY.get(key)
    if section is None:
        raise ServiceError(f"There is no section {key!r} in an EHC plan")
    if section.kind == "text":
        return (value or "").strip()
    if section.kind == "needs":
        rows = _clean_list(value, ("area", "text"), "b")
        problems = [Problem("b", f"b-{n}-text", f"Need {n}: describe the need")
                    for n, row in enumerate(rows, start=1) if not row["text"]]
        problems += [Problem("b", f"b-{n}-area", f"Need {n}: choose the area of need")
                     for n, row in enumerate(rows, start=1) if row["area"] not in plan_content.AREA_LABELS]
    elif section.kind == "outcomes":
        rows = _clean_list(value, ("text", "by_when"), "e")
        problems = [Problem("e", f"e-{n}-text", f"Outcome {n}: describe the outcome")
                    for n, row in enumerate(rows, start=1) if not row["text"]]
    elif section.kind == "provision":
        rows = _clean_list(value, ("what", "who", "how_often", "how_long"), "f")
        problems = [p for n, row in enumerate(rows, start=1) for p in plan_content.provision_problems(row, n)]
    else:  # placement
        return {"school_id": value.get("school_id") or None, "school_name": (value.get("school_name") or "").strip(),
                "setting_type": (value.get("setting_type") or "").strip()}
    if problems:
        raise PlanNotReady(problems)
    return rows


def save_section(case: Case, key: str, value: Any, *, actor: User, based_on: int) -> PlanVersion:
    """Save one section as the next version of the plan. `based_on` is the version number the
    officer started from (0 for a new plan): if someone saved since, this is a `Conflict`."""
    if case.status not in EDITABLE:
        raise ServiceError("The plan can be written once the council has decided to issue one, until the "
                           "final plan is issued")
    latest = latest_version(case)
    if (latest.number if latest else 0) != based_on:
        raise Conflict("Someone else saved this plan after you opened it. Your changes have not been saved: "
                       "reload the section to see theirs, then make your changes again.")
    content = working_content(case)
    before = copy.deepcopy(content)
    content[key] = clean_section(key, value)
    changed = plan_content.changed_sections(before, content)
    if latest is not None and not changed:
        return latest
    version = PlanVersion(case_id=case.id, number=based_on + 1, content=content, saved_by_id=actor.id,
                          changed=", ".join(changed) if latest else "First version")
    try:
        with db.session.begin_nested():
            db.session.add(version)
            db.session.flush()
    except IntegrityError:
        raise Conflict("Someone else saved this plan at the same moment. Reload the section and try again.") from None
    letters = ", ".join(changed)
    record_event(case, "plan_saved", f"Plan version {version.number} saved (section {letters})", actor=actor,
                 data={"version": version.number, "sections": changed})
    return version


# --- The draft --------------------------------------------------------------------------------

def _version_to_send(case: Case, based_on: int) -> PlanVersion:
    latest = latest_version(case)
    if latest is None:
        raise ServiceError("Write the plan first")
    if latest.number != based_on:
        raise Conflict(f"The plan has been saved again since you looked at it (now version {latest.number}). "
                       "Check the latest version before sending it.")
    return latest


def issue_draft(case: Case, *, actor: User, expected_version: int, based_on: int, today: date) -> list[Notice]:
    """Send the draft plan to the family (CFA s.38; reg 13(1)). The version sent is frozen as the
    draft; the family's window runs for 15 days beginning with today. Sending a revised draft
    (from draft_issued) starts a new window."""
    check_version(case, expected_version)
    version = _version_to_send(case, based_on)
    problems = plan_content.problems_before_draft(version.content)
    if problems:
        raise PlanNotReady(problems)
    version.stage, version.issued_on = PlanStage.DRAFT, today
    _, respond_by = clocks.draft_response_window(today)
    if case.status == "draft_issued":
        # A revised draft is served afresh, so the family gets a new 15-day window.
        move_case(case, "revise_draft", actor=actor, summary="Draft plan revised after the family's comments")
    move_case(case, "issue_draft_plan", actor=actor,
              summary=f"Draft plan (version {version.number}) sent to the family: comments due by "
                      f"{respond_by:%-d %B %Y}", data={"version": version.number, "respond_by": respond_by.isoformat()})
    return issue_notices(case, "issue_draft_plan", decision=f"We have written a draft EHC plan for "
                         f"{case.child.full_name} and are sending it to you to comment on.", reasons=[], actor=actor,
                         issued_on=today, extra={"respond_by": respond_by, "plan_version_id": str(version.id)})


@dataclass(frozen=True)
class ResponseAnswers:
    comments: str
    preferred_school: School | None
    preferred_setting_other: str
    meeting_requested: bool


def respond_to_draft(case: Case, user: User, answers: ResponseAnswers, *, submission_key: str,
                     today: date) -> DraftResponse | None:
    """The family's response to the draft (reg 13(1)). A response after the window is still
    recorded (the council may consider it) but marked late. Returns None for a repeat post."""
    if case.status != "draft_issued":
        raise ServiceError("There is no draft plan waiting for your comments")
    draft = current_draft(case)
    if not (answers.comments.strip() or answers.preferred_school or answers.preferred_setting_other.strip()
            or answers.meeting_requested):
        raise ServiceError("Tell us what you think, name a school or setting, or ask for a meeting")
    response_id = uuid.uuid4()
    if not claim(submission_key, user_id=user.id, result_type="draft_response", result_id=str(response_id)):
        return None
    _, last_day = response_window(draft, today)
    response = DraftResponse(id=response_id, case_id=case.id, plan_version_id=draft.id, responder_id=user.id,
                             comments=answers.comments.strip(), preferred_school=answers.preferred_school,
                             preferred_setting_other=answers.preferred_setting_other.strip(),
                             meeting_requested=answers.meeting_requested, submitted_on=today,
                             in_time=today <= last_day)
    db.session.add(response)
    parts = []
    if response.comments:
        parts.append("made comments")
    if answers.preferred_school or response.preferred_setting_other:
        named = answers.preferred_school.name if answers.preferred_school else response.preferred_setting_other
        parts.append(f"asked for {named} to be named")
    if response.meeting_requested:
        parts.append("asked for a meeting")
    late = "" if response.in_time else f" (after the window closed on {last_day:%-d %B %Y})"
    record_event(case, "draft_response", f"{user.full_name} responded to the draft plan: {', '.join(parts)}{late}",
                 actor=user, data={"response_id": str(response_id)})
    add_outbox_message("send_plan_email", {"kind": "family_responded", "case_id": str(case.id),
                                           "response_id": str(response_id)})
    return response


# --- Consulting schools ----------------------------------------------------------------------

def consult_school(case: Case, school: School, *, actor: User, today: date,
                   expected_version: int | None = None) -> SchoolConsultation:
    """Consult a school or college the council intends to name (CFA ss.39(2), 40(2)), sending it
    the draft plan. It should answer within 15 days (CoP 9.83). `expected_version` (the case
    version the officer's page showed) makes a consultation about a draft that has since changed
    a `Conflict`."""
    check_version(case, expected_version)
    if case.status != "draft_issued":
        raise ServiceError("Send the draft plan to the family before consulting schools")
    draft = current_draft(case)
    pending = db.session.scalar(select(func.count()).select_from(SchoolConsultation).where(
        SchoolConsultation.case_id == case.id, SchoolConsultation.school_id == school.id,
        SchoolConsultation.plan_version_id == draft.id, SchoolConsultation.answered_at.is_(None)))
    if pending:
        raise ServiceError(f"{school.name} has already been consulted on this draft and has not answered yet")
    if not school.email and not _school_staff(school):
        raise ServiceError(f"{school.name} has no email address or staff account to send the consultation to")
    consultation = SchoolConsultation(case_id=case.id, school_id=school.id, plan_version_id=draft.id, sent_on=today,
                                      reply_due=clocks.school_consultation_reply_due(today), consulted_by_id=actor.id)
    db.session.add(consultation)
    db.session.flush()
    record_event(case, "school_consulted", f"{school.name} consulted about being named in the plan: answer due by "
                 f"{consultation.reply_due:%-d %B %Y}", actor=actor, data={"consultation_id": str(consultation.id)})
    add_outbox_message("send_plan_email", {"kind": "school_consulted", "case_id": str(case.id),
                                           "consultation_id": str(consultation.id)})
    return consultation


def _school_staff(school: School) -> list[User]:
    stmt = select(User).where(User.school_id == school.id, User.role == Role.SCHOOL_STAFF,
                              User.is_active_account.is_(True), User.email_verified_at.is_not(None),
                              approved_membership(User.id, school.id))
    return list(db.session.scalars(stmt))


def answer_consultation(consultation: SchoolConsultation, user: User, *, answer: ConsultationAnswer,
                        details: str) -> None:
    """The school's answer. Saying it cannot meet the child's needs, or only with changes, must
    say why or what (s.39(4) is the test the council then applies)."""
    if consultation.answered_at is not None:
        raise ServiceError("Your school has already answered this consultation")
    if answer != ConsultationAnswer.CAN_MEET and not details.strip():
        raise ServiceError("Explain your answer: the changes or resources needed, or why it would be unsuitable")
    consultation.answer, consultation.answer_details = answer, details.strip()
    consultation.answered_by_id, consultation.answered_at = user.id, utcnow()
    case = db.session.get(Case, consultation.case_id)
    record_event(case, "consultation_answered", f"{consultation.school.name} answered the consultation: "
                 f"{answer.label}", actor=user, data={"consultation_id": str(consultation.id)})
    add_outbox_message("send_plan_email", {"kind": "school_answered", "case_id": str(case.id),
                                           "consultation_id": str(consultation.id)})


# --- The final plan ---------------------------------------------------------------------------

def _window_still_open(case: Case, today: date) -> date | None:
    """The last day of the family's window if it is still open and they have not all responded."""
    draft = current_draft(case)
    _, last_day = response_window(draft, today)
    if today > last_day:
        return None
    responded = {r.responder_id for r in responses_for(case) if r.plan_version_id == draft.id}
    if all(member.id in responded for member in family_recipients(case)):
        return None
    return last_day


def issue_final_plan(case: Case, *, actor: User, expected_version: int, based_on: int, reasons: list[str],
                     today: date) -> list[Notice]:
    """Issue the final plan (reg 14) with the appeal-rights notice to the family, and copies to
    the school or institution named in section I and to the health commissioner (reg 14(1))."""
    check_version(case, expected_version)
    version = _version_to_send(case, based_on)
    problems = plan_content.problems_before_final(version.content)
    if problems:
        raise PlanNotReady(problems)
    if not any(r.strip() for r in reasons):
        raise ServiceError("Say why the plan says what it does, including why the school in section I is named")
    last_day = _window_still_open(case, today)
    if last_day:
        raise ServiceError(f"The family has until {last_day:%-d %B %Y} to comment on the draft (SEND Regulations "
                           "2014 reg 13(1)). Issue the final plan after that, or once they have all responded.")
    contacts = council_contacts()
    if not contacts.health_commissioner_email:
        raise ServiceError("Add the health commissioner's email in the council contacts: the final plan must be "
                           "sent to them")
    placement = version.content.get("i") or {}
    school = db.session.get(School, uuid.UUID(placement["school_id"])) if placement.get("school_id") else None
    if school is not None and not any(c.school_id == school.id for c in consultations_for(case)):
        raise ServiceError(f"Consult {school.name} before naming it in section I (Children and Families Act 2014 "
                           "s.39(2))")
    named = placement.get("school_name") or placement.get("setting_type")
    version.stage, version.issued_on = PlanStage.FINAL, today
    child = case.child.full_name
    move_case(case, "issue_final_plan", actor=actor, summary=f"Final plan (version {version.number}) issued, "
              f"naming {named}", data={"version": version.number})
    extra = {"plan_version_id": str(version.id), "named_institution": named}
    notices = issue_notices(case, "final_plan", decision=f"We have issued the final EHC plan for {child}.",
                            reasons=reasons, actor=actor, issued_on=today, extra=extra)
    copy_decision = f"The final EHC plan for {child} was issued on {today:%-d %B %Y}."
    if school is not None:
        for name, email, user in _school_recipients(school):
            notices.append(queue_notice(case, "final_plan_copy", name=name, email=email, user=user,
                                        decision=copy_decision, reasons=[], actor=actor, issued_on=today,
                                        extra={**extra, "copy_for": "school"},
                                        channel=NoticeChannel.EMAIL if email else NoticeChannel.POST))
    notices.append(queue_notice(case, "final_plan_copy", name=contacts.health_commissioner_name or "Health commissioner",
                                email=contacts.health_commissioner_email, user=None, decision=copy_decision,
                                reasons=[], actor=actor, issued_on=today, extra={**extra, "copy_for": "health"}))
    return notices


def _school_recipients(school: School) -> list[tuple[str, str, User | None]]:
    """The school's own address if it has one, otherwise its staff with accounts, otherwise the
    head teacher by post (no email: the copy waits in the print queue for its address)."""
    if school.email:
        return [(f"The head teacher, {school.name}", school.email, None)]
    staff = _school_staff(school)
    if not staff:
        return [(f"The head teacher, {school.name}", "", None)]
    return [(f"{member.full_name}, {school.name}", member.email, member) for member in staff]

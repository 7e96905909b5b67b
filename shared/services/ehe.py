"""Elective home education casework (EA 1996 ss.7, 436A, 437; journey 6; docs/home-education.md).

A parent's notification or a school's deletion return opens the case; a child at a special school
(and, under the Children's Wellbeing and Schools Act 2026 regime, a child subject to s.47 Children
Act 1989 enquiries) needs the council's consent first; then enquiries, termly check-ins,
safeguarding concerns, the suitability judgement, a s.437(1) notice and the return to school.
One function per action, each in the caller's transaction with a chronology event.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from shared.db import db
from shared.domain import ehe as rules
from shared.domain.dates import age_on
from shared.domain.school_days import s437_notice_deadline
from shared.models import (
    Case,
    CaseKind,
    CheckInKind,
    CheckInOutcome,
    Child,
    ChildLink,
    EheCheckIn,
    EheNotification,
    EheSource,
    Notice,
    Relationship,
    Role,
    School,
    User,
)
from shared.outbox import add_outbox_message
from shared.services.cases import check_version, move_case, open_case
from shared.services.children import add_or_update_child, match_pupil
from shared.services.chronology import record_event
from shared.services.decisions import family_recipients, queue_notice
from shared.services.errors import ServiceError
from shared.services.submissions import claim, previous_result

RESULT_TYPE = "ehe_notification"
EMAIL_JOB = "send_ehe_notification_email"
MAX_AGE = 18


@dataclass
class NotificationAnswers:
    """The notification form's answers (a parent's, or a school's deletion return)."""

    first_name: str
    last_name: str
    date_of_birth: date
    address: str
    parent_names: str
    parent_email: str = ""
    parent_phone: str = ""
    upn: str = ""
    school_urn: str = ""
    left_school_on: date | None = None
    reasons: list[str] = field(default_factory=list)
    other_reason: str = ""
    education_description: str = ""
    contact_preferences: list[str] = field(default_factory=list)
    has_ehc_plan: bool = False
    has_sen: bool = False
    # School deletion return (Pupil Registration Regulations 2024 reg 13) and safeguarding.
    deleted_on: date | None = None
    safeguarding_known: bool = False
    safeguarding_notes: str = ""
    # Children's Wellbeing and Schools Act 2026 regime only.
    s47_enquiries: bool = False
    hours_by_parents: Decimal | None = None
    hours_by_others: Decimal | None = None
    other_providers: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("date_of_birth", "left_school_on", "deleted_on"):
            data[key] = data[key].isoformat() if data[key] else None
        for key in ("hours_by_parents", "hours_by_others"):
            data[key] = str(data[key]) if data[key] is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> NotificationAnswers:
        data = dict(data)
        for key in ("date_of_birth", "left_school_on", "deleted_on"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        for key in ("hours_by_parents", "hours_by_others"):
            data[key] = Decimal(data[key]) if data.get(key) is not None else None
        return cls(**data)


def _check(a: NotificationAnswers, today: date, *, school: bool) -> None:
    if not a.first_name.strip() or not a.last_name.strip():
        raise ServiceError("Enter the child's first name and last name.")
    if a.date_of_birth >= today or age_on(a.date_of_birth, today) > MAX_AGE:
        raise ServiceError("The child's date of birth must be in the past, and the child of compulsory school age.")
    if not a.address.strip():
        raise ServiceError("Enter the child's home address.")
    if not a.parent_names.strip():
        raise ServiceError("Enter the names of the child's parents or carers.")
    if a.left_school_on and a.left_school_on > today:
        raise ServiceError("The date the child left school must be today or in the past.")
    if any(r not in rules.DFE_REASONS for r in a.reasons):
        raise ServiceError("Select reasons from the list.")
    if any(c not in rules.CONTACT_PREFERENCES for c in a.contact_preferences):
        raise ServiceError("Select how we should contact you from the list.")
    if school and a.deleted_on is None:
        raise ServiceError("Enter the date of deletion.")


def open_ehe_case_for(child: Child) -> Case | None:
    stmt = (select(Case).where(Case.child_id == child.id, Case.kind == CaseKind.EHE, Case.closed_at.is_(None))
            .order_by(Case.received_on, Case.reference))
    return db.session.scalars(stmt).first()


def notification_for(case: Case) -> EheNotification:
    found = db.session.scalars(select(EheNotification).where(EheNotification.case_id == case.id)).first()
    if found is None:
        raise ServiceError("This home education case has no notification recorded.")
    return found


def _school(urn: str) -> School | None:
    if urn in ("", "none"):
        return None
    school = db.session.scalars(select(School).where(School.urn == urn)).first()
    if school is None:
        raise ServiceError("Select the school from the list, or 'Not listed'.")
    return school


def notify_home_education(user: User, answers: NotificationAnswers, submission_key: str, *, today: date,
                          cwsa_in_force: bool = False) -> Case:
    """A parent tells the council they are educating their child at home (EA 1996 s.7). Once per
    `submission_key`: a double post returns the case the first made. The parent is linked to a
    child this notification creates; a child they are already linked to is found again."""
    earlier = previous_result(submission_key)
    if earlier is not None and earlier.result_type == RESULT_TYPE:
        return db.session.get(EheNotification, uuid.UUID(earlier.result_id)).case
    if user.role not in (Role.PARENT, Role.YOUNG_PERSON):
        raise ServiceError("Only a parent or carer can notify home education here.")
    _check(answers, today, school=False)
    school = _school(answers.school_urn)
    return _open(user, answers, submission_key, school=school, source=EheSource.PARENT, today=today,
                 cwsa_in_force=cwsa_in_force)


def record_deletion_return(user: User, answers: NotificationAnswers, submission_key: str, *, today: date,
                           cwsa_in_force: bool = False) -> Case:
    """A school's return for a pupil whose parent has said in writing that they will home educate
    (Pupil Registration Regulations 2024 reg 13: name, address, parents, contact details, the
    ground and the date of deletion). For a special school pupil the school must not delete the
    name until the council consents: the case waits for an officer's decision."""
    earlier = previous_result(submission_key)
    if earlier is not None and earlier.result_type == RESULT_TYPE:
        return db.session.get(EheNotification, uuid.UUID(earlier.result_id)).case
    if user.role != Role.SCHOOL_STAFF or user.school is None:
        raise ServiceError("Only school staff linked to a school can send a deletion return.")
    _check(answers, today, school=True)
    if answers.deleted_on > today and not user.school.is_special:
        raise ServiceError("The date of deletion must be today or in the past.")
    return _open(user, answers, submission_key, school=user.school, source=EheSource.SCHOOL_DELETION, today=today,
                 cwsa_in_force=cwsa_in_force)


def _open(user: User, a: NotificationAnswers, key: str, *, school: School | None, source: EheSource, today: date,
          cwsa_in_force: bool) -> Case:
    first, last, upn = a.first_name.strip(), a.last_name.strip(), a.upn.strip().upper() or None
    child = match_pupil(user, first, last, a.date_of_birth, upn, team="the home education team")
    if child is not None and (existing := open_ehe_case_for(child)) is not None:
        raise ServiceError(f"{child.full_name} already has an open home education case ({existing.reference}). "
                           "Contact the home education team with anything new.")
    notification_id = uuid.uuid4()
    if not claim(key, user_id=user.id, result_type=RESULT_TYPE, result_id=str(notification_id)):
        stored = previous_result(key)  # a concurrent duplicate made it first
        return db.session.get(EheNotification, uuid.UUID(stored.result_id)).case
    is_new = child is None
    child = add_or_update_child(child, first_name=first, last_name=last, date_of_birth=a.date_of_birth, upn=upn,
                                school=school)
    if is_new and source is EheSource.PARENT:  # linked only to a child this notification creates
        db.session.add(ChildLink(user_id=user.id, child_id=child.id, relationship_kind=Relationship.PARENT_WITH_PR))
    who = user.full_name if source is EheSource.PARENT else f"{user.full_name} ({school.name})"
    case = open_case(child, CaseKind.EHE, received_on=today, actor=user, requested_by=user,
                     summary=f"Home education: {source.label.lower()} received from {who}")
    needs_consent = rules.consent_required(special_school=bool(school and school.is_special),
                                           s47_enquiries=cwsa_in_force and a.s47_enquiries,
                                           cwsa_in_force=cwsa_in_force)
    notification = EheNotification(
        id=notification_id, case_id=case.id, source=source, notified_by_id=user.id,
        school_left_id=school.id if school else None, school_left_name=school.name if school else "",
        left_school_on=a.left_school_on, address=a.address.strip(), parent_names=a.parent_names.strip(),
        parent_email=(a.parent_email.strip() or (user.email if source is EheSource.PARENT else "")),
        parent_phone=a.parent_phone.strip(), contact_preferences=list(a.contact_preferences),
        reasons=list(a.reasons), other_reason=a.other_reason.strip(),
        education_description=a.education_description.strip(), has_ehc_plan=a.has_ehc_plan, has_sen=a.has_sen,
        safeguarding_flag=a.safeguarding_known, safeguarding_notes=a.safeguarding_notes.strip(),
        deletion_ground=rules.DELETION_GROUND if source is EheSource.SCHOOL_DELETION else "",
        deleted_on=None if needs_consent else a.deleted_on, consent_required=needs_consent,
        s47_enquiries=cwsa_in_force and a.s47_enquiries,
        hours_by_parents=a.hours_by_parents if cwsa_in_force else None,
        hours_by_others=a.hours_by_others if cwsa_in_force else None,
        other_providers=a.other_providers.strip() if cwsa_in_force else "")
    db.session.add(notification)
    reasons = ", ".join(rules.reason_labels(a.reasons)) or "none given"
    record_event(case, "ehe_notification_details",
                 f"{source.label}. School left: {school.name if school else 'not given'}. Reasons: {reasons}."
                 + (" EHC plan." if a.has_ehc_plan else "") + (" Safeguarding flag." if a.safeguarding_known else ""),
                 actor=user, data={"notification_id": str(notification_id), "source": source.value})
    add_outbox_message(EMAIL_JOB, {"notification_id": str(notification_id)})
    if needs_consent:
        why = ("the child is registered at a special school" if school and school.is_special
               else "the child is subject to enquiries under section 47 of the Children Act 1989")
        move_case(case, "request_consent", actor=user,
                  summary=f"Council consent required: {why}. The school must not delete the child's name "
                          "until the council decides.")
    db.session.flush()
    return case


def decide_consent(case: Case, *, give: bool, reasons: str, actor: User, expected_version: int | None,
                   today: date) -> list[Notice]:
    """The council's decision whether to consent to the child's name being deleted for home
    education, with reasons: an `ehe_decision` notice (the council's complaints route, not the
    SEND Tribunal) to the parents and a copy to the school."""
    notification = notification_for(case)
    reason_list = [r.strip() for r in reasons.splitlines() if r.strip()]
    if not reason_list:
        raise ServiceError("Give the reasons for the decision.")
    child = case.child.full_name
    school = notification.school_left.name if notification.school_left else "the school"
    decision = (f"We consent to {child}'s name being removed from the admission register of {school} so that "
                f"{child} can be educated at home. {school} may now delete the name."
                if give else
                f"We do not consent to {child}'s name being removed from the admission register of {school}. "
                f"{child} remains a pupil of {school} and must continue to attend.")
    move_case(case, "give_consent" if give else "refuse_consent", actor=actor, expected_version=expected_version,
              summary=decision, data={"reasons": reason_list})
    notification.consent_given, notification.consent_reasons = give, "\n".join(reason_list)
    notification.consent_decided_on = today
    kwargs = {"decision": decision, "reasons": reason_list, "actor": actor, "issued_on": today}
    notices = [queue_notice(case, "ehe_decision", name=r.full_name, email=r.email, user=r, **kwargs)
               for r in family_recipients(case)]
    if not notices and notification.parent_email:
        notices.append(queue_notice(case, "ehe_decision", name=notification.parent_names or "Parent or carer",
                                    email=notification.parent_email, user=None, **kwargs))
    if not notices:
        raise ServiceError("We have no email address for the parents: record it before deciding.")
    if notification.school_left and notification.school_left.email:
        notices.append(queue_notice(case, "ehe_decision", name=notification.school_left.name,
                                    email=notification.school_left.email, user=None, **kwargs))
    return notices


def start_enquiries(case: Case, *, actor: User, expected_version: int | None) -> None:
    """Start the informal enquiries about the suitability of the education (DfE guidance 2019)."""
    move_case(case, "start_enquiries", actor=actor, expected_version=expected_version,
              summary="Enquiries about the child's education started")


def record_check_in(case: Case, *, held_on: date, kind: str, outcome: str, notes: str,
                    next_check_in_on: date | None, actor: User, expected_version: int | None,
                    today: date) -> EheCheckIn:
    """A termly check-in (a call, a visit or a written report) and what it found."""
    check_version(case, expected_version)
    if case.closed_at is not None:
        raise ServiceError("This case is closed.")
    if kind not in {k.value for k in CheckInKind}:
        raise ServiceError("Select how the check-in was made.")
    if outcome not in {o.value for o in CheckInOutcome}:
        raise ServiceError("Select the outcome of the check-in.")
    if held_on > today:
        raise ServiceError("The date of the check-in must be today or in the past.")
    if next_check_in_on is not None and next_check_in_on <= held_on:
        raise ServiceError("The next check-in must be after this one.")
    check_in = EheCheckIn(case_id=case.id, held_on=held_on, kind=CheckInKind(kind), outcome=CheckInOutcome(outcome),
                          notes=notes.strip(), next_check_in_on=next_check_in_on, recorded_by_id=actor.id)
    db.session.add(check_in)
    record_event(case, "ehe_check_in",
                 f"{CheckInKind(kind).label} on {held_on:%d %B %Y}: {CheckInOutcome(outcome).label}"
                 + (f". Next check-in {next_check_in_on:%d %B %Y}" if next_check_in_on else ""),
                 actor=actor, data={"notes": notes.strip(), "outcome": outcome, "kind": kind})
    db.session.flush()
    return check_in


def record_safeguarding_concern(case: Case, *, concern: str, actor: User, expected_version: int | None,
                                today: date) -> None:
    """A safeguarding concern: flagged and highlighted on the register and the case. Refer to
    children's social care through the council's own safeguarding procedure as well."""
    check_version(case, expected_version)
    if not concern.strip():
        raise ServiceError("Describe the safeguarding concern.")
    notification = notification_for(case)
    notification.safeguarding_flag = True
    entry = f"{today:%d %B %Y}: {concern.strip()}"
    notification.safeguarding_notes = "\n".join(n for n in (notification.safeguarding_notes, entry) if n)
    record_event(case, "ehe_safeguarding_concern", f"Safeguarding concern recorded: {concern.strip()}", actor=actor)
    db.session.flush()


def judge_suitable(case: Case, *, reasons: str, actor: User, expected_version: int | None) -> None:
    """The education appears suitable (EA 1996 s.7: efficient, full-time, suitable to age,
    ability, aptitude and any special educational needs)."""
    if not reasons.strip():
        raise ServiceError("Say why the education appears suitable.")
    move_case(case, "judge_suitable", actor=actor, expected_version=expected_version,
              summary=f"Education judged suitable: {reasons.strip()}")


def serve_s437_notice(case: Case, *, served_on: date, days: int, reasons: str, actor: User,
                      expected_version: int | None, today: date) -> date:
    """Serve a notice requiring the parent to satisfy the council, within the period it gives
    (at least 15 days beginning with the day of service), that the child is receiving suitable
    education (EA 1996 s.437(1)-(2)). Returns the last day of the period."""
    if not reasons.strip():
        raise ServiceError("Say why it appears the child is not receiving suitable education.")
    if served_on > today:
        raise ServiceError("The date of service must be today or in the past.")
    try:
        deadline = s437_notice_deadline(served_on, days)
    except ValueError:
        raise ServiceError("The notice must give at least 15 days.") from None
    notification = notification_for(case)
    move_case(case, "serve_s437_notice", actor=actor, expected_version=expected_version,
              summary=f"Notice under s.437(1) served on {served_on:%d %B %Y}: the parent must satisfy the council "
                      f"by {deadline.period_ends_on:%d %B %Y}. Reasons: {reasons.strip()}",
              data={"served_on": served_on.isoformat(), "days": days,
                    "period_ends_on": deadline.period_ends_on.isoformat()})
    notification.s437_served_on, notification.s437_deadline = served_on, deadline.period_ends_on
    return deadline.period_ends_on


def issue_school_attendance_order(case: Case, *, school_name: str, issued_on: date, actor: User,
                                  expected_version: int | None, today: date) -> None:
    """After the s.437(1) period has ended without the parent satisfying the council, and it is
    expedient that the child attend school, a school attendance order naming a school
    (EA 1996 s.437(3)-(5)). Not before the day after the period ends."""
    if not school_name.strip():
        raise ServiceError("Enter the school the order names.")
    if issued_on > today:
        raise ServiceError("The date of the order must be today or in the past.")
    notification = notification_for(case)
    if notification.s437_served_on is None or notification.s437_deadline is None:
        raise ServiceError("Serve a notice under section 437(1) first.")
    may_act_from = notification.s437_deadline + timedelta(days=1)
    if issued_on < may_act_from:
        raise ServiceError(f"The parents have until {notification.s437_deadline:%-d %B %Y} to respond to the notice: "
                           f"an order can be made from {may_act_from:%-d %B %Y}.")
    move_case(case, "issue_school_attendance_order", actor=actor, expected_version=expected_version,
              summary=f"School attendance order made on {issued_on:%d %B %Y} naming {school_name.strip()}")
    notification.sao_school_name, notification.sao_issued_on = school_name.strip(), issued_on


def record_return_to_school(case: Case, *, school_name: str, returned_on: date, actor: User,
                            expected_version: int | None, today: date) -> None:
    """The child is back on a school roll: the case closes."""
    if not school_name.strip():
        raise ServiceError("Enter the school the child has joined.")
    if returned_on > today:
        raise ServiceError("The date the child returned must be today or in the past.")
    notification = notification_for(case)
    move_case(case, "record_return_to_school", actor=actor, expected_version=expected_version,
              summary=f"Returned to school: {school_name.strip()} from {returned_on:%d %B %Y}")
    notification.returned_to_school_on, notification.returned_school_name = returned_on, school_name.strip()


def record_register_details(case: Case, *, hours_by_parents: Decimal | None, hours_by_others: Decimal | None,
                            other_providers: str, actor: User, expected_version: int | None) -> None:
    """The children-not-in-school register data (new EA 1996 ss.436B-436G, Children's Wellbeing
    and Schools Act 2026): time educated by the parents and by others, and other providers."""
    check_version(case, expected_version)
    for hours in (hours_by_parents, hours_by_others):
        if hours is not None and not (0 <= hours <= 168):
            raise ServiceError("Enter hours a week between 0 and 168.")
    notification = notification_for(case)
    notification.hours_by_parents, notification.hours_by_others = hours_by_parents, hours_by_others
    notification.other_providers = other_providers.strip()
    record_event(case, "ehe_register_details",
                 "Children not in school register details updated", actor=actor,
                 data={"hours_by_parents": str(hours_by_parents) if hours_by_parents is not None else None,
                       "hours_by_others": str(hours_by_others) if hours_by_others is not None else None,
                       "other_providers": other_providers.strip()})
    db.session.flush()

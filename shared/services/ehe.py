"""Elective home education casework (EA 1996 ss.7, 436A, 437; journey 6; docs/home-education.md).

A parent's notification or a school's deletion return opens the case; a child at a special school
(and, under the Children's Wellbeing and Schools Act 2026 regime, a child subject to s.47 Children
Act 1989 enquiries) needs the council's consent first; then enquiries, termly check-ins,
safeguarding concerns, the suitability judgement, the s.437(1) notice, the notice of intention
to serve a school attendance order and the order (each sent as a letter, or recorded when served
outside the system), the parent's information duty (CWSA 2026) and the return to school.
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
    EheInformationRequest,
    EheNotification,
    EheSource,
    Notice,
    Relationship,
    Role,
    School,
    User,
)
from shared.outbox import add_outbox_message
from shared.queries.ehe import open_information_request
from shared.queries.school_memberships import approved_school
from shared.queries.schools import school_by_id
from shared.services.cases import case_record, check_version, move_case, open_case, open_case_of_kind
from shared.services.children import add_or_update_child, match_pupil
from shared.services.chronology import record_event
from shared.services.decisions import family_recipients, notices_for_recipient, queue_notice
from shared.services.errors import ServiceError
from shared.services.recipients import Recipient, notice_recipients
from shared.services.submissions import claim, earlier_case, previous_result

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
    return open_case_of_kind(child, CaseKind.EHE)


def notification_for(case: Case) -> EheNotification:
    return case_record(case, EheNotification, "This home education case has no notification recorded.")


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
    if (earlier := earlier_case(submission_key, RESULT_TYPE, EheNotification)) is not None:
        return earlier
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
    if (earlier := earlier_case(submission_key, RESULT_TYPE, EheNotification)) is not None:
        return earlier
    school = approved_school(user)
    if school is None:
        raise ServiceError("Only school staff whose access to their school is approved can send a deletion return.")
    _check(answers, today, school=True)
    if answers.deleted_on > today and not school.is_special:
        raise ServiceError("The date of deletion must be today or in the past.")
    return _open(user, answers, submission_key, school=school, source=EheSource.SCHOOL_DELETION, today=today,
                 cwsa_in_force=cwsa_in_force)


def _open(user: User, a: NotificationAnswers, key: str, *, school: School | None, source: EheSource, today: date,
          cwsa_in_force: bool) -> Case:
    first, last, upn = a.first_name.strip(), a.last_name.strip(), a.upn.strip().upper() or None
    child = match_pupil(user, first, last, a.date_of_birth, upn, team="the home education team")
    from shared.services.ehe_join import join_notification  # here: ehe_join builds on this module

    joined = join_notification(user, a, key, child=child, school=school, source=source, cwsa_in_force=cwsa_in_force)
    if joined is not None:  # the second notification for a child with an open case joins it
        return joined
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
                 + (" EHC plan." if a.has_ehc_plan else ""),
                 actor=user, data={"notification_id": str(notification_id), "source": source.value})
    if a.safeguarding_known:
        record_reported_concern(case, a.safeguarding_notes, actor=user)
    add_outbox_message(EMAIL_JOB, {"notification_id": str(notification_id)})
    _carry_earlier_order(case, notification, source, needs_consent=needs_consent, actor=user)
    if needs_consent:
        why = ("the child is registered at a special school" if school and school.is_special
               else "the child is subject to enquiries under section 47 of the Children Act 1989")
        move_case(case, "request_consent", actor=user,
                  summary=f"Council consent required: {why}. The school must not delete the child's name "
                          "until the council decides.")
    db.session.flush()
    return case


_CARRIED_ORDER_FIELDS = ("sao_school_id", "sao_school_name", "sao_issued_on", "sao_sent_by_system", "sao_amended_on",
                         "sao_previous_school_name")


def _earlier_order(case: Case) -> tuple[EheNotification, rules.EarlierOrder] | None:
    """The order still in force from one of the child's earlier home education cases, if any."""
    stmt = (select(EheNotification, Case.reference).join(Case, Case.id == EheNotification.case_id)
            .where(Case.child_id == case.child_id, Case.kind == CaseKind.EHE, Case.id != case.id,
                   EheNotification.sao_issued_on.is_not(None))
            .order_by(Case.received_on, Case.opened_at))
    rows = db.session.execute(stmt).all()
    found = rules.order_still_in_force([rules.EarlierOrder(reference, n.sao_issued_on, n.sao_revoked_on)
                                        for n, reference in rows])
    return (rows[-1][0], found) if found else None


def _carry_earlier_order(case: Case, notification: EheNotification, source: EheSource, *, needs_consent: bool,
                         actor: User) -> None:
    """A child who went back to school under a school attendance order and is taken off roll again
    still has the order: it lasts while the child is of compulsory school age unless revoked (EA
    1996 s.437(4)) and must be revoked first (statutory-rules.md section 5; s.442). The new case
    records the warning and carries the order (the school named, the dates), so that it can be
    revoked or amended there (`shared.services.ehe_sao`). When the council's consent is needed
    as well (a special school, s.47 enquiries) the case waits for that decision with the order
    carried: the order can be revoked meanwhile, and consent cannot be given until it is."""
    earlier = _earlier_order(case)
    if earlier is None:
        return
    old, order = earlier
    school = old.sao_school_name or "a school"
    record_event(case, rules.SAO_WARNING_EVENT,
                 f"A school attendance order made on {order.issued_on:%-d %B %Y} (case {order.case_reference}), "
                 f"naming {school}, is still in force: it must be revoked before {case.child.full_name} can be taken "
                 f"off a school's roll to be educated at home. This {source.label.lower()} does not end the order.",
                 actor=actor, data={"source": source.value, "sao_issued_on": order.issued_on.isoformat(),
                                    "earlier_case_reference": order.case_reference})
    for name in _CARRIED_ORDER_FIELDS:
        setattr(notification, name, getattr(old, name))
    carried = (f"The school attendance order made on {order.issued_on:%-d %B %Y} on case {order.case_reference} is "
               "still in force: this case carries it until it is revoked.")
    if needs_consent:  # the case waits for the consent decision, which cannot be given while the order stands
        record_event(case, "ehe_sao_carried", carried, actor=actor,
                     data={"sao_issued_on": order.issued_on.isoformat(), "earlier_case_reference": order.case_reference})
        return
    move_case(case, "carry_school_attendance_order", actor=actor, summary=carried)


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
    if give and rules.sao_in_force(notification.sao_issued_on, notification.sao_revoked_on):
        # statutory-rules.md section 5: an order in force must be revoked first (EA 1996 s.437(4), s.442)
        raise ServiceError(f"A school attendance order is in force for {child}: revoke it before consenting to the "
                           "name being removed, or refuse consent.")
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
    return _to_parents(case, notification, "ehe_decision", copy_to=notification.school_left, decision=decision,
                       reasons=reason_list, actor=actor, issued_on=today)


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


def record_reported_concern(case: Case, notes: str, *, actor: User) -> None:
    """Safeguarding concerns reported with a notification or return: on the chronology for staff
    only, never for the family or a school to read (shared.services.chronology.record_event)."""
    record_event(case, "ehe_safeguarding_concern",
                 f"Safeguarding concerns reported by {actor.full_name}: {notes.strip() or 'no details given'}",
                 actor=actor, staff_only=True)


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
    record_event(case, "ehe_safeguarding_concern", f"Safeguarding concern recorded: {concern.strip()}", actor=actor,
                 staff_only=True)
    db.session.flush()


def judge_suitable(case: Case, *, reasons: str, actor: User, expected_version: int | None) -> None:
    """The education appears suitable (EA 1996 s.7: efficient, full-time, suitable to age,
    ability, aptitude and any special educational needs)."""
    if not reasons.strip():
        raise ServiceError("Say why the education appears suitable.")
    move_case(case, "judge_suitable", actor=actor, expected_version=expected_version,
              summary=f"Education judged suitable: {reasons.strip()}")


def _s437_deadline(served_on: date, days: int, reasons: str, today: date):
    if not reasons.strip():
        raise ServiceError("Say why it appears the child is not receiving suitable education.")
    if served_on > today:
        raise ServiceError("The date of service must be today or in the past.")
    try:
        return s437_notice_deadline(served_on, days)
    except ValueError:
        raise ServiceError("The notice must give at least 15 days.") from None


def _move_to_s437(case: Case, notification: EheNotification, *, served_on: date, days: int, reasons: str,
                  period_ends_on: date, sent: bool, actor: User, expected_version: int | None) -> None:
    how = "sent" if sent else "served"
    move_case(case, "serve_s437_notice", actor=actor, expected_version=expected_version,
              summary=f"Notice under s.437(1) {how} on {served_on:%d %B %Y}: the parent must satisfy the council "
                      f"by {period_ends_on:%d %B %Y}. Reasons: {reasons.strip()}",
              data={"served_on": served_on.isoformat(), "days": days, "sent_by_system": sent,
                    "period_ends_on": period_ends_on.isoformat()})
    notification.s437_served_on, notification.s437_deadline = served_on, period_ends_on
    notification.s437_sent_by_system = sent


def serve_s437_notice(case: Case, *, served_on: date, days: int, reasons: str, actor: User,
                      expected_version: int | None, today: date) -> date:
    """Record a notice served outside the system requiring the parent to satisfy the council,
    within the period it gives (at least 15 days beginning with the day of service), that the
    child is receiving suitable education (EA 1996 s.437(1)-(2)). Returns the last day of the period."""
    deadline = _s437_deadline(served_on, days, reasons, today)
    notification = notification_for(case)
    _move_to_s437(case, notification, served_on=served_on, days=days, reasons=reasons,
                  period_ends_on=deadline.period_ends_on, sent=False, actor=actor,
                  expected_version=expected_version)
    return deadline.period_ends_on


def _officer(actor: User) -> dict:
    return {"officer_name": actor.full_name, "officer_email": actor.email or "", "signed_by": actor.full_name,
            "service_name": "Elective home education team"}


def _reason_lines(reasons: str) -> list[str]:
    return [r.strip() for r in reasons.splitlines() if r.strip()]


def _to_parents(case: Case, notification: EheNotification, decision_type: str, *, copy_to: School | None = None,
                **kwargs) -> list[Notice]:
    """One letter to each parent by each of their channels (`shared.services.recipients`: their
    accounts and the contacts on record, else the parent named on the notification, by email or
    by post to the address it gave), and a copy to `copy_to` when it has an email; queued in the
    caller's transaction. Never refused for want of an account or an email address."""
    fallback = [Recipient(name=notification.parent_names or "Parent or carer", email=notification.parent_email,
                          address_lines=tuple(line.strip() for line in notification.address.splitlines()
                                              if line.strip()))]
    notices: list[Notice] = []
    for recipient in notice_recipients(case, fallback):
        notices += notices_for_recipient(case, decision_type, recipient, **kwargs)
    if copy_to is not None and copy_to.email:
        notices.append(queue_notice(case, decision_type, name=copy_to.name, email=copy_to.email, user=None,
                                    **kwargs))
    return notices


def send_s437_notice(case: Case, *, days: int, reasons: str, actor: User, expected_version: int | None,
                     today: date) -> list[Notice]:
    """Send the notice under EA 1996 s.437(1) as a letter to each parent: it appears the child is
    not receiving suitable education, the reasons, and that the parent must satisfy the council
    within the period (at least 15 days beginning with the day of service, s.437(2)) that the
    child is receiving suitable full-time education (s.7); a school attendance order may follow
    (s.437(3)). The period starts on the day the letter is sent (`today`): we read an email the
    parent has agreed to receive notices by as served that day (check: EA 1996 s.572 allows
    email only with the parent's agreement; a posted letter is deemed served when it would be
    delivered in the ordinary course of post, Interpretation Act 1978 s.7, so a council posting
    it should give more than 15 days)."""
    deadline = _s437_deadline(today, days, reasons, today)
    notification = notification_for(case)
    _move_to_s437(case, notification, served_on=today, days=days, reasons=reasons,
                  period_ends_on=deadline.period_ends_on, sent=True, actor=actor, expected_version=expected_version)
    child = case.child.full_name
    ends = deadline.period_ends_on
    decision = (f"It appears to us that {child} is not receiving suitable education. We require you to satisfy us, "
                f"by {ends:%-d %B %Y}, that {child} is receiving suitable full-time education, either by regular "
                "attendance at school or otherwise (section 437(1) of the Education Act 1996).")
    extra = {**_officer(actor), "respond_by": ends, "days": days, "decision_heading": "This notice",
             "reasons_heading": f"Why it appears {child} is not receiving suitable education",
             "key_dates": [{"label": "Satisfy us that the education is suitable by", "date": ends.isoformat(),
                            "deadline": True}]}
    return _to_parents(case, notification, "ehe_s437_notice", decision=decision, reasons=_reason_lines(reasons),
                       actor=actor, issued_on=today, extra=extra)


def _sao_may_act(notification: EheNotification, when: date) -> None:
    if notification.s437_served_on is None or notification.s437_deadline is None:
        raise ServiceError("Serve a notice under section 437(1) first.")
    may_act_from = rules.sao_may_act_from(notification.s437_deadline, notification.sao_intention_choose_by)
    if when < may_act_from:
        if notification.sao_intention_choose_by and may_act_from > notification.s437_deadline + timedelta(days=1):
            raise ServiceError(f"The parents have until {notification.sao_intention_choose_by:%-d %B %Y} to choose "
                               f"a school: an order can be made from {may_act_from:%-d %B %Y}.")
        raise ServiceError(f"The parents have until {notification.s437_deadline:%-d %B %Y} to respond to the notice: "
                           f"an order can be made from {may_act_from:%-d %B %Y}.")


def send_sao_intention(case: Case, *, school_id, alternative_ids: list, reasons: str, actor: User,
                       expected_version: int | None, today: date) -> list[Notice]:
    """The written notice of the council's intention to serve a school attendance order (EA 1996
    s.438(2)-(6)), sent as a letter to each parent with a copy to the school: the school the
    council intends to name, any alternatives it thinks suitable, and the parent's right to
    choose within 15 days beginning with the day of service (`rules.sao_choice_period_ends`,
    served the day it is sent: check, as for `send_s437_notice`). Only once the s.437(1) period
    has ended (s.437(3)(a))."""
    notification = notification_for(case)
    if not reasons.strip():
        raise ServiceError("Say why the parents have not satisfied the council.")
    school = school_by_id(school_id)
    if school is None:
        raise ServiceError("Select the school the council intends to name.")
    alternatives = [a for a in (school_by_id(i) for i in alternative_ids) if a is not None and a.id != school.id]
    _sao_may_act(notification, today)
    choose_by = rules.sao_choice_period_ends(today)
    names = [a.name for a in alternatives]
    move_case(case, "serve_sao_intention", actor=actor, expected_version=expected_version,
              summary=f"Notice of intention to serve a school attendance order sent on {today:%d %B %Y}, naming "
                      f"{school.name}" + (f" (alternatives: {', '.join(names)})" if names else "")
                      + f". The parents may choose a school until {choose_by:%d %B %Y}.",
              data={"school_id": str(school.id), "alternatives": names, "choose_by": choose_by.isoformat()})
    notification.sao_intention_served_on, notification.sao_intention_choose_by = today, choose_by
    notification.sao_intention_school_id, notification.sao_intention_school_name = school.id, school.name
    notification.sao_intention_alternatives = names
    child = case.child.full_name
    decision = (f"We intend to serve a school attendance order requiring you to register {child} as a pupil at "
                f"{school.name}.")
    extra = {**_officer(actor), "school_name": school.name, "alternatives": names, "choose_by": choose_by,
             "decision_heading": "What we intend to do",
             "reasons_heading": "Why we think the education is not suitable",
             "key_dates": [{"label": "Tell us which school you choose by", "date": choose_by.isoformat(),
                            "deadline": True}]}
    return _to_parents(case, notification, "ehe_sao_intention", copy_to=school, decision=decision,
                       reasons=_reason_lines(reasons), actor=actor, issued_on=today, extra=extra)


def send_school_attendance_order(case: Case, *, school_id, reasons: str, actor: User,
                                 expected_version: int | None, today: date) -> list[Notice]:
    """Serve the school attendance order (EA 1996 s.437(3)-(5)) as a letter to each parent, naming
    the school, with a copy to the school. Only after the notice of intention (s.438(2): "before
    serving a school attendance order ... shall serve ... a written notice of their intention")
    and once both the s.437(1) period and the parent's 15 days to choose a school have ended; the
    school is the one the parent chose, or the one in the notice (the officer records which)."""
    notification = notification_for(case)
    if notification.sao_intention_served_on is None:
        raise ServiceError("Send the notice of intention to serve a school attendance order first.")
    if not reasons.strip():
        raise ServiceError("Say why the council is making the order.")
    school = school_by_id(school_id)
    if school is None:
        raise ServiceError("Select the school the order names.")
    _sao_may_act(notification, today)
    move_case(case, "issue_school_attendance_order", actor=actor, expected_version=expected_version,
              summary=f"School attendance order sent on {today:%d %B %Y} naming {school.name}",
              data={"school_id": str(school.id), "sent_by_system": True})
    notification.sao_school_id, notification.sao_school_name = school.id, school.name
    notification.sao_issued_on, notification.sao_sent_by_system = today, True
    child = case.child.full_name
    decision = (f"We have made a school attendance order requiring you to register {child} as a pupil at "
                f"{school.name}.")
    extra = {**_officer(actor), "school_name": school.name, "decision_heading": "The order",
             "reasons_heading": "Why we made the order"}
    return _to_parents(case, notification, "ehe_school_attendance_order", copy_to=school, decision=decision,
                       reasons=_reason_lines(reasons), actor=actor, issued_on=today, extra=extra)


def issue_school_attendance_order(case: Case, *, school_name: str, issued_on: date, actor: User,
                                  expected_version: int | None, today: date) -> None:
    """Record a school attendance order made outside the system, naming a school, after the
    s.437(1) period has ended without the parent satisfying the council (EA 1996 s.437(3)-(5)):
    not before the day after the period ends, nor, when a notice of intention was sent, before
    the day after the parent's 15 days to choose a school end (s.438(4)-(6))."""
    if not school_name.strip():
        raise ServiceError("Enter the school the order names.")
    if issued_on > today:
        raise ServiceError("The date of the order must be today or in the past.")
    notification = notification_for(case)
    _sao_may_act(notification, issued_on)
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


def request_information(case: Case, *, days: int, actor: User, expected_version: int | None,
                        today: date) -> list[Notice]:
    """Ask the parents for the children-not-in-school register information they must give (new
    EA 1996 s.436D, Children's Wellbeing and Schools Act 2026): the time the child is educated by
    them and by others, the other providers, and the address; with the date to answer by
    (`rules.information_due_on`, `days` from the setting `ehe_information_days`). A letter to
    each parent through the notice pipeline (not a decision: nothing to challenge). One open
    request at a time."""
    check_version(case, expected_version)
    if case.closed_at is not None:
        raise ServiceError("This case is closed.")
    if open_information_request(case) is not None:
        raise ServiceError("A request for information is already waiting for an answer.")
    notification = notification_for(case)
    due_on = rules.information_due_on(today, days)
    request = EheInformationRequest(case_id=case.id, requested_on=today, due_on=due_on, requested_by_id=actor.id)
    db.session.add(request)
    record_event(case, "ehe_information_requested",
                 f"Register information requested from the parents, to answer by {due_on:%d %B %Y}", actor=actor,
                 data={"due_on": due_on.isoformat()})
    child = case.child.full_name
    decision = (f"Please tell us how {child} is being educated, for the children not in school register, "
                f"by {due_on:%-d %B %Y}.")
    extra = {**_officer(actor), "answer_by": due_on, "decision_heading": "What we are asking for",
             "key_dates": [{"label": "Please give us the information by", "date": due_on.isoformat(),
                            "deadline": True}]}
    notices = _to_parents(case, notification, "ehe_information_request", decision=decision, reasons=[],
                          actor=actor, issued_on=today, extra=extra)
    db.session.flush()
    return notices


@dataclass
class InformationAnswers:
    """The parent's answers to a request for the register information."""

    hours_by_parents: Decimal | None
    hours_by_others: Decimal | None
    other_providers: str = ""
    address: str = ""


def answer_information_request(case: Case, answers: InformationAnswers, *, user: User,
                               today: date) -> EheInformationRequest:
    """A parent answers the open request in the portal: the answers update the notification's
    register details (and the address, when given) and are recorded on the chronology. Only
    someone linked to the child as a parent (or the young person) may answer; an answered
    request cannot be answered again."""
    if user.id not in {r.id for r in family_recipients(case)}:
        raise ServiceError("Only the child's parents can answer this request.")
    request = open_information_request(case)
    if request is None:
        raise ServiceError("There is no request for information waiting for an answer.")
    for hours in (answers.hours_by_parents, answers.hours_by_others):
        if hours is not None and not (0 <= hours <= 168):
            raise ServiceError("Enter hours a week between 0 and 168.")
    if answers.hours_by_parents is None:
        raise ServiceError("Enter the hours a week the child is taught by the parents.")
    notification = notification_for(case)
    notification.hours_by_parents, notification.hours_by_others = answers.hours_by_parents, answers.hours_by_others
    notification.other_providers = answers.other_providers.strip()
    if answers.address.strip():
        notification.address = answers.address.strip()
    request.answered_on, request.answered_by_id = today, user.id
    record_event(case, "ehe_information_answered",
                 f"Register information given by {user.full_name}: {answers.hours_by_parents} hours a week taught "
                 f"by the parents, {answers.hours_by_others if answers.hours_by_others is not None else 'no'} hours "
                 f"by others" + (f"; other providers: {answers.other_providers.strip()}"
                                 if answers.other_providers.strip() else "")
                 + ("; new address given" if answers.address.strip() else ""),
                 actor=user,
                 data={"request_id": str(request.id), "hours_by_parents": str(answers.hours_by_parents),
                       "hours_by_others": (str(answers.hours_by_others) if answers.hours_by_others is not None
                                           else None),
                       "other_providers": answers.other_providers.strip(), "address": answers.address.strip()})
    db.session.flush()
    return request

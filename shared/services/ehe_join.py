"""Joining a second home education notification to the child's open EHE case (docs/home-education.md).

A parent's notification (EA 1996 s.7) and a school's deletion return (Pupil Registration
Regulations 2024 reg 13) are often both sent for the same child. Instead of refusing the second,
its facts are added to the case's one `EheNotification`:

- a school's return for a pupil with an open EHE case adds the deletion date and ground, the school
  left (if blank), the safeguarding flag (OR-ed, notes appended) and the EHC plan and SEN flags
  (OR-ed); a special school pupil (or, under the CWSA 2026 regime, a child under s.47 enquiries)
  whose consent has not been decided needs the council's consent first, so the deletion date waits
  and a case still "notified" moves to "council consent required";
- a parent's notification about a child on record they are not linked to (same name and date of
  birth, with an open EHE case opened by a school's return) never links them: a parent's claim
  proves nothing (UK GDPR Art 9; shared/services/links.py). It is joined as a pending link for an
  officer to confirm on the case page, and fills the parent's answers where the return left them
  blank.

Either way an `ehe_notification_joined` event records the answers, the submission key is
claimed for the existing notification (a double post still makes one record), and the sender gets
an email naming the existing reference (`send_ehe_joined_email`). When the case has a school
attendance order in force (`rules.sao_in_force`, status "school_attendance_order"), an
`ehe_sao_in_force_warning` event says so too: the order must be revoked before the child is taken
off roll to be educated at home (statutory-rules.md section 5; EA 1996 s.437(4), s.442); the
back-office case page shows the warning.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from shared.db import db
from shared.domain import ehe as rules
from shared.models import (
    Case,
    CaseKind,
    Child,
    ChildLink,
    EheNotification,
    EheSource,
    Relationship,
    Role,
    School,
    User,
)
from shared.outbox import add_outbox_message
from shared.services.cases import move_case
from shared.services.chronology import record_event
from shared.services.ehe import (
    RESULT_TYPE,
    NotificationAnswers,
    notification_for,
    open_ehe_case_for,
    record_reported_concern,
)
from shared.services.submissions import claim, previous_result

EMAIL_JOB = "send_ehe_joined_email"


def join_notification(user: User, a: NotificationAnswers, key: str, *, child: Child | None, school: School | None,
                      source: EheSource, cwsa_in_force: bool) -> Case | None:
    """The open EHE case this notification was joined to, or None when it opens a case of its
    own (no open case to join, or a parent's second notification of their own, which the caller
    refuses)."""
    if source is EheSource.SCHOOL_DELETION:
        case = open_ehe_case_for(child) if child is not None else None
        if case is None:
            return None
        return _claimed(user, key, case) or _join_school_return(user, a, case, school, cwsa_in_force)
    if child is None:
        child = _unlinked_child_with_school_return(a)
    case = open_ehe_case_for(child) if child is not None else None
    if case is None or notification_for(case).source is not EheSource.SCHOOL_DELETION:
        return None
    return _claimed(user, key, case) or _join_parent_notification(user, a, case)


def _claimed(user: User, key: str, case: Case) -> Case | None:
    """Claim the key for the case's notification; a concurrent duplicate that made it first wins."""
    if claim(key, user_id=user.id, result_type=RESULT_TYPE, result_id=str(notification_for(case).id)):
        return None
    stored = previous_result(key)
    return db.session.get(EheNotification, uuid.UUID(stored.result_id)).case


def _unlinked_child_with_school_return(a: NotificationAnswers) -> Child | None:
    """The one child with this name and date of birth whose open EHE case a school's return
    opened; None when there is none, or more than one (an officer sorts that out)."""
    stmt = (select(Child.id).join(Case, Case.child_id == Child.id)
            .join(EheNotification, EheNotification.case_id == Case.id)
            .where(func.lower(Child.first_name) == a.first_name.strip().lower(),
                   func.lower(Child.last_name) == a.last_name.strip().lower(),
                   Child.date_of_birth == a.date_of_birth, Case.kind == CaseKind.EHE, Case.closed_at.is_(None),
                   EheNotification.source == EheSource.SCHOOL_DELETION)
            .order_by(Child.id).distinct())
    ids = list(db.session.scalars(stmt))
    return db.session.get(Child, ids[0]) if len(ids) == 1 else None


def _join_school_return(user: User, a: NotificationAnswers, case: Case, school: School | None,
                        cwsa_in_force: bool) -> Case:
    n = notification_for(case)
    needs_consent = n.consent_given is None and rules.consent_required(
        special_school=bool(school and school.is_special), s47_enquiries=cwsa_in_force and a.s47_enquiries,
        cwsa_in_force=cwsa_in_force)
    if school is not None and n.school_left_id is None:
        n.school_left_id, n.school_left_name = school.id, school.name
    n.deletion_ground = n.deletion_ground or rules.DELETION_GROUND
    if needs_consent:
        n.consent_required = True  # the school must not delete the name until the council consents
    elif n.deleted_on is None:
        n.deleted_on = a.deleted_on
    n.safeguarding_flag = n.safeguarding_flag or a.safeguarding_known
    if a.safeguarding_notes.strip():
        n.safeguarding_notes = "\n\n".join(p for p in (n.safeguarding_notes, a.safeguarding_notes.strip()) if p)
    n.has_ehc_plan, n.has_sen = n.has_ehc_plan or a.has_ehc_plan, n.has_sen or a.has_sen
    n.s47_enquiries = n.s47_enquiries or (cwsa_in_force and a.s47_enquiries)
    _fill_blanks(n, a, ("address", "parent_names", "parent_email", "parent_phone"))
    where = school.name if school else "the school"
    record_event(case, "ehe_notification_joined",
                 f"School's deletion return from {user.full_name} ({where}) added to this case"
                 + (f": date of deletion {a.deleted_on:%-d %B %Y}" if a.deleted_on and not needs_consent else "")
                 + ".",
                 actor=user, data={"notification_id": str(n.id), "source": EheSource.SCHOOL_DELETION.value,
                                   "answers": a.to_json()})
    if a.safeguarding_known:
        record_reported_concern(case, a.safeguarding_notes, actor=user)
    _warn_if_order_in_force(case, n, EheSource.SCHOOL_DELETION, actor=user)
    add_outbox_message(EMAIL_JOB, {"case_id": str(case.id), "user_id": str(user.id),
                                   "source": EheSource.SCHOOL_DELETION.value})
    if needs_consent and case.status == "notified":
        move_case(case, "request_consent", actor=user,
                  summary=f"Council consent required: {case.child.full_name} is registered at {where}, a special "
                          "school (or is subject to section 47 enquiries). The school must not delete the child's "
                          "name until the council decides.")
    db.session.flush()
    return case


def _join_parent_notification(user: User, a: NotificationAnswers, case: Case) -> Case:
    n = notification_for(case)
    linked = db.session.scalars(select(ChildLink.id).where(ChildLink.child_id == case.child_id,
                                                           ChildLink.user_id == user.id)).first() is not None
    _fill_blanks(n, a, ("other_reason", "education_description", "parent_phone"))
    n.parent_email = n.parent_email or a.parent_email.strip() or user.email
    if not n.reasons:
        n.reasons = list(a.reasons)
    if not n.contact_preferences:
        n.contact_preferences = list(a.contact_preferences)
    if n.left_school_on is None:
        n.left_school_on = a.left_school_on
    data = {"notification_id": str(n.id), "source": EheSource.PARENT.value, "answers": a.to_json(),
            "link_pending": not linked}
    summary = f"Parent's notification from {user.full_name} added to this case."
    if not linked:
        relationship = (Relationship.YOUNG_PERSON_SELF if user.role == Role.YOUNG_PERSON
                        else Relationship.PARENT_WITH_PR)
        data.update(pending_user_id=str(user.id), pending_relationship=relationship.value)
        summary += (f" {user.full_name} is not yet linked to this child in our records: an officer must confirm "
                    "who they are before they can see the case online.")
    record_event(case, "ehe_notification_joined", summary, actor=user, data=data)
    _warn_if_order_in_force(case, n, EheSource.PARENT, actor=user)
    add_outbox_message(EMAIL_JOB, {"case_id": str(case.id), "user_id": str(user.id),
                                   "source": EheSource.PARENT.value, "link_pending": not linked})
    db.session.flush()
    return case


def _warn_if_order_in_force(case: Case, n: EheNotification, source: EheSource, *, actor: User) -> None:
    """A school attendance order in force must be revoked before the child can be taken off roll
    to be educated at home (statutory-rules.md section 5; EA 1996 s.437(4): the order lasts while
    the child is of compulsory school age unless revoked, s.442). A chronology event for the team
    (and anyone who reads the case's chronology); the case page shows the warning."""
    if case.status != "school_attendance_order" or not rules.sao_in_force(n.sao_issued_on, n.sao_revoked_on):
        return
    child = case.child.full_name
    record_event(case, rules.SAO_WARNING_EVENT,
                 f"A school attendance order is in force (made on {n.sao_issued_on:%-d %B %Y}, naming "
                 f"{n.sao_school_name or 'a school'}): it must be revoked before {child} can be taken off a school's "
                 f"roll to be educated at home. This {source.label.lower()} does not end the order.",
                 actor=actor, data={"source": source.value, "sao_issued_on": n.sao_issued_on.isoformat()})


def _fill_blanks(n: EheNotification, a: NotificationAnswers, names: tuple[str, ...]) -> None:
    for name in names:
        if not getattr(n, name) and getattr(a, name).strip():
            setattr(n, name, getattr(a, name).strip())

"""Elective home education reads: a case's notification and check-ins, and the EHE register
(docs/home-education.md). Cases come only through the user's visibility rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from shared.db import db
from shared.domain import ehe as rules
from shared.domain.lifecycles import EHE
from shared.models import (
    Case,
    CaseKind,
    EheCheckIn,
    EheInformationRequest,
    EheNotification,
    Event,
    Role,
    User,
)
from shared.queries.cases import visible_cases


def cwsa_in_force() -> bool:
    """The Children's Wellbeing and Schools Act 2026 regime (a setting, off by default)."""
    return bool(has_app_context() and current_app.config["SETTINGS"].ehe_cwsa_2026)


def notification_for_case(case: Case) -> EheNotification | None:
    return db.session.scalars(select(EheNotification).where(EheNotification.case_id == case.id)).first()


def case_for_submission(key: str) -> Case | None:
    """The case an earlier POST of a notification with this idempotency key made, if any."""
    from shared.services.submissions import previous_result

    earlier = previous_result(key)
    if earlier is None or earlier.result_type != "ehe_notification":
        return None
    notification = db.session.get(EheNotification, uuid.UUID(earlier.result_id))
    return notification.case if notification else None


def case_awaiting_link(user: User, case_id: uuid.UUID) -> Case | None:
    """An EHE case this user's notification was joined to while their link to the child waits for
    an officer to confirm who they are (shared.services.ehe_join, shared.services.links). They may
    learn that it arrived and its reference; nothing about the case until the link is confirmed."""
    stmt = (select(Case).join(Event, Event.case_id == Case.id)
            .where(Case.id == case_id, Case.kind == CaseKind.EHE, Event.kind == "ehe_notification_joined",
                   Event.data["pending_user_id"].astext == str(user.id)))
    return db.session.scalars(stmt).first()


def check_ins_for_case(case: Case) -> list[EheCheckIn]:
    stmt = select(EheCheckIn).where(EheCheckIn.case_id == case.id).order_by(EheCheckIn.held_on.desc(),
                                                                           EheCheckIn.created_at.desc())
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class RegisterRow:
    case: Case
    notification: EheNotification | None  # None: an open case without its notification still shows
    status_label: str
    reasons: list[str]
    last_contact_on: date | None
    next_check_in_on: date | None
    check_in_due: bool
    information_overdue: bool = False
    information_due_on: date | None = None  # the date the unanswered request (the earliest) is due by


STATUS_FILTERS = {"open": "All open cases", **{s: label for s, label in EHE.labels.items()}}


REGISTER_PAGE_SIZE = 100


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    page: int
    pages: int
    per_page: int


def _register_statement(user: User, *, status: str, due_only: bool, today: date, overdue_only: bool = False):
    """The register's rows (case, notification, last contact, next check-in, the earliest date an
    unanswered information request is due), filtered, in the register's order. `overdue_only`
    keeps the open cases with a request for the register information unanswered after its date
    (the same rule as the row's tag, `rules.information_overdue`)."""
    last = (select(EheCheckIn.case_id, func.max(EheCheckIn.held_on).label("last_on"))
            .group_by(EheCheckIn.case_id).subquery())
    latest_next = (select(EheCheckIn.case_id, EheCheckIn.next_check_in_on)
                   .distinct(EheCheckIn.case_id)
                   .order_by(EheCheckIn.case_id, EheCheckIn.held_on.desc(), EheCheckIn.created_at.desc())
                   .subquery())
    waiting = (select(EheInformationRequest.case_id, func.min(EheInformationRequest.due_on).label("due_on"))
               .where(EheInformationRequest.answered_on.is_(None))
               .group_by(EheInformationRequest.case_id).subquery())
    cases = visible_cases(user).where(Case.kind == CaseKind.EHE).subquery()
    stmt = (select(Case, EheNotification, last.c.last_on, latest_next.c.next_check_in_on, waiting.c.due_on)
            .join(cases, cases.c.id == Case.id)
            # An outer join: a case without its notification is still the team's case, and a
            # register that leaves it out hides a child nobody is looking after.
            .outerjoin(EheNotification, EheNotification.case_id == Case.id)
            .outerjoin(last, last.c.case_id == Case.id)
            .outerjoin(latest_next, latest_next.c.case_id == Case.id)
            .outerjoin(waiting, waiting.c.case_id == Case.id))
    if status == "open":
        stmt = stmt.where(Case.closed_at.is_(None))
    elif status in EHE.labels:
        stmt = stmt.where(Case.status == status)
    if due_only:
        stmt = stmt.where(latest_next.c.next_check_in_on <= today, Case.closed_at.is_(None))
    if overdue_only:
        stmt = stmt.where(waiting.c.due_on < today, Case.closed_at.is_(None))
    return stmt.order_by(EheNotification.safeguarding_flag.desc(),
                         latest_next.c.next_check_in_on.asc().nulls_last(), Case.reference)


def _reasons(notification: EheNotification | None) -> list[str]:
    if notification is None:
        return []
    return rules.reason_labels(notification.reasons) or ([notification.other_reason] if notification.other_reason
                                                         else [])


def _register_rows(stmt, today: date) -> list[RegisterRow]:
    stmt = stmt.options(joinedload(Case.child, innerjoin=True))  # the page names every child: no N+1
    rows = []
    for case, notification, last_on, next_on, info_due_on in db.session.execute(stmt):
        rows.append(RegisterRow(case=case, notification=notification, status_label=EHE.labels[case.status],
                                reasons=_reasons(notification),
                                last_contact_on=last_on, next_check_in_on=next_on,
                                check_in_due=rules.check_in_due(next_on, today) and case.closed_at is None,
                                information_overdue=(info_due_on is not None and case.closed_at is None
                                                     and rules.information_overdue(info_due_on, None, today)),
                                information_due_on=info_due_on))
    return rows


def ehe_register(user: User, *, status: str = "open", due_only: bool = False, today: date,
                 overdue_only: bool = False) -> list[RegisterRow]:
    """Every home educated child the user may see, with the facts the register shows: status,
    reasons, EHC plan, SEN, safeguarding, last contact and next check-in. Safeguarding first,
    then by the next check-in (none last), then by reference."""
    return _register_rows(_register_statement(user, status=status, due_only=due_only, today=today,
                                              overdue_only=overdue_only), today)


def ehe_register_page(user: User, *, status: str = "open", due_only: bool = False, today: date, page: int = 1,
                      per_page: int | None = None, overdue_only: bool = False) -> RegisterPage:
    """One page of `ehe_register`, in the same order. A large county has some 3,000 open cases:
    loading and rendering them all took about 2 seconds a request (docs/performance.md). A page
    past the end shows the last page."""
    per_page = per_page or REGISTER_PAGE_SIZE
    stmt = _register_statement(user, status=status, due_only=due_only, today=today, overdue_only=overdue_only)
    total = db.session.scalar(stmt.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = _register_rows(stmt.limit(per_page).offset((page - 1) * per_page), today) if total else []
    return RegisterPage(rows=rows, total=total, page=page, pages=pages, per_page=per_page)


def information_requests_for_case(case: Case) -> list[EheInformationRequest]:
    stmt = (select(EheInformationRequest).where(EheInformationRequest.case_id == case.id)
            .order_by(EheInformationRequest.requested_on.desc(), EheInformationRequest.created_at.desc()))
    return list(db.session.scalars(stmt))


def open_information_request(case: Case) -> EheInformationRequest | None:
    """The request waiting for the parents' answer, if any. It lapses when the case closes (there
    is no other way to withdraw one): a closed case has none."""
    if case.closed_at is not None:
        return None
    stmt = (select(EheInformationRequest)
            .where(EheInformationRequest.case_id == case.id, EheInformationRequest.answered_on.is_(None))
            .order_by(EheInformationRequest.requested_on.desc(), EheInformationRequest.created_at.desc()))
    return db.session.scalars(stmt).first()


def next_check_in_for_case(case: Case) -> date | None:
    """The next check-in date the latest check-in set, if any."""
    latest = next(iter(check_ins_for_case(case)), None)
    return latest.next_check_in_on if latest else None


# What happens next, in words for the family, by status (the family's EHE panel).
FAMILY_NEXT_STEP = {
    "notified": "We will contact you about your child's education. You do not need to do anything yet.",
    "council_consent_required": "Your child's school must not remove your child's name until we decide whether to "
                                "consent. We will write to you with our decision.",
    "enquiries": "We are asking about your child's education. We may ask you for information, a meeting or examples "
                 "of work.",
    "suitable": "The education appears suitable. We will keep in touch, usually once a year.",
    "s437_notice": "We have sent you a notice asking you to show us that your child is receiving suitable education. "
                   "Please reply by the date below.",
    "sao_intention": "We intend to make a school attendance order. You can choose a different school by the date in "
                     "our letter.",
    "school_attendance_order": "A school attendance order is in force: you must register your child at the school "
                               "it names. If you have arranged suitable education for your child otherwise than at "
                               "school, you can ask us to revoke the order: write to the home education team "
                               "(section 442 of the Education Act 1996).",
    "closed": "This case is closed.",
}


# The same, for a SENDIASS adviser the family gave access to: they read about the family.
ADVISER_NEXT_STEP = {
    "notified": "We will contact the family about the child's education. They do not need to do anything yet.",
    "council_consent_required": "The child's school must not remove the child's name until we decide whether to "
                                "consent. We will write to the family with our decision.",
    "enquiries": "We are asking about the child's education. We may ask the family for information, a meeting or "
                 "examples of work.",
    "suitable": "The education appears suitable. We will keep in touch with the family, usually once a year.",
    "s437_notice": "We have sent the family a notice asking them to show us that the child is receiving suitable "
                   "education. They should reply by the date below.",
    "sao_intention": "We intend to make a school attendance order. The family can choose a different school by the "
                     "date in our letter.",
    "school_attendance_order": "A school attendance order is in force: the child must be registered at the school "
                               "it names. If the family has arranged suitable education otherwise than at school, "
                               "they can ask us to revoke the order (section 442 of the Education Act 1996).",
    "closed": "This case is closed.",
}


@dataclass(frozen=True)
class FamilyPanel:
    status_label: str
    next_step: str
    next_check_in_on: date | None
    s437_period_ends_on: date | None
    choose_school_by: date | None
    open_request: EheInformationRequest | None
    request_overdue: bool
    can_answer: bool


def family_panel(case: Case, user: User, today: date) -> FamilyPanel | None:
    """The family's home education panel on the portal case page: the status in words, what
    happens next, the next check-in, the s.437(1) period's last day while a notice is open, and
    any open request for information (answered by a parent). Parents, the young person and
    consented SENDIASS advisers see it; nobody else (a school sees only what it already saw)."""
    if case.kind != CaseKind.EHE or user.role not in (Role.PARENT, Role.YOUNG_PERSON, Role.SENDIASS_ADVISER):
        return None
    notification = notification_for_case(case)
    if notification is None:
        return None
    request = open_information_request(case)
    return FamilyPanel(
        status_label=EHE.labels.get(case.status, case.status),
        next_step=(ADVISER_NEXT_STEP if user.role == Role.SENDIASS_ADVISER else FAMILY_NEXT_STEP).get(case.status, ""),
        next_check_in_on=next_check_in_for_case(case) if case.closed_at is None else None,
        s437_period_ends_on=notification.s437_deadline if case.status == "s437_notice" else None,
        choose_school_by=(notification.sao_intention_choose_by if case.status == "sao_intention" else None),
        open_request=request,
        request_overdue=bool(request and rules.information_overdue(request.due_on, None, today)),
        can_answer=bool(request) and user.role in (Role.PARENT, Role.YOUNG_PERSON))

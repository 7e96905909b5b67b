"""Decisions that send notices. The decision, its chronology event, every Notice and the outbox
row that will deliver them are written in one transaction (statutory-rules.md section 4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.models import Case, ChildLink, CouncilContacts, Notice, User
from shared.notices.content import build_notice_content
from shared.notices.decision_types import DECISION_TYPES
from shared.outbox import add_outbox_message
from shared.services.cases import move_case
from shared.services.chronology import record_event
from shared.services.errors import ServiceError


def council_contacts() -> CouncilContacts:
    contacts = db.session.get(CouncilContacts, 1)
    if contacts is None:
        raise ServiceError("The council's contact details have not been set up: ask an administrator")
    return contacts


def family_recipients(case: Case) -> list[User]:
    """Everyone with standing for the child: parents with parental responsibility, or the young
    person themself (who then holds the rights: statutory-rules.md section 9)."""
    stmt = (select(User).join(ChildLink, ChildLink.user_id == User.id)
            .where(ChildLink.child_id == case.child_id).order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))


def issue_notices(case: Case, decision_type: str, *, decision: str, reasons: list[str], actor: User,
                  issued_on: date, extra: dict | None = None) -> list[Notice]:
    """Freeze the letter's content for each member of the family and queue its delivery."""
    recipients = family_recipients(case)
    if not recipients:
        raise ServiceError("Nobody with an account is linked to this child to receive the notice")
    return [queue_notice(case, decision_type, name=r.full_name, email=r.email, user=r, decision=decision,
                         reasons=reasons, actor=actor, issued_on=issued_on, extra=extra) for r in recipients]


def queue_notice(case: Case, decision_type: str, *, name: str, email: str, user: User | None, decision: str,
                 reasons: list[str], actor: User, issued_on: date, extra: dict | None = None) -> Notice:
    """One letter to one recipient (a family member, or an organisation such as the named school):
    its content frozen now, its delivery queued through the outbox in the same transaction."""
    content = build_notice_content(
        decision_type, contacts=council_contacts(), issued_on=issued_on, child_name=case.child.full_name,
        recipient_name=name, decision=decision, reasons=reasons, case_reference=case.reference, extra=extra)
    notice = Notice(case_id=case.id, decision_type=decision_type, recipient_user_id=user.id if user else None,
                    recipient_name=name, recipient_email=email, issued_on=issued_on, content=content,
                    appeal_deadline=_appeal_deadline(content))
    db.session.add(notice)
    db.session.flush()
    add_outbox_message("deliver_notice", {"notice_id": str(notice.id)})
    record_event(case, "notice_queued", f"Notice '{DECISION_TYPES[decision_type].title}' queued "
                 f"for {name}", actor=actor, notice_id=notice.id)
    return notice


def _appeal_deadline(content: dict) -> date | None:
    value = content.get("appeal_deadline")
    return date.fromisoformat(value) if value else None


def _decide(case: Case, action: str, decision: str, *, reasons: list[str], actor: User,
            expected_version: int, today: date) -> list[Notice]:
    """Move the case, record the decision and queue its notices, in the caller's transaction."""
    if not any(r.strip() for r in reasons):
        raise ServiceError("Give the reasons for the decision")
    move_case(case, action, actor=actor, expected_version=expected_version, summary=decision,
              data={"reasons": reasons})
    return issue_notices(case, action, decision=decision, reasons=reasons, actor=actor, issued_on=today)


def decide_whether_to_assess(case: Case, *, agree: bool, **kwargs) -> list[Notice]:
    """The decision whether to carry out an EHC needs assessment (CFA s.36; Regs 5). A refusal's
    notice carries the full appeal-rights content (Regs 5(3))."""
    child = case.child.full_name
    if agree:
        return _decide(case, "agree_to_assess", f"We will carry out an EHC needs assessment for {child}.", **kwargs)
    return _decide(case, "refuse_to_assess",
                   f"We have decided not to carry out an EHC needs assessment for {child}.", **kwargs)


def decide_whether_to_issue_plan(case: Case, *, issue: bool, **kwargs) -> list[Notice]:
    """After the assessment: issue a plan (move to drafting) or not (CFA s.37(1); Regs 10: a
    decision not to issue is notified within 16 weeks with the appeal-rights content)."""
    child = case.child.full_name
    if issue:
        return _decide(case, "decide_to_issue_plan", f"We will issue an EHC plan for {child}.", **kwargs)
    return _decide(case, "decide_not_to_issue_plan", f"We have decided not to issue an EHC plan for {child}.",
                   **kwargs)

"""Decisions that send notices. The decision, its chronology event, every Notice and the outbox
row that will deliver them are written in one transaction (statutory-rules.md section 4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from shared.db import db
from shared.models import Case, CaseKind, CouncilContacts, FamilyContact, Notice, NoticeChannel, User
from shared.notices.content import REQUEST_DATED_TYPES, build_notice_content
from shared.notices.decision_types import DECISION_TYPES
from shared.outbox import add_outbox_message
from shared.services.cases import move_case
from shared.services.chronology import record_event
from shared.services.errors import ServiceError
from shared.services.recipients import Recipient, family_recipients, notice_recipients

__all__ = ["appeal_deadline_of", "council_contacts", "decide_whether_to_assess", "decide_whether_to_issue_plan",
           "family_recipients", "issue_notices", "notices_for_recipient", "queue_notice", "with_statutory_dates"]


def council_contacts() -> CouncilContacts:
    contacts = db.session.get(CouncilContacts, 1)
    if contacts is None:
        raise ServiceError("The council's contact details have not been set up: ask an administrator")
    return contacts


def issue_notices(case: Case, decision_type: str, *, decision: str, reasons: list[str], actor: User,
                  issued_on: date, extra: dict | None = None,
                  fallback: Iterable[Recipient] = ()) -> list[Notice]:
    """Freeze the letter's content for each member of the family and queue its delivery by each
    of their channels (`shared.services.recipients`). Never refused for want of an account."""
    notices: list[Notice] = []
    for recipient in notice_recipients(case, fallback):
        notices += notices_for_recipient(case, decision_type, recipient, decision=decision, reasons=reasons,
                                         actor=actor, issued_on=issued_on, extra=extra)
    return notices


def notices_for_recipient(case: Case, decision_type: str, recipient: Recipient, **kwargs) -> list[Notice]:
    """One notice per channel for one recipient: emailed (and on the portal for an account
    holder), and posted when they have no email address or asked for letters by post."""
    return [queue_notice(case, decision_type, name=recipient.name, email=recipient.email, user=recipient.user,
                         channel=channel, address_lines=recipient.address_lines, contact=recipient.contact, **kwargs)
            for channel in recipient.channels]


def queue_notice(case: Case, decision_type: str, *, name: str, email: str, user: User | None, decision: str,
                 reasons: list[str], actor: User, issued_on: date, extra: dict | None = None,
                 channel: NoticeChannel = NoticeChannel.EMAIL, address_lines: Sequence[str] = (),
                 contact: FamilyContact | None = None) -> Notice:
    """One letter to one recipient by one channel (a family member, or an organisation such as
    the named school): its content frozen now. An email notice is delivered through the outbox
    in the same transaction; a postal one waits in the print queue, is dated again when it is
    printed and is delivered by being marked posted (shared.services.print_queue)."""
    by_post = channel == NoticeChannel.POST
    extra = dict(extra or {})
    if by_post:
        extra["recipient_address"] = list(address_lines)
    content = build_notice_content(
        decision_type, contacts=council_contacts(), issued_on=issued_on, child_name=case.child.full_name,
        recipient_name=name, decision=decision, reasons=reasons, case_reference=case.reference,
        extra=with_statutory_dates(case, decision_type, extra))
    notice = Notice(case_id=case.id, decision_type=decision_type, recipient_user_id=user.id if user else None,
                    recipient_name=name, recipient_email="" if by_post else email, issued_on=issued_on,
                    decided_on=issued_on, content=content, appeal_deadline=appeal_deadline_of(content),
                    channel=channel, recipient_address="\n".join(address_lines) if by_post else "",
                    family_contact_id=contact.id if contact is not None else None)
    db.session.add(notice)
    db.session.flush()
    title = DECISION_TYPES[decision_type].title
    if by_post:
        where = "" if address_lines else " (no postal address yet: record one on the case)"
        record_event(case, "notice_queued", f"Notice '{title}' for {name} waiting to be posted{where}",
                     actor=actor, notice_id=notice.id)
    else:
        add_outbox_message("deliver_notice", {"notice_id": str(notice.id)})
        record_event(case, "notice_queued", f"Notice '{title}' queued for {name}", actor=actor, notice_id=notice.id)
    return notice


def with_statutory_dates(case: Case, decision_type: str, extra: dict) -> dict:
    """The facts the letter's key dates are counted from: for the decisions of an EHC needs
    assessment, the day the request was received (its 16- and 20-week dates, SEND Regulations
    2014 regs 10(1) and 13(2), are counted from it by `shared.notices.content`)."""
    if (decision_type in REQUEST_DATED_TYPES and case.kind == CaseKind.EHC_ASSESSMENT
            and "request_received_on" not in extra):
        return {**extra, "request_received_on": case.received_on}
    return extra


def appeal_deadline_of(content: dict) -> date | None:
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

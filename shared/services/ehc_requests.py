"""Requests for an EHC needs assessment made in the portal (journeys 1 and 2).

A request is written as a `RequestDraft` (answers by section, saved page by page so the person
can leave and come back) and sent with `submit_ehc_request`, which in one transaction finds or
creates the child, links the parent or young person, opens the case (or adds the request to the
one already open), writes the chronology and queues the confirmation email.

Where the answers live: on the draft, which is kept after sending and points at its case
(`RequestDraft.case_id`). The case carries no copy; officers read the request through the draft
(and the chronology event "request_details" summarises who asked and why).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.db import db, utcnow
from shared.domain.clocks import assessment_decision_due as decision_due
from shared.domain.dates import age_on, today_in_england
from shared.models import (
    Case,
    CaseKind,
    Child,
    ChildLink,
    DraftStatus,
    Relationship,
    RequestDraft,
    Role,
    School,
    User,
)
from shared.outbox import add_outbox_message
from shared.queries.school_memberships import approved_school
from shared.services.cases import open_case
from shared.services.children import add_or_update_child, match_pupil
from shared.services.chronology import record_event
from shared.services.errors import ServiceError
from shared.services.family_contacts import ContactDetails, record_contact_from_request
from shared.services.submissions import claim, previous_result

LONDON = ZoneInfo("Europe/London")
MAX_AGE = 25
YOUNG_PERSON_MIN_AGE = 16
SECTIONS = ("child", "you", "school", "needs", "views", "health_care", "consent", "evidence")
REQUESTER_ROLES = (Role.PARENT, Role.YOUNG_PERSON, Role.SCHOOL_STAFF)
EMAIL_JOB = "send_ehc_request_email"


# --- drafts -------------------------------------------------------------------------------------

def _claim(key: str, user: User, result_type: str, result_id: str) -> bool:
    """Claim an idempotency key for this result (True), or find it already claimed for it."""
    if claim(key, user_id=user.id, result_type=result_type, result_id=result_id):
        return True
    stored = previous_result(key)
    return stored is not None and stored.result_type == result_type and stored.result_id == result_id


def start_draft(user: User, submission_key: str) -> RequestDraft:
    """A new, empty request owned by `user` (the same `submission_key` again returns the draft
    it made). School staff's school is known, so that section starts completed."""
    if user.role not in REQUESTER_ROLES:
        raise ServiceError("Only a parent, a young person or a school can request an assessment.")
    earlier = previous_result(submission_key)
    if earlier is not None:
        draft = db.session.get(RequestDraft, uuid.UUID(earlier.result_id)) \
            if earlier.result_type == "request_draft" else None
        if draft is None or draft.owner_id != user.id:
            raise ServiceError("This form has already been used.")
        return draft
    answers = {}
    if user.role == Role.SCHOOL_STAFF and (school := approved_school(user)) is not None:
        answers["school"] = {"status": "completed", "fields": {"school": school.urn}}
    draft = RequestDraft(owner_id=user.id, answers=answers, status=DraftStatus.DRAFT)
    db.session.add(draft)
    db.session.flush()
    if not _claim(submission_key, user, "request_draft", str(draft.id)):
        raise ServiceError("This form has already been used.")
    return draft


def save_section(draft: RequestDraft, section: str, fields: dict, *, completed: bool) -> None:
    """Store one section's answers ("completed" only when they passed the page's checks)."""
    if section not in SECTIONS:
        raise ValueError(section)
    if draft.status != DraftStatus.DRAFT:
        raise ServiceError("This request has already been sent.")
    # A new dict, so the JSONB column is seen as changed.
    draft.answers = {**draft.answers,
                     section: {"status": "completed" if completed else "in_progress", "fields": fields}}
    draft.updated_at = utcnow()


def section_status(draft: RequestDraft, section: str) -> str:
    """"not_started", "in_progress" or "completed"."""
    stored = (draft.answers or {}).get(section)
    return stored["status"] if stored else "not_started"


def fields_of(draft: RequestDraft, section: str) -> dict:
    return ((draft.answers or {}).get(section) or {}).get("fields", {})


def child_name(draft: RequestDraft) -> str:
    child = fields_of(draft, "child")
    return " ".join(part for part in (child.get("first_name"), child.get("last_name")) if part) or "a child"


# --- sending ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubmitResult:
    case: Case
    joined_open_case: bool


def open_assessment_for(child: Child) -> Case | None:
    stmt = (select(Case).where(Case.child_id == child.id, Case.kind == CaseKind.EHC_ASSESSMENT,
                               Case.closed_at.is_(None))
            .order_by(Case.received_on, Case.reference).with_for_update())
    return db.session.scalars(stmt).first()


def _is_linked(user: User, child: Child) -> bool:
    return db.session.scalars(select(ChildLink.id).where(ChildLink.user_id == user.id,
                                                         ChildLink.child_id == child.id)).first() is not None


def _link(user: User, child: Child, kind: Relationship) -> bool:
    existing = db.session.scalars(select(ChildLink).where(ChildLink.user_id == user.id,
                                                          ChildLink.child_id == child.id)).first()
    if existing is not None:
        return False
    db.session.add(ChildLink(user_id=user.id, child_id=child.id, relationship_kind=kind))
    return True


def _who_asked(user: User, draft: RequestDraft) -> str:
    you = fields_of(draft, "you")
    if user.role == Role.SCHOOL_STAFF:
        school = user.school.name if user.school else "their school"  # the school they work at, as they said
        consent = "agrees" if you.get("parent_consents") == "yes" else "does not agree"
        return (f"{user.full_name} ({you.get('job_title', 'staff')}, {school}) asked for an EHC needs "
                f"assessment. The parent, {you.get('parent_name', '')}, {consent} to the request.")
    if user.role == Role.YOUNG_PERSON:
        return f"{user.full_name} asked for an EHC needs assessment for themself."
    pr = "with" if you.get("parental_responsibility") == "yes" else "without"
    return f"{user.full_name}, a parent or carer {pr} parental responsibility, asked for an EHC needs assessment."


def submit_ehc_request(draft: RequestDraft, user: User, submission_key: str) -> SubmitResult:
    """Send a completed request, once. In the caller's transaction:

    - the same `submission_key` again (a double click, a retry) returns what the first made;
    - the child is found (UPN, or name and date of birth linked to this user) or created;
    - a parent with parental responsibility, or the young person, is linked to the child;
    - an EHC assessment case already open for the child gets the request as an event and no
      second case is opened; otherwise a case is opened, received today (CFA s.36(1)), with
      its decision due 6 weeks later (Regs 5(1));
    - confirmation emails are queued through the outbox.

    The pages check each section's answers; the rules that span sections are checked here."""
    earlier = previous_result(submission_key)
    if earlier is not None and earlier.result_type == "ehc_request" and earlier.result_id == str(draft.id):
        return SubmitResult(draft.case, draft.joined_open_case)
    # Lock the draft: a second POST of the same request waits here, then sees it sent.
    db.session.refresh(draft, with_for_update=True)
    if draft.status == DraftStatus.SUBMITTED:
        return SubmitResult(draft.case, draft.joined_open_case)
    if user.id != draft.owner_id or user.role not in REQUESTER_ROLES:
        raise ServiceError("Only the person who wrote this request can send it.")
    missing = [section for section in SECTIONS if section_status(draft, section) != "completed"]
    if missing:
        raise ServiceError("Complete every section before you send the request.")

    about = fields_of(draft, "child")
    you = fields_of(draft, "you")
    today = today_in_england()
    dob = date.fromisoformat(about["date_of_birth"])
    if dob >= today or age_on(dob, today) > MAX_AGE:
        raise ServiceError(f"The child or young person must be born in the past and aged {MAX_AGE} or under.")
    if user.role == Role.YOUNG_PERSON and age_on(dob, today) < YOUNG_PERSON_MIN_AGE:
        raise ServiceError(f"You must be aged {YOUNG_PERSON_MIN_AGE} to {MAX_AGE} to ask for yourself.")
    if fields_of(draft, "consent").get("consent") != "yes":
        raise ServiceError("Confirm that you agree to us sharing this information.")

    school = _chosen_school(user, fields_of(draft, "school").get("school", ""))
    first_name, last_name = about["first_name"].strip(), about["last_name"].strip()
    upn = about.get("upn") or None
    child = match_pupil(user, first_name, last_name, dob, upn, team="the SEND team")
    child_is_new = child is None
    child = add_or_update_child(child, first_name=first_name, last_name=last_name, date_of_birth=dob, upn=upn,
                                school=school)

    # Knowing a child's UPN and date of birth proves nothing about who you are: a person is linked
    # only to a child this request creates (or one they are already linked to). A link to a child
    # already on record waits for an officer to confirm it (UK GDPR Art 9: special category data).
    linked, link_pending = False, False
    wants = {Role.YOUNG_PERSON: Relationship.YOUNG_PERSON_SELF}.get(user.role)
    if user.role == Role.PARENT and you.get("parental_responsibility") == "yes":
        wants = Relationship.PARENT_WITH_PR
    if wants is not None:
        already = _is_linked(user, child)
        if child_is_new:
            linked = _link(user, child, wants)
        elif not already:
            link_pending = True

    _keep_contacts(child, user, you, linked=wants is not None and (linked or _is_linked(user, child)))
    who = _who_asked(user, draft)
    if link_pending:
        who += (f" {user.full_name} is not yet linked to this child in our records: an officer must confirm "
                "who they are before they can see the case online.")
    details = {"draft_id": str(draft.id), "requested_by_role": user.role.value, "linked": linked,
               "link_pending": link_pending}
    if link_pending:
        details.update(pending_user_id=str(user.id), pending_relationship=wants.value)
    case = open_assessment_for(child)
    joined = case is not None
    if joined:
        record_event(case, "request_received_again",
                     f"Another request for an EHC needs assessment was received while this one is open. {who}",
                     actor=user, data=details)
    else:
        case = open_case(child, CaseKind.EHC_ASSESSMENT, received_on=today, actor=user, requested_by=user,
                         summary=f"Request for an EHC needs assessment received from {user.full_name}")
        record_event(case, "request_details", who, actor=user,
                     data={**details, "decision_due": decision_due(today).isoformat()})
        add_outbox_message(EMAIL_JOB, {"draft_id": str(draft.id), "recipient": "requester"})
        if user.role == Role.SCHOOL_STAFF and you.get("parent_email"):
            add_outbox_message(EMAIL_JOB, {"draft_id": str(draft.id), "recipient": "parent"})

    draft.status = DraftStatus.SUBMITTED
    draft.submitted_at = utcnow()
    draft.case_id = case.id
    draft.case = case
    draft.joined_open_case = joined
    if not _claim(submission_key, user, "ehc_request", str(draft.id)):
        raise ServiceError("This form has already been used to send a request.")
    db.session.flush()
    return SubmitResult(case, joined)


def _keep_contacts(child: Child, user: User, you: dict, *, linked: bool) -> None:
    """Keep the postal details the request gave, so letters can be posted: the requester's own
    (only once linked to the child: a link waiting for an officer's check gets no letters),
    and the parent a school names, who may never open an account."""
    if user.role == Role.SCHOOL_STAFF:
        record_contact_from_request(child, ContactDetails.from_fields(
            you, "parent_", name=you.get("parent_name", ""), email=you.get("parent_email", ""),
            by_post="parent_letters_by_post"), source="school_request")
    elif linked:
        record_contact_from_request(child, ContactDetails.from_fields(you, name=user.full_name, email=user.email),
                                    source="ehc_request", user=user)


def _chosen_school(user: User, urn: str) -> School | None:
    if user.role == Role.SCHOOL_STAFF:
        school = approved_school(user)
        if school is None:
            raise ServiceError("Your access to your school is not approved. Contact the SEND team.")
        return school
    if urn in ("", "none"):
        return None
    school = db.session.scalars(select(School).where(School.urn == urn)).first()
    if school is None:
        raise ServiceError("Select a school from the list.")
    return school

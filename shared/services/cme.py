"""Children missing education casework (EA 1996 s.436A; CME statutory guidance 2024;
docs/children-missing-education.md).

A school's report (a deletion with no known destination, or a pupil absent 15 school days or more
through illness) or an officer's report from another source opens a CME case, or joins the child's
open one; then enquiries, weekly reviews, safeguarding concerns and the closing outcome. One function
per action, each in the caller's transaction with a chronology event; moves only through `move_case`.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select

from shared.db import db
from shared.domain import cme as rules
from shared.domain.dates import age_on
from shared.models import (
    Case,
    CaseKind,
    Child,
    CmeOutcome,
    CmeRecord,
    CmeReport,
    CmeReview,
    CmeSource,
    User,
)
from shared.outbox import add_outbox_message
from shared.queries.cases import STAFF_CASE_KINDS
from shared.queries.school_memberships import approved_school
from shared.services.cases import (
    case_record,
    check_version,
    mark_changed,
    move_case,
    open_case,
    open_case_of_kind,
)
from shared.services.children import add_or_update_child, match_pupil
from shared.services.chronology import record_event
from shared.services.errors import ServiceError
from shared.services.submissions import claim, earlier_case

RESULT_TYPE = "cme_report"
EMAIL_JOB = "send_cme_report_email"
MAX_AGE = 18
KIND_SOURCE = {"deletion": CmeSource.SCHOOL_DELETION, "illness": CmeSource.SCHOOL_ILLNESS, "other": CmeSource.OTHER}


@dataclass
class ReportAnswers:
    """A report's answers: a school's (kind "deletion" or "illness") or an officer's ("other")."""

    kind: str
    first_name: str
    last_name: str
    date_of_birth: date
    address: str
    parent_names: str
    parent_email: str = ""
    parent_phone: str = ""
    upn: str = ""
    deletion_ground: str = ""
    deleted_on: date | None = None
    days_absent: int | None = None
    expected_return_on: date | None = None
    other_source: str = ""
    source_details: str = ""
    school_name: str = ""
    has_ehc_plan: bool = False
    has_sen: bool = False
    has_social_worker: bool = False
    safeguarding_known: bool = False
    safeguarding_notes: str = ""
    notes: str = ""

    _DATES = ("date_of_birth", "deleted_on", "expected_return_on")

    def to_json(self) -> dict:
        data = asdict(self)
        for key in self._DATES:
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ReportAnswers:
        data = dict(data)
        for key in cls._DATES:
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        return cls(**data)


def _check(a: ReportAnswers, today: date) -> None:
    if a.kind not in KIND_SOURCE:
        raise ServiceError("Select what you are telling us about.")
    if not a.first_name.strip() or not a.last_name.strip():
        raise ServiceError("Enter the child's first name and last name.")
    if a.date_of_birth >= today or age_on(a.date_of_birth, today) > MAX_AGE:
        raise ServiceError("The child's date of birth must be in the past, and the child of compulsory school age.")
    if a.kind == "deletion":
        if a.deletion_ground not in rules.DELETION_GROUNDS:
            raise ServiceError("Select the ground for deleting the pupil's name.")
        if a.deleted_on is None or a.deleted_on > today:
            raise ServiceError("Enter the date of deletion, today or in the past.")
    if a.kind == "illness":
        if a.days_absent is None or not rules.illness_notification_due(a.days_absent):
            raise ServiceError("Tell us about a pupil absent through illness once they have missed 15 school days "
                               "or more.")
        if a.expected_return_on is not None and a.expected_return_on < today:
            raise ServiceError("The expected return must be today or in the future.")
    if a.kind == "other" and a.other_source not in rules.OTHER_SOURCES:
        raise ServiceError("Select who told us about the child.")
    if a.safeguarding_known and not a.safeguarding_notes.strip():
        raise ServiceError("Describe the safeguarding concern.")


def open_cme_case_for(child: Child) -> Case | None:
    return open_case_of_kind(child, CaseKind.CME, lock=True)


def record_for(case: Case) -> CmeRecord:
    return case_record(case, CmeRecord, "This children missing education case has no register entry.")


def _earlier_case(key: str) -> Case | None:
    return earlier_case(key, RESULT_TYPE, CmeReport)


def report_from_school(user: User, answers: ReportAnswers, submission_key: str, *, today: date) -> Case:
    """A school tells the council about a pupil deleted from the admission register with no known
    destination, or absent 15 school days or more through illness (statutory-rules.md section 5).
    Once per `submission_key`. The pupil is found among the school's own pupils (or recorded as
    one); a child who already has an open CME case gets this report added to it."""
    if (earlier := _earlier_case(submission_key)) is not None:
        return earlier
    if approved_school(user) is None:
        raise ServiceError("Only school staff whose access to their school is approved can report a child missing "
                           "education here.")
    if answers.kind not in ("deletion", "illness"):
        raise ServiceError("Select what you are telling us about.")
    _check(answers, today)
    first, last, upn = answers.first_name.strip(), answers.last_name.strip(), answers.upn.strip().upper() or None
    child = match_pupil(user, first, last, answers.date_of_birth, upn, team="the children missing education team")
    return _open_or_join(user, answers, submission_key, child, upn=upn, today=today)


def _match_for_officer(first: str, last: str, dob: date, upn: str | None) -> Child | None:
    """An officer may act for any child: by UPN (with the same date of birth), else by name and
    date of birth."""
    if upn:
        child = db.session.scalars(select(Child).where(Child.upn == upn).with_for_update()).first()
        if child is not None:
            if child.date_of_birth != dob:
                raise ServiceError("The unique pupil number does not match the date of birth. Check both, or leave "
                                   "the UPN out.")
            return child
    stmt = (select(Child).where(func.lower(Child.first_name) == first.lower(),
                                func.lower(Child.last_name) == last.lower(), Child.date_of_birth == dob)
            .order_by(Child.created_at, Child.id).with_for_update())
    return db.session.scalars(stmt).first()


def record_other_report(officer: User, answers: ReportAnswers, submission_key: str, *, today: date) -> Case:
    """An officer records a report from another source (police, health, a neighbour, another
    council, ...). Once per `submission_key`; joins the child's open CME case if there is one."""
    if (earlier := _earlier_case(submission_key)) is not None:
        return earlier
    if CaseKind.CME not in STAFF_CASE_KINDS.get(officer.role, frozenset()):
        raise ServiceError("Only the home education team and managers record reports from other sources.")
    answers.kind = "other"
    _check(answers, today)
    first, last, upn = answers.first_name.strip(), answers.last_name.strip(), answers.upn.strip().upper() or None
    child = _match_for_officer(first, last, answers.date_of_birth, upn)
    return _open_or_join(officer, answers, submission_key, child, upn=upn, today=today)


def _describe(report: CmeReport) -> str:
    if report.source is CmeSource.SCHOOL_DELETION:
        what = (f"deleted from the register on {report.deleted_on:%-d %B %Y}: "
                f"{rules.DELETION_GROUNDS[report.deletion_ground].lower()}")
    elif report.source is CmeSource.SCHOOL_ILLNESS:
        what = f"absent through illness for {report.days_absent} school days"
    else:
        what = f"reported by {rules.OTHER_SOURCES[report.other_source].lower()}"
    flags = [label for on, label in ((report.has_ehc_plan, "EHC plan"), (report.has_sen, "SEN"),
                                     (report.has_social_worker, "social worker"),
                                     (report.safeguarding_concern, "safeguarding concern")) if on]
    return f"{report.source.label}: {what}." + (f" Known: {', '.join(flags)}." if flags else "")


def _open_or_join(user: User, a: ReportAnswers, key: str, matched: Child | None, *, upn: str | None,
                  today: date) -> Case:
    report_id = uuid.uuid4()
    if not claim(key, user_id=user.id, result_type=RESULT_TYPE, result_id=str(report_id)):
        return _earlier_case(key)  # a concurrent duplicate made it first
    source = KIND_SOURCE[a.kind]
    school = approved_school(user) if source is not CmeSource.OTHER else None
    # A school's pupil becomes (or stays) its pupil; an officer's report leaves the school unset.
    child = add_or_update_child(matched, first_name=a.first_name.strip(), last_name=a.last_name.strip(),
                                date_of_birth=a.date_of_birth, upn=upn, school=school)
    case = open_cme_case_for(child)
    joined = case is not None
    if case is None:
        who = f"{user.full_name} ({school.name})" if school else user.full_name
        case = open_case(child, CaseKind.CME, received_on=today, actor=user, requested_by=user,
                         summary=f"Child missing education: {source.label.lower()}, from {who}")
        db.session.add(CmeRecord(case_id=case.id, safeguarding_flag=False, safeguarding_notes=""))
        db.session.flush()
    report = CmeReport(
        id=report_id, case_id=case.id, source=source, reported_by_id=user.id, reported_on=today,
        reporting_school_id=school.id if school else None,
        school_name=school.name if school else a.school_name.strip(),
        other_source=a.other_source if source is CmeSource.OTHER else "",
        source_details=a.source_details.strip() if source is CmeSource.OTHER else "",
        address=a.address.strip(), parent_names=a.parent_names.strip(), parent_email=a.parent_email.strip(),
        parent_phone=a.parent_phone.strip(),
        deletion_ground=a.deletion_ground if source is CmeSource.SCHOOL_DELETION else "",
        deleted_on=a.deleted_on if source is CmeSource.SCHOOL_DELETION else None,
        days_absent=a.days_absent if source is CmeSource.SCHOOL_ILLNESS else None,
        expected_return_on=a.expected_return_on if source is CmeSource.SCHOOL_ILLNESS else None,
        has_ehc_plan=a.has_ehc_plan, has_sen=a.has_sen, has_social_worker=a.has_social_worker,
        safeguarding_concern=a.safeguarding_known,
        safeguarding_notes=a.safeguarding_notes.strip() if a.safeguarding_known else "", notes=a.notes.strip())
    db.session.add(report)
    if a.safeguarding_known:
        record = record_for(case)
        record.safeguarding_flag = True
        entry = f"{today:%d %B %Y}: {a.safeguarding_notes.strip()}"
        record.safeguarding_notes = "\n".join(n for n in (record.safeguarding_notes, entry) if n)
    record_event(case, "cme_report_joined" if joined else "cme_report",
                 ("A further report was added to this open case. " if joined else "") + _describe(report),
                 actor=user, data={"report_id": str(report_id), "source": source.value})
    if school is not None:
        add_outbox_message(EMAIL_JOB, {"report_id": str(report_id)})
    db.session.flush()
    return case


def start_enquiries(case: Case, *, actor: User, expected_version: int | None) -> None:
    """Start enquiries to find the child and secure a school place or other education (CME
    statutory guidance 2024)."""
    move_case(case, "start_enquiries", actor=actor, expected_version=expected_version,
              summary="Enquiries to find the child and secure education started")


def record_review(case: Case, *, reviewed_on: date, agencies: list[str], barriers: str, actions: str,
                  next_review_on: date | None, actor: User, expected_version: int | None,
                  today: date) -> CmeReview:
    """One weekly review of the case: the agencies contacted, the barriers to a school place and
    the actions agreed (the council's weekly children out of school review)."""
    check_version(case, expected_version)
    if case.closed_at is not None:
        raise ServiceError("This case is closed.")
    if reviewed_on > today:
        raise ServiceError("The date of the review must be today or in the past.")
    if any(a not in rules.AGENCIES for a in agencies):
        raise ServiceError("Select agencies from the list.")
    if not actions.strip():
        raise ServiceError("Enter the actions agreed.")
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ServiceError("The next review must be after this one.")
    review = CmeReview(case_id=case.id, reviewed_on=reviewed_on, agencies=list(agencies), barriers=barriers.strip(),
                       actions=actions.strip(), next_review_on=next_review_on, recorded_by_id=actor.id)
    db.session.add(review)
    mark_changed(case)
    contacted = ", ".join(rules.labels(agencies, rules.AGENCIES)) or "no agencies"
    record_event(case, "cme_review",
                 f"Weekly review on {reviewed_on:%-d %B %Y}: contacted {contacted}. Actions: {actions.strip()}"
                 + (f". Next review {next_review_on:%-d %B %Y}" if next_review_on else ""),
                 actor=actor, data={"agencies": list(agencies), "barriers": barriers.strip()})
    db.session.flush()
    return review


def record_safeguarding_concern(case: Case, *, concern: str, actor: User, expected_version: int | None,
                                today: date) -> None:
    """A safeguarding concern: flagged and put first on the register and the weekly review list.
    Refer it through the council's safeguarding procedure as well."""
    check_version(case, expected_version)
    if not concern.strip():
        raise ServiceError("Describe the safeguarding concern.")
    record = record_for(case)
    record.safeguarding_flag = True
    entry = f"{today:%d %B %Y}: {concern.strip()}"
    record.safeguarding_notes = "\n".join(n for n in (record.safeguarding_notes, entry) if n)
    mark_changed(case)
    record_event(case, "cme_safeguarding_concern", f"Safeguarding concern recorded: {concern.strip()}", actor=actor,
                 staff_only=True)
    db.session.flush()


def close_case(case: Case, *, outcome: str, closed_on: date | None, school_name: str = "", council_name: str = "",
               council_told_on: date | None = None, details: str = "", actor: User, expected_version: int | None,
               today: date) -> None:
    """Close the case with its outcome: on roll at a named school, moved to another council (named,
    with the day it was told), home educated, Section 19 provision arranged, left England, or
    another outcome described."""
    problem = rules.outcome_problem(outcome, school_name=school_name, council_name=council_name,
                                    council_told_on=council_told_on, details=details, closed_on=closed_on,
                                    today=today)
    if problem:
        raise ServiceError(problem)
    record = record_for(case)
    label = rules.OUTCOMES[outcome]
    more = {"on_roll": school_name.strip(),
            "moved_council": f"{council_name.strip()}, told on {council_told_on:%-d %B %Y}" if council_told_on else "",
            "other": details.strip()}.get(outcome, "")
    move_case(case, "close", actor=actor, expected_version=expected_version,
              summary=f"Closed on {closed_on:%-d %B %Y}: {label}" + (f": {more}" if more else ""),
              data={"outcome": outcome})
    record.outcome, record.outcome_on = CmeOutcome(outcome), closed_on
    record.outcome_school_name = school_name.strip() if outcome == "on_roll" else ""
    record.outcome_council_name = council_name.strip() if outcome == "moved_council" else ""
    record.council_told_on = council_told_on if outcome == "moved_council" else None
    record.outcome_details = details.strip()
    db.session.flush()

"""Section 19 casework (EA 1996 s.19; journey 7; docs/section-19.md): the school's referral, the
decision, the provider catalogue, commissioning a package, its reviews, the plan for the child's
return and closing the case. One function per action, each in the caller's transaction with a
chronology event (the catalogue is configuration: no case, no event)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, func, select

from shared.db import db
from shared.domain import section19 as rules
from shared.domain.dates import age_on
from shared.domain.school_days import SchoolCalendar
from shared.models import (
    Case,
    CaseKind,
    Child,
    Notice,
    Role,
    S19Delivery,
    S19Package,
    S19Provider,
    S19Reason,
    S19Referral,
    S19Review,
    School,
    User,
)
from shared.outbox import add_outbox_message
from shared.queries.school_memberships import approved_school
from shared.services.cases import case_record, check_version, move_case, open_case, open_case_of_kind
from shared.services.children import add_or_update_child, match_pupil
from shared.services.chronology import record_event
from shared.services.decisions import notices_for_recipient, queue_notice
from shared.services.errors import ServiceError
from shared.services.recipients import Recipient, notice_recipients
from shared.services.submissions import claim, earlier_case, previous_result

EMAIL_JOB = "send_s19_referral_email"
RESULT_TYPE = "s19_referral"
REFERRER_TYPES = {"school": "School or setting", "health": "Health professional"}
NOT_ON_ROLL = "none"  # a health professional's answer when the child is on no school's roll
DECISIONS = {"accept": "Accept: the council arranges education",
             "direct_to_school": "Direct back to the school",
             "another_route": "Another route (for example an EHC needs assessment or EOTAS)"}
REVIEW_OUTCOMES = {"continue": "Continue the package as it is", "change": "Change the package (hours or provider)",
                   "reintegrate": "Start planning the return to school", "end": "End the package"}
CLOSE_OUTCOMES = {"returned_to_school": "Returned to school", "ehc_placement": "Moved to an EHC plan placement",
                  "moved_out_of_area": "Moved out of area", "other": "Other"}
MAX_AGE = 18


@dataclass
class ReferralAnswers:
    """The referral form's answers (kept in the session between the form and "Check your answers")."""

    first_name: str
    last_name: str
    date_of_birth: date
    upn: str
    address: str
    reason: str
    expected_absence_days: int | None
    exclusion_first_day: date | None
    other_reason: str
    days_missed: int
    school_view: str
    parent_name: str
    parent_email: str
    parent_views: str
    parent_told: bool
    parent_consents: bool
    referrer_type: str
    referrer_job_title: str
    school_urn: str = ""  # a health professional's choice of the child's school, or NOT_ON_ROLL

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("date_of_birth", "exclusion_first_day"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ReferralAnswers:
        data = dict(data)
        for key in ("date_of_birth", "exclusion_first_day"):
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        return cls(**data)


def _check_answers(a: ReferralAnswers, today: date) -> None:
    if a.date_of_birth >= today or age_on(a.date_of_birth, today) > MAX_AGE:
        raise ServiceError("The child's date of birth must be in the past, and the child aged 18 or under.")
    if a.reason not in {r.value for r in S19Reason}:
        raise ServiceError("Select why the child cannot attend school.")
    if a.reason == S19Reason.ILLNESS and a.expected_absence_days is None:
        raise ServiceError("Enter how many more school days the child is expected to miss.")
    if a.reason == S19Reason.PERMANENT_EXCLUSION and a.exclusion_first_day is None:
        raise ServiceError("Enter the first day of the permanent exclusion.")
    if a.reason == S19Reason.OTHER and not a.other_reason.strip():
        raise ServiceError("Describe why the child cannot attend school.")
    if not a.parent_told:
        raise ServiceError("Tell the parent about the referral before you send it.")
    if a.referrer_type not in REFERRER_TYPES:
        raise ServiceError("Select who is making the referral.")


def open_s19_case_for(child: Child) -> Case | None:
    return open_case_of_kind(child, CaseKind.SECTION_19)


def submit_referral(user: User, answers: ReferralAnswers, submission_key: str, *, today: date) -> Case:
    """A school's Section 19 referral, once: the same `submission_key` again returns the case
    the first made. Finds the pupil among the school's pupils (by UPN, or name and date of
    birth: the EHC request's matching) or records them as a pupil of the school, opens the
    case, writes the chronology and queues the confirmation email to the referrer. Medical
    evidence is never asked for here: it can be added on the case page afterwards."""
    if (earlier := earlier_case(submission_key, RESULT_TYPE, S19Referral)) is not None:
        return earlier
    health = user.role == Role.HEALTH_PROFESSIONAL
    own_school = None if health else approved_school(user)
    if not health and own_school is None:
        raise ServiceError("Only school staff whose access to their school is approved, or a health professional, "
                           "can make a Section 19 referral online.")
    if health:  # the type follows the account; the job title and organisation come from it too
        answers = replace(answers, referrer_type="health", referrer_job_title=answers.referrer_job_title
                          or user.job_title)
    _check_answers(answers, today)
    first, last, upn = answers.first_name.strip(), answers.last_name.strip(), answers.upn.strip().upper() or None
    if health:
        school = _chosen_school(answers.school_urn)
        child = _match_for_health(first, last, answers.date_of_birth, upn, school)
    else:
        school = own_school
        child = match_pupil(user, first, last, answers.date_of_birth, upn, team="the Section 19 team")
    if child is not None and (existing := open_s19_case_for(child)) is not None:
        # A health professional is not told another referrer's reference (they cannot see that case).
        reference = "" if health and not _made_by(user, existing) else f" ({existing.reference})"
        raise ServiceError(f"{child.full_name} already has an open Section 19 referral{reference}. "
                           "Contact the Section 19 team with anything new.")
    referral_id = uuid.uuid4()
    if not claim(submission_key, user_id=user.id, result_type=RESULT_TYPE, result_id=str(referral_id)):
        stored = previous_result(submission_key)  # a concurrent duplicate made it first
        return db.session.get(S19Referral, uuid.UUID(stored.result_id)).case
    child = add_or_update_child(child, first_name=first, last_name=last, date_of_birth=answers.date_of_birth,
                                upn=upn, school=school)
    where = user.organisation if health else own_school.name
    case = open_case(child, CaseKind.SECTION_19, received_on=today, actor=user, requested_by=user,
                     summary=f"Section 19 referral received from {user.full_name} ({where})")
    referral = S19Referral(
        id=referral_id, case_id=case.id, referrer_id=user.id, referrer_type=answers.referrer_type,
        referrer_job_title=answers.referrer_job_title.strip(), referrer_organisation=user.organisation if health else "",
        school_id=school.id if school else None,
        address=answers.address.strip(), reason=S19Reason(answers.reason),
        expected_absence_days=answers.expected_absence_days if answers.reason == S19Reason.ILLNESS else None,
        exclusion_first_day=answers.exclusion_first_day if answers.reason == S19Reason.PERMANENT_EXCLUSION else None,
        other_reason=answers.other_reason.strip() if answers.reason == S19Reason.OTHER else "",
        days_missed=answers.days_missed, school_view=answers.school_view.strip(),
        parent_name=answers.parent_name.strip(), parent_email=answers.parent_email.strip(),
        parent_views=answers.parent_views.strip(), parent_told=answers.parent_told,
        parent_consents=answers.parent_consents)
    db.session.add(referral)
    consent = "agrees to" if answers.parent_consents else "has been told about, but does not agree to,"
    record_event(case, "s19_referral_details",
                 f"Reason: {S19Reason(answers.reason).label}. {answers.days_missed} school days missed so far. "
                 f"The parent, {answers.parent_name.strip()}, {consent} the referral.",
                 actor=user, data={"referral_id": str(referral_id), "referrer_type": answers.referrer_type})
    add_outbox_message(EMAIL_JOB, {"referral_id": str(referral_id)})
    db.session.flush()
    return case


def _made_by(user: User, case: Case) -> bool:
    """Whether the user made the referral that opened this case."""
    return db.session.scalar(select(exists().where(S19Referral.case_id == case.id,
                                                   S19Referral.referrer_id == user.id))) or False


def _chosen_school(urn: str) -> School | None:
    if urn == NOT_ON_ROLL:
        return None
    school = db.session.scalars(select(School).where(School.urn == urn)).first() if urn else None
    if school is None:
        raise ServiceError("Select the child's school from the list, or 'Not on a school roll'.")
    return school


def _match_for_health(first: str, last: str, dob: date, upn: str | None, school: School | None) -> Child | None:
    """A health professional's referral: the child on record with this UPN (and date of birth),
    or with this name and date of birth among the chosen school's pupils (or, for a child on no
    school's roll, among children with no school). Matching only finds the record to add the
    case to: the professional sees the referral they made, never the child's other cases."""
    if upn:
        child = db.session.scalars(select(Child).where(Child.upn == upn).with_for_update()).first()
        if child is not None:
            if child.date_of_birth != dob:
                raise ServiceError("The unique pupil number does not match the date of birth. Check both, or "
                                   "leave the UPN out.")
            if school is not None and child.school_id not in (None, school.id):
                raise ServiceError("We could not match this child to the school you chose. Check the school, the "
                                   "name, date of birth and UPN, or contact the Section 19 team.")
            return child
    stmt = select(Child).where(func.lower(Child.first_name) == first.lower(),
                               func.lower(Child.last_name) == last.lower(), Child.date_of_birth == dob,
                               Child.school_id == school.id if school else Child.school_id.is_(None))
    return db.session.scalars(stmt.order_by(Child.created_at, Child.id).with_for_update()).first()


def referral_of(case: Case) -> S19Referral:
    return case_record(case, S19Referral, "This Section 19 case has no referral recorded.")


def decide_referral(case: Case, *, outcome: str, reasons: str, other_route: str = "", actor: User,
                    expected_version: int | None, today: date) -> list[Notice]:
    """Accept the referral, direct it back to the school, or send it down another route, with
    reasons; a `section_19_decision` notice (the council's complaints route: Section 19 decisions
    are not SEND Tribunal appeals) to the family and a copy to the school."""
    if outcome not in DECISIONS:
        raise ServiceError("Select a decision.")
    referral = referral_of(case)
    child = case.child.full_name
    if outcome != "accept" and not reasons.strip():
        raise ServiceError("Give the reasons for the decision.")
    if outcome == "another_route" and not other_route.strip():
        raise ServiceError("Say which route the child's education should take instead.")
    school = referral.school.name if referral.school else "the school"
    decision = {
        "accept": f"We will arrange education for {child} under section 19 of the Education Act 1996. We will "
                  "tell you about the education package before it starts.",
        "direct_to_school": f"We have decided not to arrange education for {child} under section 19 now. We have "
                            f"asked {school} to continue to provide {child}'s education.",
        "another_route": f"We have decided that {child}'s education should be arranged another way: "
                         f"{other_route.strip()}.",
    }[outcome]
    reason_list = [r.strip() for r in reasons.splitlines() if r.strip()] or [
        f"{child} cannot attend school and would not otherwise receive suitable education."]
    move_case(case, outcome, actor=actor, expected_version=expected_version, summary=decision,
              data={"reasons": reason_list, "other_route": other_route.strip()})
    referral.decision, referral.decision_reasons = outcome, "\n".join(reason_list)
    referral.other_route, referral.decided_on = other_route.strip(), today
    return tell_family(case, referral, decision=decision, reasons=reason_list, actor=actor, today=today)


def tell_family(case: Case, referral: S19Referral, *, decision: str, reasons: list[str], actor: User,
                today: date) -> list[Notice]:
    """A Section 19 decision in writing: a `section_19_decision` notice to each of the family by
    each of their channels (`shared.services.recipients`: accounts and contacts on record, else
    the parent the referral named, by email or by post to the child's address it gave), and the
    copies to the school and a health professional who referred. Never refused for want of an
    account or an email address."""
    kwargs = {"decision": decision, "reasons": reasons, "actor": actor, "issued_on": today}
    fallback = [Recipient(name=referral.parent_name or "Parent or carer", email=referral.parent_email,
                          address_lines=tuple(line.strip() for line in referral.address.splitlines() if line.strip()))]
    notices: list[Notice] = []
    for recipient in notice_recipients(case, fallback):
        notices += notices_for_recipient(case, "section_19_decision", recipient, **kwargs)
    return notices + copies_for_school_and_referrer(case, referral, **kwargs)


def copies_for_school_and_referrer(case: Case, referral: S19Referral, **kwargs) -> list[Notice]:
    """Copies of a Section 19 decision: to the school (its email, else the referrer's when school
    staff referred) and to a health professional who referred, as the school gets one."""
    notices = []
    health_referrer = referral.referrer if referral.referrer_type == "health" and referral.referrer else None
    school_email = (referral.school.email if referral.school else None) or (
        referral.referrer.email if referral.referrer and not health_referrer else None)
    if school_email:
        notices.append(queue_notice(case, "section_19_decision", name=referral.school.name if referral.school
                                    else referral.referrer.full_name, email=school_email, user=None, **kwargs))
    if health_referrer is not None and health_referrer.email != school_email:
        notices.append(queue_notice(case, "section_19_decision", name=health_referrer.full_name,
                                    email=health_referrer.email, user=health_referrer, **kwargs))
    return notices


# --- the provider catalogue ---------------------------------------------------------------------

def _provider_fields(name: str, provider_type: str, delivery: str, hourly_rate: Decimal) -> None:
    if not name.strip() or not provider_type.strip():
        raise ServiceError("Enter the provider's name and type.")
    if delivery not in {d.value for d in S19Delivery}:
        raise ServiceError("Select group or individual.")
    if hourly_rate is None or Decimal(hourly_rate) < 0:
        raise ServiceError("Enter the hourly rate, 0 or more.")


def add_provider(*, name: str, provider_type: str, delivery: str, hourly_rate: Decimal, active: bool = True,
                 actor: User) -> S19Provider:
    """Add a provider to the catalogue (Section 19 lead or manager)."""
    _provider_fields(name, provider_type, delivery, hourly_rate)
    if db.session.scalars(select(S19Provider).where(S19Provider.name == name.strip())).first():
        raise ServiceError("A provider with this name is already in the catalogue.")
    provider = S19Provider(name=name.strip(), provider_type=provider_type.strip(), delivery=S19Delivery(delivery),
                           hourly_rate=Decimal(hourly_rate), active=active)
    db.session.add(provider)
    db.session.flush()
    return provider


def update_provider(provider: S19Provider, *, name: str, provider_type: str, delivery: str, hourly_rate: Decimal,
                    active: bool, actor: User) -> None:
    """Change a provider. Packages already commissioned keep the rate they were costed at."""
    _provider_fields(name, provider_type, delivery, hourly_rate)
    clash = db.session.scalars(select(S19Provider).where(S19Provider.name == name.strip(),
                                                         S19Provider.id != provider.id)).first()
    if clash:
        raise ServiceError("A provider with this name is already in the catalogue.")
    provider.name, provider.provider_type = name.strip(), provider_type.strip()
    provider.delivery, provider.hourly_rate, provider.active = S19Delivery(delivery), Decimal(hourly_rate), active


def group_available() -> bool:
    return db.session.scalars(select(S19Provider.id).where(S19Provider.active.is_(True),
                                                           S19Provider.delivery == S19Delivery.GROUP)).first() is not None


# --- the package --------------------------------------------------------------------------------

def facts_for(referral: S19Referral, case: Case, package: S19Package | None = None, *,
              first_starts_on: date | None = None) -> rules.Facts:
    """The key dates' facts. The statutory start is met by the first package (`first_starts_on`,
    else `package`'s start); the next review is the current package's, while it is in place."""
    in_place = package is not None and package.ends_on is None and case.status in ("package_in_place",
                                                                                    "reintegrating")
    return rules.Facts(
        received_on=case.received_on, reason=referral.reason.value, days_missed=referral.days_missed,
        expected_absence_days=referral.expected_absence_days, exclusion_first_day=referral.exclusion_first_day,
        decided_on=referral.decided_on, accepted=referral.decision == "accept",
        package_starts_on=first_starts_on or (package.starts_on if package else None),
        next_review_on=package.next_review_on if in_place else None,
        reintegration_target_on=referral.reintegration_target_on, closed=case.closed_at is not None)


def commission_package(case: Case, *, provider: S19Provider, hours_per_week: Decimal, full_time: bool,
                       reduced_reason: str, individual_reason: str, starts_on: date, review_every_weeks: int,
                       calendar: SchoolCalendar, actor: User, expected_version: int | None) -> S19Package:
    """Commission a package from the catalogue (the first, or a new one after one ended): group preferred (an individual package while a
    group is available needs a reason), reduced hours only with the health reason, the weekly
    cost from the provider's rate, the first review `review_every_weeks` school weeks after the
    start. A start after the statutory day is allowed (the lead may have no choice) but recorded
    as late on the chronology and the caseload."""
    check_version(case, expected_version)
    if not provider.active:
        raise ServiceError("This provider is no longer in use: choose another.")
    problems = rules.package_problems(individual=provider.delivery == S19Delivery.INDIVIDUAL,
                                      group_available=group_available(), individual_reason=individual_reason,
                                      full_time=full_time, reduced_reason=reduced_reason,
                                      hours_per_week=hours_per_week)
    if problems:
        raise ServiceError(next(iter(problems.values())))
    referral = referral_of(case)
    try:
        statutory, _ = rules.statutory_start(calendar, facts_for(referral, case))
    except rules.CALENDAR_ERRORS:
        statutory = None
    if current_package(case) is not None:  # a new package after one ended: the statutory date was for the first
        statutory = None
    package = new_package(case, provider=provider, hours_per_week=hours_per_week, full_time=full_time,
                          reduced_reason=reduced_reason, individual_reason=individual_reason, starts_on=starts_on,
                          statutory_start_on=statutory, review_every_weeks=review_every_weeks, calendar=calendar,
                          actor=actor)
    cost = package.weekly_cost
    late = statutory is not None and starts_on > statutory
    summary = (f"Package commissioned: {provider.name} ({provider.delivery.label.lower()}), "
               f"{package.hours_per_week} hours a week ({'full-time' if full_time else 'reduced hours'}), "
               f"£{cost} a week, starting {starts_on:%-d %B %Y}"
               + (f", after the statutory date of {statutory:%-d %B %Y}" if late else ""))
    move_case(case, "commission_package", actor=actor, summary=summary,
              data={"provider_id": str(provider.id), "weekly_cost": str(cost), "starts_late": late})
    db.session.flush()
    return package


def new_package(case: Case, *, provider: S19Provider, hours_per_week: Decimal, full_time: bool,
                reduced_reason: str, individual_reason: str, starts_on: date, statutory_start_on: date | None,
                review_every_weeks: int, calendar: SchoolCalendar, actor: User, **replacing) -> S19Package:
    """A package from the provider, added to the session: its weekly cost from the provider's
    hourly rate, its first review `review_every_weeks` school weeks after it starts. For a package
    that replaces another, `replacing` gives `replaces_id` and `change_reason`."""
    package = S19Package(
        case_id=case.id, provider=provider, provider_id=provider.id, delivery=provider.delivery,
        individual_reason=individual_reason.strip() if provider.delivery == S19Delivery.INDIVIDUAL else "",
        hours_per_week=Decimal(hours_per_week), full_time=full_time,
        reduced_reason="" if full_time else reduced_reason.strip(), hourly_rate=provider.hourly_rate,
        weekly_cost=rules.weekly_cost(provider.hourly_rate, hours_per_week), starts_on=starts_on,
        statutory_start_on=statutory_start_on, review_every_weeks=review_every_weeks,
        next_review_on=rules.next_review_on(calendar, starts_on, review_every_weeks), created_by_id=actor.id,
        **replacing)
    db.session.add(package)
    return package


def current_package(case: Case) -> S19Package | None:
    """The newest package (it may have ended: `ends_on`)."""
    stmt = (select(S19Package).where(S19Package.case_id == case.id)
            .order_by(S19Package.created_at.desc(), S19Package.id))
    return db.session.scalars(stmt).first()


def record_review(case: Case, *, reviewed_on: date, outcome: str, notes: str, calendar: SchoolCalendar,
                  actor: User, expected_version: int | None, today: date) -> S19Review:
    """Record a review of the package and set the next one (the package's review period, in
    school weeks, after this review)."""
    check_version(case, expected_version)
    package = current_package(case)
    if package is None or package.ends_on is not None or case.closed_at is not None:
        raise ServiceError("There is no package in place to review.")
    if outcome not in REVIEW_OUTCOMES:
        raise ServiceError("Select the outcome of the review.")
    if reviewed_on > today:
        raise ServiceError("The review date cannot be in the future.")
    following = None if outcome == "end" else rules.next_review_on(calendar, reviewed_on, package.review_every_weeks)
    review = S19Review(package=package, package_id=package.id, reviewed_on=reviewed_on, outcome=outcome,
                       notes=notes.strip(), next_review_on=following, reviewed_by_id=actor.id)
    db.session.add(review)
    if following is not None:
        package.next_review_on = following
    record_event(case, "s19_package_reviewed",
                 f"Package reviewed on {reviewed_on:%-d %B %Y}: {REVIEW_OUTCOMES[outcome]}."
                 + (f" Next review by {following:%-d %B %Y}." if following else ""),
                 actor=actor, data={"outcome": outcome})
    db.session.flush()
    return review


def plan_reintegration(case: Case, *, target_on: date, receiving_school: str, notes: str, actor: User,
                       expected_version: int | None, today: date) -> None:
    """Plan the child's return: a target date and the school receiving them."""
    if not receiving_school.strip():
        raise ServiceError("Enter the school the child will return to.")
    if target_on < today:
        raise ServiceError("The target date must be today or later.")
    referral = referral_of(case)
    move_case(case, "plan_reintegration", actor=actor, expected_version=expected_version,
              summary=f"Return to {receiving_school.strip()} planned, target {target_on:%-d %B %Y}",
              data={"target_on": target_on.isoformat()})
    referral.reintegration_target_on = target_on
    referral.receiving_school = receiving_school.strip()
    referral.reintegration_notes = notes.strip()


def close_s19_case(case: Case, *, outcome: str, notes: str, actor: User, expected_version: int | None) -> None:
    """Close the case with its outcome."""
    if outcome not in CLOSE_OUTCOMES:
        raise ServiceError("Select the outcome.")
    if outcome == "other" and not notes.strip():
        raise ServiceError("Describe the outcome.")
    referral = referral_of(case)
    move_case(case, "close", actor=actor, expected_version=expected_version,
              summary=f"Closed: {CLOSE_OUTCOMES[outcome]}" + (f". {notes.strip()}" if notes.strip() else ""),
              data={"outcome": outcome})
    referral.close_outcome = outcome

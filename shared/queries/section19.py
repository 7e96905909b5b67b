"""Section 19 reads: a case's referral and package, the provider catalogue, the caseload and
the key dates (docs/section-19.md). Cases come only through the user's visibility rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from shared.db import db
from shared.domain import section19 as rules
from shared.domain.lifecycles import SECTION_19
from shared.domain.school_days import DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS, SchoolCalendar
from shared.models import Case, CaseKind, S19Package, S19Provider, S19Referral, User
from shared.queries.calendar import school_calendar
from shared.queries.cases import visible_cases
from shared.services.section19 import current_package, facts_for

NO_REFERRAL = "No referral is recorded for this case, so it has no statutory dates yet."
CALENDAR_HELP = "the school calendar for these dates has not been set up. An administrator can add the term dates."


def referral_for_case(case: Case) -> S19Referral | None:
    return db.session.scalars(select(S19Referral).where(S19Referral.case_id == case.id)).first()


def package_for_case(case: Case) -> S19Package | None:
    """The current (newest) package; it may have ended."""
    return current_package(case)


def package_history(case: Case) -> list[S19Package]:
    """Every package of the case, newest first (a change or an ending shows why)."""
    return list(db.session.scalars(select(S19Package).where(S19Package.case_id == case.id)
                                   .order_by(S19Package.created_at.desc(), S19Package.id)))


def _first_starts_on(case: Case) -> date | None:
    first = db.session.scalars(select(S19Package.starts_on).where(S19Package.case_id == case.id)
                               .order_by(S19Package.created_at, S19Package.id)).first()
    return first


def starts_late(package: S19Package | None) -> bool:
    """The current package started after the statutory date (only a case's first package has one)."""
    return bool(package and package.statutory_start_on and package.starts_on > package.statutory_start_on)


def review_overdue(case: Case, package: S19Package | None, today: date) -> bool:
    """The current package is in place and its review date has passed."""
    return bool(package and package.ends_on is None and case.status in ("package_in_place", "reintegrating")
                and package.next_review_on < today)


def providers(*, active_only: bool = False) -> list[S19Provider]:
    stmt = select(S19Provider).order_by(S19Provider.delivery, S19Provider.name, S19Provider.id)
    if active_only:
        stmt = stmt.where(S19Provider.active.is_(True))
    return list(db.session.scalars(stmt))


def provider(provider_id: uuid.UUID) -> S19Provider | None:
    """Catalogue rows are council configuration, not a child's record."""
    return db.session.get(S19Provider, provider_id)


def decision_school_days() -> int:
    if has_app_context():
        return current_app.config["SETTINGS"].s19_referral_decision_school_days
    return DEFAULT_REFERRAL_DECISION_SCHOOL_DAYS


def review_weeks() -> int:
    if has_app_context():
        return current_app.config["SETTINGS"].s19_review_weeks
    return rules.DEFAULT_REVIEW_WEEKS


def _dates(case: Case, referral: S19Referral, package: S19Package | None, calendar: SchoolCalendar,
           today: date, first_starts_on: date | None) -> tuple[list[rules.S19Date], list[str]]:
    return rules.key_dates(calendar, facts_for(referral, case, package, first_starts_on=first_starts_on), today,
                           decision_school_days=decision_school_days(), calendar_message=lambda _e: CALENDAR_HELP)


def s19_key_dates(case: Case, today: date) -> tuple[list[rules.S19Date], str]:
    """The case's key dates and the notes in words, for the case pages (officer and portal)."""
    referral = referral_for_case(case)
    if referral is None:
        return [], ""
    dates, notes = _dates(case, referral, package_for_case(case), school_calendar(), today, _first_starts_on(case))
    return dates, " ".join(notes)


@dataclass(frozen=True)
class CaseloadRow:
    case: Case
    referral: S19Referral | None  # None: the case was opened without a referral record
    package: S19Package | None
    next_date: rules.S19Date | None
    starts_late: bool
    review_overdue: bool
    notes: list[str]


STATUS_FILTERS = {"open": "All open", **{s: label for s, label in SECTION_19.labels.items()}}


def caseload(user: User, today: date, *, status: str = "open") -> list[CaseloadRow]:
    """Section 19 cases the user may see, with the next date, packages starting after the
    statutory date and reviews overdue; soonest next date first.

    Every case the filter matches is a row, with or without a referral record (an outer
    reading): a case missing from its team's list is a child nobody is working on. A case
    without a referral has no statutory dates to compute, so it says so and sorts first."""
    # The page names every child and each package's provider: loaded here, not a query a row.
    stmt = visible_cases(user).where(Case.kind == CaseKind.SECTION_19).options(joinedload(Case.child, innerjoin=True))
    stmt = stmt.where(Case.closed_at.is_(None)) if status == "open" else stmt.where(Case.status == status)
    cases = list(db.session.scalars(stmt))
    if not cases:
        return []
    ids = [c.id for c in cases]
    referrals = {r.case_id: r for r in db.session.scalars(select(S19Referral).where(S19Referral.case_id.in_(ids)))}
    packages: dict = {}  # the current (newest) package of each case
    first_starts: dict = {}
    for p in db.session.scalars(select(S19Package).options(joinedload(S19Package.provider, innerjoin=True))
                                .where(S19Package.case_id.in_(ids))
                                .order_by(S19Package.created_at, S19Package.id)):
        packages[p.case_id] = p
        first_starts.setdefault(p.case_id, p.starts_on)
    calendar = school_calendar()
    rows = []
    for case in cases:
        referral = referrals.get(case.id)
        if referral is None:
            rows.append(CaseloadRow(case, None, packages.get(case.id), None, False, False, [NO_REFERRAL]))
            continue
        package = packages.get(case.id)
        dates, notes = _dates(case, referral, package, calendar, today, first_starts.get(case.id))
        open_dates = [d for d in dates if not d.is_done]
        next_date = min(open_dates, key=lambda d: d.due_on) if open_dates else None
        rows.append(CaseloadRow(case, referral, package, next_date, starts_late(package),
                                review_overdue(case, package, today), notes))
    far = date.max
    return sorted(rows, key=lambda r: (r.referral is not None, r.next_date.due_on if r.next_date else far,
                                       r.case.reference))


def case_for_submission(key: str) -> Case | None:
    """The case an earlier POST of the referral with this idempotency key made, if any."""
    from shared.services.submissions import previous_result

    earlier = previous_result(key)
    if earlier is None or earlier.result_type != "s19_referral":
        return None
    referral = db.session.get(S19Referral, uuid.UUID(earlier.result_id))
    return referral.case if referral else None

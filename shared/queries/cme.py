"""Children missing education reads: a case's register entry, reports and reviews, a school's own
reports, and the register with its weekly review list (docs/children-missing-education.md).
Cases come only through the user's visibility rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from shared.db import db
from shared.domain import cme as rules
from shared.domain.lifecycles import CME
from shared.models import Case, CaseKind, CmeRecord, CmeReport, CmeReview, CmeSource, User
from shared.queries.cases import visible_cases
from shared.queries.school_memberships import approved_school_id


def record_for_case(case: Case) -> CmeRecord | None:
    return db.session.scalars(select(CmeRecord).where(CmeRecord.case_id == case.id)).first()


def reports_for_case(case: Case) -> list[CmeReport]:
    stmt = select(CmeReport).where(CmeReport.case_id == case.id).order_by(CmeReport.created_at, CmeReport.id)
    return list(db.session.scalars(stmt))


def reviews_for_case(case: Case) -> list[CmeReview]:
    stmt = select(CmeReview).where(CmeReview.case_id == case.id).order_by(CmeReview.reviewed_on.desc(),
                                                                         CmeReview.created_at.desc())
    return list(db.session.scalars(stmt))


def report_for_submission(key: str) -> CmeReport | None:
    """The report an earlier POST with this idempotency key made, if any."""
    from shared.services.submissions import previous_result

    earlier = previous_result(key)
    if earlier is None or earlier.result_type != "cme_report":
        return None
    return db.session.get(CmeReport, uuid.UUID(earlier.result_id))


def school_report_for_case(user: User, case_id: uuid.UUID) -> CmeReport | None:
    """The latest report the user's school made on this CME case, or None. Portal users never see
    CME cases through `visible_cases`: a school sees only its own reports, through here."""
    school_id = approved_school_id(user)
    if school_id is None:
        return None
    stmt = (select(CmeReport).join(Case, Case.id == CmeReport.case_id)
            .where(CmeReport.case_id == case_id, Case.kind == CaseKind.CME,
                   CmeReport.reporting_school_id == school_id)
            .order_by(CmeReport.created_at.desc(), CmeReport.id))
    return db.session.scalars(stmt).first()


def school_reports(user: User) -> list[CmeReport]:
    """Every report the user's school has made, newest first."""
    school_id = approved_school_id(user)
    if school_id is None:
        return []
    stmt = (select(CmeReport).join(Case, Case.id == CmeReport.case_id)
            .where(CmeReport.reporting_school_id == school_id, Case.kind == CaseKind.CME)
            .order_by(CmeReport.created_at.desc(), CmeReport.id)
            .options(joinedload(CmeReport.case).joinedload(Case.child)))  # the page names each case and child
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class RegisterRow:
    case: Case
    record: CmeRecord | None  # None: an open case without its register entry still shows
    latest: CmeReport | None
    sources: list[str]
    known: list[str]
    status_label: str
    last_review_on: date | None
    next_review_on: date | None
    days_since_review: int
    review_due: bool


STATUS_FILTERS = {"open": "All open cases", **dict(CME.labels), "all": "All cases"}
SOURCE_FILTERS = {"any": "Any source", **{s.value: s.label for s in CmeSource}}


def _register_statement(user: User, *, status: str, source: str, open_only: bool):
    """The register's rows (case, entry, latest report, last review, next review date), filtered,
    in the register's order: safeguarding first, then the longest since the last review (or since
    the report, when never reviewed), then by reference."""
    last = (select(CmeReview.case_id, func.max(CmeReview.reviewed_on).label("last_on"))
            .group_by(CmeReview.case_id).subquery())
    latest_next = (select(CmeReview.case_id, CmeReview.next_review_on)
                   .distinct(CmeReview.case_id)
                   .order_by(CmeReview.case_id, CmeReview.reviewed_on.desc(), CmeReview.created_at.desc())
                   .subquery())
    inner = aliased(CmeReport)
    latest_report = (select(inner.id).where(inner.case_id == Case.id)
                     .order_by(inner.created_at.desc(), inner.id).limit(1).correlate(Case).scalar_subquery())
    cases = visible_cases(user).where(Case.kind == CaseKind.CME).subquery()
    stmt = (select(Case, CmeRecord, CmeReport, last.c.last_on, latest_next.c.next_review_on)
            .join(cases, cases.c.id == Case.id)
            # Outer joins: a case without its register entry or a report is still the team's
            # case, and a register that leaves it out hides a missing child.
            .outerjoin(CmeRecord, CmeRecord.case_id == Case.id)
            .outerjoin(CmeReport, CmeReport.id == latest_report)
            .outerjoin(last, last.c.case_id == Case.id)
            .outerjoin(latest_next, latest_next.c.case_id == Case.id))
    if status == "open" or open_only:
        stmt = stmt.where(Case.closed_at.is_(None))
    elif status in CME.labels:
        stmt = stmt.where(Case.status == status)
    if source in {s.value for s in CmeSource}:
        any_report = aliased(CmeReport)
        stmt = stmt.where(select(any_report.id).where(any_report.case_id == Case.id,
                                                      any_report.source == CmeSource(source))
                          .correlate(Case).exists())
    return stmt.order_by(CmeRecord.safeguarding_flag.desc(),
                         func.coalesce(last.c.last_on, Case.received_on).asc(), Case.reference)


def _register_rows(stmt, today: date, *, review_only: bool = False) -> list[RegisterRow]:
    stmt = stmt.options(joinedload(Case.child, innerjoin=True))  # the page names every child: no N+1
    rows = db.session.execute(stmt).all()
    facts = _facts([row[0].id for row in rows])
    result = []
    for case, record, latest, last_on, next_on in rows:
        due = case.closed_at is None and rules.review_due(last_on, next_on, today)
        if review_only and not due:
            continue
        sources, known = facts.get(case.id, ([], []))
        result.append(RegisterRow(case=case, record=record, latest=latest, sources=sources, known=known,
                                  status_label=CME.labels[case.status], last_review_on=last_on,
                                  next_review_on=next_on, days_since_review=rules.days_since(last_on, case.received_on,
                                                                                             today),
                                  review_due=due))
    return result


def cme_register(user: User, *, status: str = "open", source: str = "any", review_only: bool = False,
                 today: date) -> list[RegisterRow]:
    """Every CME case the user may see, in the register's order (`_register_statement`).
    `review_only` keeps the open cases whose weekly review is due (`rules.review_due`): the weekly
    review list, a working list shown whole."""
    stmt = _register_statement(user, status=status, source=source, open_only=review_only)
    return _register_rows(stmt, today, review_only=review_only)


REGISTER_PAGE_SIZE = 100


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    page: int
    pages: int
    per_page: int


def cme_register_page(user: User, *, status: str = "open", source: str = "any", today: date, page: int = 1,
                      per_page: int | None = None) -> RegisterPage:
    """One page of the whole register (`cme_register` without `review_only`), paged by the
    database: a count and one page of rows. A page past the end shows the last page."""
    per_page = per_page or REGISTER_PAGE_SIZE
    stmt = _register_statement(user, status=status, source=source, open_only=False)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = _register_rows(stmt.limit(per_page).offset((page - 1) * per_page), today) if total else []
    return RegisterPage(rows=rows, total=total, page=page, pages=pages, per_page=per_page)


def _facts(case_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[list[str], list[str]]]:
    """For each case, the sources of its reports and what any report said is known about the child."""
    if not case_ids:
        return {}
    # The five columns read here, not whole reports: the register reads every report of every
    # case it lists (about 1,000 for a large county's 850 open cases; docs/performance.md).
    stmt = (select(CmeReport.case_id, CmeReport.source, CmeReport.has_ehc_plan, CmeReport.has_sen,
                   CmeReport.has_social_worker).where(CmeReport.case_id.in_(case_ids))
            .order_by(CmeReport.case_id, CmeReport.created_at, CmeReport.id))
    found: dict[uuid.UUID, tuple[list[str], list[str]]] = {}
    for report in db.session.execute(stmt):
        sources, known = found.setdefault(report.case_id, ([], []))
        if report.source.label not in sources:
            sources.append(report.source.label)
        for on, label in ((report.has_ehc_plan, "EHC plan"), (report.has_sen, "SEN"),
                          (report.has_social_worker, "Social worker")):
            if on and label not in known:
                known.append(label)
    return found

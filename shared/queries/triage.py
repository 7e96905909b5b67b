"""The back-office triage queue: open EHC needs assessment cases by their next statutory date.

Built on `visible_cases(user)`, so an officer sees only their team's case kinds. The next
statutory date is computed in SQL (so the database sorts and pages 25,000 cases, not Python)
from the date the request was received and the stage the case is at.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager

from shared.db import db
from shared.domain.lifecycles import EHC_ASSESSMENT
from shared.models import Case, CaseKind, Child, School, User
from shared.queries.cases import visible_cases

PER_PAGE = 50
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class StatutoryStep:
    days: int  # counted from the day the council received the request
    what: str
    source: str


# The next statutory date of an open EHC needs assessment, by stage ("within N weeks of
# receipt" = received_on + 7N days; statutory-rules.md section 1, "Counting days").
NEXT_STATUTORY_STEP: dict[str, StatutoryStep] = {
    "received": StatutoryStep(42, "Decide whether to assess", "SEND Regulations 2014 reg 5(1): 6 weeks"),
    "assessing": StatutoryStep(112, "Decide whether to issue a plan", "SEND Regulations 2014 reg 10(1): 16 weeks"),
    "drafting": StatutoryStep(140, "Issue the final plan", "SEND Regulations 2014 reg 13(2): 20 weeks"),
    "draft_issued": StatutoryStep(140, "Issue the final plan", "SEND Regulations 2014 reg 13(2): 20 weeks"),
}

DUE_WINDOWS = ("all", "overdue", "7", "14")
UNASSIGNED = "none"


@dataclass(frozen=True)
class TriageFilters:
    stage: str = ""  # a key of NEXT_STATUTORY_STEP, or "" for every stage
    officer: str = ""  # "" anyone, UNASSIGNED, or a user id
    school: str = ""  # "" any school, or a school id
    due: str = "all"  # one of DUE_WINDOWS
    q: str = ""  # a child's name (contains), an exact reference or an exact UPN


@dataclass(frozen=True)
class TriageRow:
    case: Case
    next_date: date
    days_left: int  # negative when overdue

    @property
    def step(self) -> StatutoryStep:
        return NEXT_STATUTORY_STEP[self.case.status]

    @property
    def due_status(self) -> str:
        if self.days_left < 0:
            return "overdue"
        return "due-soon" if self.days_left <= DUE_SOON_DAYS else "on-track"

    @property
    def due_text(self) -> str:
        """The words of the status tag: the status is never shown by colour alone."""
        n = abs(self.days_left)
        days = f"{n} day{'' if n == 1 else 's'}"
        if self.days_left < 0:
            return f"Overdue by {days}"
        return "Due today" if self.days_left == 0 else f"Due in {days}"


@dataclass(frozen=True)
class TriagePage:
    rows: list[TriageRow]
    total: int
    page: int
    pages: int
    per_page: int


def next_statutory_date():
    """SQL: received_on plus the days of the case's current stage (NULL for any other stage)."""
    days = case({status: step.days for status, step in NEXT_STATUTORY_STEP.items()}, value=Case.status)
    return (Case.received_on + days).label("next_date")


def _open_requests(user: User) -> Select:
    """Open EHC assessment cases the user may see (no columns beyond the case, no joins)."""
    return (visible_cases(user).order_by(None)
            .where(Case.kind == CaseKind.EHC_ASSESSMENT, Case.closed_at.is_(None),
                   Case.status.in_(list(NEXT_STATUTORY_STEP))))


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return None


def _filtered(stmt: Select, filters: TriageFilters, today: date) -> Select:
    next_date = next_statutory_date()
    if filters.stage in NEXT_STATUTORY_STEP:
        stmt = stmt.where(Case.status == filters.stage)
    if filters.officer == UNASSIGNED:
        stmt = stmt.where(Case.assigned_officer_id.is_(None))
    elif (officer_id := _uuid(filters.officer)) is not None:
        stmt = stmt.where(Case.assigned_officer_id == officer_id)
    if (school_id := _uuid(filters.school)) is not None:
        stmt = stmt.where(Case.child_id.in_(select(Child.id).where(Child.school_id == school_id)))
    if filters.due == "overdue":
        stmt = stmt.where(next_date < today)
    elif filters.due in ("7", "14"):
        stmt = stmt.where(and_(next_date >= today, next_date <= today + timedelta(days=int(filters.due))))
    q = " ".join(filters.q.split())
    if q:
        # One lower-cased "first last" covers first name, last name and whole name, and is
        # about three times quicker than ILIKE on each column (docs/performance.md).
        full_name = func.lower(Child.first_name + " " + Child.last_name)
        children = select(Child.id).where(or_(full_name.contains(q.lower(), autoescape=True),
                                              Child.upn == q.upper()))
        stmt = stmt.where(or_(Case.child_id.in_(children), Case.reference == q.upper()))
    return stmt


def _with_people(stmt: Select) -> Select:
    return (stmt.join(Child, Child.id == Case.child_id)
            .outerjoin(School, School.id == Child.school_id)
            .outerjoin(User, User.id == Case.assigned_officer_id)
            .options(contains_eager(Case.child).contains_eager(Child.school),
                     contains_eager(Case.assigned_officer)))


def _row(case_obj: Case, next_date: date, today: date) -> TriageRow:
    return TriageRow(case=case_obj, next_date=next_date, days_left=(next_date - today).days)


def triage_queue(user: User, filters: TriageFilters, *, today: date, page: int = 1,
                 per_page: int = PER_PAGE) -> TriagePage:
    """One page of the queue, soonest statutory date first (then by reference, so the order is
    the same on every request). A page past the end shows the last page.

    The database sorts and pages a narrow query (id, date, reference, with the total as a
    window count); only the page's 50 cases are then loaded with their child, school and
    officer."""
    next_date = next_statutory_date()
    matching = _filtered(_open_requests(user), filters, today)
    narrow = (matching.with_only_columns(Case.id, next_date, func.count().over())
              .order_by(next_date, Case.reference))
    page = max(1, page)
    found = db.session.execute(narrow.limit(per_page).offset((page - 1) * per_page)).all()
    if found:
        total = found[0][2]
    else:  # an empty queue, or a page past the end
        total = db.session.scalar(matching.with_only_columns(func.count())) or 0
        if total and page > 1:
            page = -(-total // per_page)
            found = db.session.execute(narrow.limit(per_page).offset((page - 1) * per_page)).all()
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    ids = [case_id for case_id, _, _ in found]
    loaded = {c.id: c for c in db.session.scalars(
        _with_people(_open_requests(user)).where(Case.id.in_(ids))).unique()} if ids else {}
    rows = [_row(loaded[case_id], due, today) for case_id, due, _ in found if case_id in loaded]
    return TriagePage(rows=rows, total=total, page=page, pages=pages, per_page=per_page)


def triage_row(user: User, case_id: uuid.UUID, *, today: date) -> TriageRow | None:
    """One case of the queue, through the same visibility rules (None when not visible or no
    longer open)."""
    stmt = _with_people(_open_requests(user)).add_columns(next_statutory_date()).where(Case.id == case_id)
    result = db.session.execute(stmt).unique().first()
    return _row(result[0], result[1], today) if result else None


def schools_in_queue(user: User) -> list[School]:
    """The schools of the children in the user's queue, for the school filter."""
    children = _open_requests(user).with_only_columns(Case.child_id)
    in_queue = select(Child.school_id).where(Child.id.in_(children), Child.school_id.is_not(None))
    stmt = select(School).where(School.id.in_(in_queue)).order_by(School.name, School.urn)
    return list(db.session.scalars(stmt))


def stage_choices() -> list[tuple[str, str]]:
    return [(status, EHC_ASSESSMENT.labels[status]) for status in NEXT_STATUTORY_STEP]

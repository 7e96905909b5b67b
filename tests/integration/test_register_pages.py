"""The registers at volume (docs/performance.md): the EHE register is paged (GOV.UK pagination,
filters kept in the links, a bad or past-the-end page number never an error), and the register
pages load their rows' children with the rows, not one query a row. Timing is measured by
`make bench`, never asserted here."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.queries import ehe as q
from shared.services import ehe


@pytest.fixture
def teacher(make):
    school = make.school(name="Hilltop Academy")
    return make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Sam Teacher")


@pytest.fixture
def officer(make):
    return make.user(Role.EHE_PRACTITIONER, full_name="Erin Practitioner")


def _children(teacher, names: list[str]) -> None:
    """One EHE case a child, by the school's deletion return (none with a safeguarding flag, so
    the register orders them by reference: the order they were made)."""
    for n, name in enumerate(names):
        answers = ehe.NotificationAnswers(first_name=name, last_name="Pager", date_of_birth=date(2014, 5, 6),
                                          address="1 Long Lane", parent_names="Jo Pager",
                                          parent_email="jo@example.com", deleted_on=today_in_england())
        ehe.record_deletion_return(teacher, answers, f"page-{n}", today=today_in_england())
        db.session.commit()


@contextmanager
def counted_statements():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def lazy_loads(statements: list[str], *tables: str) -> list[str]:
    """The statements that load one row of these tables by its key: an object loaded on its own
    when a template touched it (SQLAlchemy's lazy load binds the key as `pk_1`)."""
    found = re.compile(rf"FROM ({'|'.join(tables)})\b")
    return [s for s in statements if "%(pk_1)s" in s and found.search(s)]


def test_the_ehe_register_is_paged_with_the_filters_kept(client, signed_in, teacher, officer, monkeypatch):
    monkeypatch.setattr(q, "REGISTER_PAGE_SIZE", 2)
    _children(teacher, ["Ada", "Ben", "Cai", "Dee", "Eve"])
    signed_in(officer)

    first = client.get("/staff/home-education")
    assert first.status_code == 200
    assert "5 children, showing 1 to 2" in first.text
    assert "Ada Pager" in first.text and "Ben Pager" in first.text and "Cai Pager" not in first.text
    assert 'class="govuk-pagination"' in first.text and 'aria-label="Pages of the register"' in first.text
    assert 'href="/staff/home-education?page=2"' in first.text and "govuk-pagination__prev" not in first.text

    filtered = client.get("/staff/home-education?status=notified&page=2")
    assert "5 children, showing 3 to 4" in filtered.text
    assert "Cai Pager" in filtered.text and "Dee Pager" in filtered.text and "Ada Pager" not in filtered.text
    links = set(re.findall(r'href="(/staff/home-education\?[^"]*)"', filtered.text))
    assert {"/staff/home-education?status=notified", "/staff/home-education?status=notified&amp;page=3"} <= links

    last = client.get("/staff/home-education?page=3")
    assert "5 children, showing 5 to 5" in last.text and "Eve Pager" in last.text
    assert "govuk-pagination__next" not in last.text

    # A page past the end shows the last page; a page that is not a number, the first.
    assert "Eve Pager" in client.get("/staff/home-education?page=99").text
    assert "Ada Pager" in client.get("/staff/home-education?page=abc").text
    assert "Ada Pager" in client.get("/staff/home-education?page=-4").text

    # A filter that matches nothing: no table, no pagination.
    none = client.get("/staff/home-education?status=suitable")
    assert "There are no home educated children to show." in none.text and "govuk-pagination" not in none.text


def test_a_single_page_register_has_no_pagination(client, signed_in, teacher, officer):
    _children(teacher, ["Ada", "Ben"])
    signed_in(officer)
    page = client.get("/staff/home-education")
    assert "2 children</caption>" in page.text and "govuk-pagination" not in page.text


def test_the_register_query_and_a_page_of_it_agree(teacher, officer):
    _children(teacher, ["Ada", "Ben", "Cai"])
    today = today_in_england()
    everyone = [row.case.id for row in q.ehe_register(officer, today=today)]
    paged = [row.case.id for n in (1, 2) for row in q.ehe_register_page(officer, today=today, page=n, per_page=2).rows]
    assert paged == everyone and len(everyone) == 3
    result = q.ehe_register_page(officer, today=today, page=2, per_page=2)
    assert (result.total, result.page, result.pages, result.per_page) == (3, 2, 2, 2)


def test_register_pages_do_not_query_once_a_row(client, signed_in, teacher, officer):
    """The child's name on every row comes with the rows (joined), so the number of queries a
    page makes does not grow with the rows."""
    _children(teacher, ["Ada", "Ben", "Cai", "Dee", "Eve", "Fay"])
    signed_in(officer)
    with counted_statements() as statements:
        page = client.get("/staff/home-education")
    assert "Ada Pager" in page.text and "Fay Pager" in page.text
    assert lazy_loads(statements, "children") == [] and len(statements) <= 4, statements


def test_the_budget_page_totals_by_associate_and_lists_each_visit_in_one_query(client, signed_in, make, teacher,
                                                                              officer):
    """The budget page shows one line of totals per associate; the associate's page reads the
    visits' children and references with the visits (plain values), so a page of many visits makes
    the same few queries as a page of one."""
    from decimal import Decimal

    from shared.domain.ehe_budget import financial_year
    from shared.models import Case, CaseKind
    from shared.services import ehe_associates as associates

    manager = make.user(Role.MANAGER, full_name="Morgan Manager")
    _children(teacher, ["Ada", "Ben", "Cai"])
    today = today_in_england()
    associate = associates.add_associate(name="Alex Head", email="alex@example.com", phone="",
                                         visit_fee=Decimal("120"), mileage_rate=Decimal("0.45"), actor=manager)
    associates.set_budget(financial_year(today), amount=Decimal("5000"), actor=manager)
    db.session.commit()
    cases = db.session.query(Case).filter(Case.kind == CaseKind.EHE).order_by(Case.reference).all()
    for case in cases:
        associates.allocate_visit(case, associate=associate, planned_on=today, estimated_miles=Decimal("10"),
                                  actor=officer, expected_version=None, today=today)
    db.session.commit()
    signed_in(manager)
    year = financial_year(today)
    budget = client.get("/staff/home-education/budget")
    totals = budget.text[budget.text.index('id="associate-totals"'):]
    assert f'href="/staff/home-education/budget/{year}/associates/{associate.id}"' in totals
    assert ">3</td>" in totals and "£373.50" in totals  # 3 allocated, 3 x (120 + 10 x 0.45)
    assert cases[0].child.full_name not in budget.text
    with counted_statements() as statements:
        page = client.get(f"/staff/home-education/budget/{year}/associates/{associate.id}")
    assert page.status_code == 200
    for case in cases:
        assert f"{case.child.full_name}</a> ({case.reference})" in page.text
        assert f'href="/staff/home-education/cases/{case.id}#associate-visits"' in page.text
    assert "Alex Head: visits in" in page.text
    assert lazy_loads(statements, "children", "cases", "ehe_associate_visits") == []

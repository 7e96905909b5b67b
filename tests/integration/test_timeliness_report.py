"""The timeliness report: EHC needs assessment clocks met in time, late or still open, including
and excluding cases with an exception (a)-(d); a missed appointment with an advice giver never
excuses the council (statutory-rules.md section 1)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from shared.db import db
from shared.domain import clocks
from shared.domain.clocks import ExceptionReason
from shared.domain.dates import LONDON, date_in_england, today_in_england
from shared.models import Case, CaseKind, Event, Role
from shared.models.advice import AdviceKind
from shared.queries.timeliness import MEASURES, Period, timeliness_report
from shared.services.advice import request_advice
from shared.services.cases import move_case
from shared.services.exceptions import record_exception

TO_FINAL_PLAN = ("agree_to_assess", "decide_to_issue_plan", "issue_draft_plan", "issue_final_plan")


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=LONDON)


def _move(case: Case, action: str, at: datetime) -> None:
    """One lifecycle step through the service, its chronology event dated `at`."""
    move_case(case, action, actor=None)
    for obj in db.session.new:
        if isinstance(obj, Event) and obj.kind == action and obj.case_id == case.id:
            obj.at = at
    db.session.commit()


def _to_final_plan(case: Case, decided: int, issued: int | None = None) -> None:
    """Agree to assess `decided` days after receipt and, if `issued`, go on to the final plan."""
    _move(case, "agree_to_assess", _noon(case.received_on + timedelta(days=decided)))
    if issued is not None:
        for action in TO_FINAL_PLAN[1:]:
            _move(case, action, _noon(case.received_on + timedelta(days=issued)))


@pytest.fixture
def worked(make):
    """The worked cases, all received in the last 12 months (but the last two)."""
    today = today_in_england()
    officer = make.user(Role.EHC_OFFICER)

    def new(days_ago: int, kind: CaseKind = CaseKind.EHC_ASSESSMENT) -> Case:
        return make.case(make.child(), kind, received_on=today - timedelta(days=days_ago))

    cases = {
        "in_time": new(200),
        "late": new(220),
        "open_overdue": new(160),
        "late_excused": new(210),
        "late_missed_appointment": new(230),
        "not_yet_due": new(10),
        "withdrawn": new(100),
        "refused_in_time": new(100),
        "out_of_period": new(400),
        "plan_case": new(150, CaseKind.EHC_PLAN),
    }
    _to_final_plan(cases["in_time"], 30, 130)
    _to_final_plan(cases["late"], 50, 150)
    excused = cases["late_excused"]
    record_exception(excused, reason=ExceptionReason.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
                     starts_on=excused.received_on + timedelta(days=10), ends_on=None,
                     note="Family bereavement", actor=officer, today=today)
    db.session.commit()
    _to_final_plan(excused, 60, 160)
    missed = cases["late_missed_appointment"]
    _to_final_plan(missed, 45)
    advice = request_advice(missed, kind=AdviceKind.EDUCATIONAL_PSYCHOLOGIST, name="Dr Ed Psych",
                            email="ep@example.com", actor=officer, today=missed.received_on + timedelta(days=45))
    record_exception(missed, reason=ExceptionReason.MISSED_APPOINTMENT,
                     starts_on=missed.received_on + timedelta(days=50), ends_on=None,
                     note="Did not attend", actor=officer, today=today, advice=advice)
    db.session.commit()
    for action in TO_FINAL_PLAN[1:]:
        _move(missed, action, _noon(missed.received_on + timedelta(days=150)))
    _move(cases["withdrawn"], "withdraw", _noon(today - timedelta(days=90)))
    _move(cases["refused_in_time"], "refuse_to_assess", _noon(today - timedelta(days=80)))
    _to_final_plan(cases["out_of_period"], 60)
    return officer, cases, today


EXPECTED = {
    # in time, late, open overdue, not yet due, exception cases, % including, % excluding
    "decision": (2, 3, 1, 1, 1, 40.0, 50.0),
    "final_plan": (1, 3, 1, 1, 1, 25.0, 33.3),
}


def _figures(report, key):
    return next(m for m in report.measures if m.measure.key == key)


def test_the_figures_of_the_worked_cases(worked):
    officer, cases, today = worked
    report = timeliness_report(officer, today=today)
    assert report.cases == 8  # not the case received 400 days ago, nor the plan case
    for key, (in_time, late, open_overdue, not_yet_due, exception_cases, pct, pct_excl) in EXPECTED.items():
        f = _figures(report, key).figures
        assert (f.in_time, f.late, f.open_overdue, f.not_yet_due) == (in_time, late, open_overdue, not_yet_due), key
        assert f.due == in_time + late + open_overdue
        assert f.exception_cases == exception_cases
        assert (f.percent_in_time, f.percent_in_time_excluding_exceptions) == (pct, pct_excl), key


def test_the_sql_agrees_with_the_pure_timeliness_rule(worked):
    """The same cases counted in Python with `clocks.timeliness` and `clocks.clock_status`."""
    officer, cases, today = worked
    report = timeliness_report(officer, today=today)
    from shared.services.exceptions import exceptions_for_case

    period = report.period
    for measure in MEASURES:
        records = []
        for case in cases.values():
            if case.kind != CaseKind.EHC_ASSESSMENT or not period.starts_on <= case.received_on <= period.ends_on:
                continue
            at = db.session.scalar(select(func.min(Event.at)).where(Event.case_id == case.id,
                                                                   Event.kind.in_(measure.event_kinds)))
            done_on = date_in_england(at) if at else None
            if done_on is None and case.closed_at is not None:
                continue  # the clock no longer applies
            due_on = measure.due(case.received_on)
            rules = [e.as_rule() for e in exceptions_for_case(case) if e.advice_request_id is None]
            status = clocks.clock_status(measure.clock, due_on, today, done_on=done_on, exceptions=rules)
            records.append((due_on, done_on, bool(status.excused_by)))
        expected = clocks.timeliness(records)
        f = _figures(report, measure.key).figures
        assert (f.total, f.in_time, f.late, f.percent_in_time, f.exception_cases, f.total_excluding_exceptions,
                f.in_time_excluding_exceptions, f.percent_in_time_excluding_exceptions) == (
            expected["total"], expected["in_time"], expected["late"], expected["percent_in_time"],
            expected["exception_cases"], expected["total_excluding_exceptions"],
            expected["in_time_excluding_exceptions"], expected["percent_in_time_excluding_exceptions"])
        assert f.open_overdue + f.not_yet_due == expected["not_done"]


def test_late_cases_list_exception_letters_but_never_a_missed_appointment(worked):
    officer, cases, today = worked
    decision = _figures(timeliness_report(officer, today=today), "decision")
    late = {row.reference: row for row in decision.late_cases}
    assert set(late) == {cases[k].reference for k in ("late", "open_overdue", "late_excused", "late_missed_appointment")}
    assert late[cases["late_excused"].reference].exception_letters == "(c)"
    assert late[cases["late_missed_appointment"].reference].exception_letters == ""
    assert late[cases["open_overdue"].reference].done_on is None
    assert late[cases["late"].reference].due_on == clocks.assessment_decision_due(cases["late"].received_on)
    assert late[cases["late"].reference].done_on == cases["late"].received_on + timedelta(days=50)
    # ordered by due date
    assert [row.due_on for row in decision.late_cases] == sorted(row.due_on for row in decision.late_cases)


def test_an_exception_that_started_after_the_due_date_does_not_excuse(make):
    today = today_in_england()
    officer = make.user(Role.EHC_OFFICER)
    case = make.case(make.child(), CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=100))
    record_exception(case, reason=ExceptionReason.ABSENT_FROM_AREA, starts_on=today - timedelta(days=50),
                     ends_on=today - timedelta(days=10), note="Abroad", actor=officer, today=today)
    db.session.commit()
    _move(case, "agree_to_assess", _noon(today - timedelta(days=5)))
    report = timeliness_report(officer, today=today)
    decision = _figures(report, "decision")
    assert (decision.figures.late, decision.figures.exception_cases) == (1, 0)  # due 58 days ago, absence began later
    assert decision.late_cases[0].exception_letters == ""
    plan = _figures(report, "final_plan").figures
    assert (plan.not_yet_due, plan.open_overdue) == (1, 0)


def test_the_decision_day_is_the_day_in_england(make):
    """An event at 23:30 UTC in summer is the next day in England (as `date_in_england`)."""
    officer = make.user(Role.EHC_OFFICER)
    received = date(2026, 6, 1)
    due = clocks.assessment_decision_due(received)  # 13 July 2026, British Summer Time
    in_time = make.case(make.child(), CaseKind.EHC_ASSESSMENT, received_on=received)
    late = make.case(make.child(), CaseKind.EHC_ASSESSMENT, received_on=received)
    _move(in_time, "agree_to_assess", datetime.combine(due, time(22, 30), tzinfo=UTC))
    _move(late, "agree_to_assess", datetime.combine(due, time(23, 30), tzinfo=UTC))
    assert date_in_england(datetime.combine(due, time(23, 30), tzinfo=UTC)) == due + timedelta(days=1)
    report = timeliness_report(officer, today=today_in_england(), period=Period(received, received))
    decision = _figures(report, "decision")
    assert (decision.figures.in_time, decision.figures.late) == (1, 1)
    assert [row.reference for row in decision.late_cases] == [late.reference]
    assert decision.late_cases[0].done_on == due + timedelta(days=1)


def _menu(html: str) -> str:
    return html.split("govuk-service-navigation__list", 1)[1].split("</ul>", 1)[0]


def _cell(html: str, table_id: str, label: str) -> str:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.search(rf">{re.escape(label)}</th><td[^>]*>([^<]*)</td>", table).group(1)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EHC_OFFICER])
def test_the_page_shows_the_figures_and_the_late_cases(worked, make, signed_in, role):
    _, cases, _ = worked
    client = signed_in(make.user(role))
    response = client.get("/staff/reports/timeliness")
    assert response.status_code == 200
    html = response.text
    assert "<caption class=\"govuk-table__caption govuk-table__caption--m\">Decisions whether to assess" in html
    assert _cell(html, "figures-decision", "Due by today") == "6"
    assert _cell(html, "figures-decision", "Done in time") == "2"
    assert _cell(html, "figures-decision", "Done late") == "3"
    assert _cell(html, "figures-decision", "Still open and overdue") == "1"
    assert _cell(html, "figures-decision", "In time, including exception cases") == "40.0%"
    assert _cell(html, "figures-decision", "In time, excluding exception cases") == "50.0%"
    assert _cell(html, "figures-final_plan", "In time, including exception cases") == "25.0%"
    assert _cell(html, "figures-final_plan", "In time, excluding exception cases") == "33.3%"
    late = html.split('id="late-decision"', 1)[1].split("</table>", 1)[0]
    excused = cases["late_excused"]
    assert f'href="/staff/cases/{excused.id}">{excused.reference}</a>' in late
    assert "(c)" in late and "Not yet" in late
    assert cases["in_time"].reference not in late
    # the menu links to the report, marked as the current page
    menu = _menu(html)
    assert 'href="/staff/reports/timeliness" aria-current="true"' in menu


def test_the_period_form_filters_and_keeps_its_answers(worked, make, signed_in):
    _, cases, today = worked
    client = signed_in(make.user(Role.MANAGER))
    start = today - timedelta(days=205)
    args = {"from_date": [str(start.day), str(start.month), str(start.year)],
            "to_date": [str(today.day), str(today.month), str(today.year)]}
    response = client.get("/staff/reports/timeliness", query_string=args)
    assert response.status_code == 200
    # in time (200 days ago), open overdue, not yet due, withdrawn and refused: 5 requests
    assert "5 requests received from" in response.text
    assert f'value="{start.year}"' in response.text


@pytest.mark.parametrize("args, message", [
    ({"from_date": ["31", "2", "2026"]}, "From must be a real date"),
    ({"from_date": ["1", "", "2026"]}, "From must include a month"),
    ({"from_date": ["2", "3", "2026"], "to_date": ["1", "3", "2026"]}, "The end date must be the same as or after"),
])
def test_a_wrong_period_is_shown_with_its_errors(make, signed_in, args, message):
    client = signed_in(make.user(Role.MANAGER))
    response = client.get("/staff/reports/timeliness", query_string=args)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and message in response.text
    assert "figures-decision" not in response.text
    assert response.text.count("<title>Error: ") == 1


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.EHE_PRACTITIONER, Role.S19_LEAD])
def test_staff_without_the_permission_are_refused_and_see_no_link(make, signed_in, role):
    client = signed_in(make.user(role))
    assert client.get("/staff/reports/timeliness").status_code == 403
    home = client.get("/staff/admin/users" if role == Role.ADMINISTRATOR else "/staff/")
    assert "/staff/reports/timeliness" not in home.text


def test_a_parent_is_refused(make, signed_in):
    client = signed_in(make.user(Role.PARENT))
    assert client.get("/staff/reports/timeliness").status_code == 403


def test_the_menu_links_to_reports_for_officers(make, signed_in):
    client = signed_in(make.user(Role.EHC_OFFICER))
    menu = _menu(client.get("/staff/").text)
    assert 'href="/staff/reports/timeliness"' in menu and "Reports" in menu


def test_the_report_takes_a_bounded_number_of_queries(worked, app):
    from sqlalchemy import event

    officer, _, today = worked
    assert officer.role  # loaded before counting
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        timeliness_report(officer, today=today)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements  # the figures with the late cases, then their exceptions

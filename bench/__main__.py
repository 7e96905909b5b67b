"""`make bench`: the hot queries of the back-office and portal on a large council's volumes.

Volumes (override with environment variables): BENCH_PLANS=20000 EHC plans, BENCH_REQUESTS=5000
assessment requests (with their decision and final plan events and some exceptions, for the
timeliness report), BENCH_EVENTS=2000000 chronology events, all made with set-based SQL in a
throwaway database (embedded PostgreSQL unless TEST_DATABASE_URL is set). Each query runs
BENCH_REPEAT times; the median and 95th percentile are printed and written to bench-results/.
The issue 4 registers (EHE, CME, EHE associates, Section 19) are seeded and timed too, queries
and rendered pages: see bench/registers.py for their volumes.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, text

from bench import registers

ROOT = Path(__file__).resolve().parents[1]


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


SEED_SQL = """
INSERT INTO schools (id, urn, name, phase, is_special)
  SELECT gen_random_uuid(), (300000 + i)::text, 'School ' || i, 'Primary', i % 20 = 0
  FROM generate_series(1, 400) i;
INSERT INTO users (id, email, full_name, role, is_active_account, organisation, job_title, created_at)
  SELECT gen_random_uuid(), 'officer' || i || '@bench.example', 'Officer ' || i, 'ehc_officer', true, '', '', now()
  FROM generate_series(1, 60) i;
INSERT INTO children (id, first_name, last_name, date_of_birth, school_id, created_at)
  SELECT gen_random_uuid(), 'Child', 'Number' || i, date '2008-01-01' + (i % 5000),
         (SELECT id FROM schools ORDER BY urn OFFSET (i % 400) LIMIT 1), now()
  FROM generate_series(1, :children) i;
WITH kids AS (SELECT id, row_number() OVER (ORDER BY last_name) AS n FROM children),
     officers AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users)
INSERT INTO cases (id, reference, kind, status, child_id, assigned_officer_id, received_on, opened_at, version)
  SELECT gen_random_uuid(),
         CASE WHEN k.n <= :plans THEN 'PLN-' ELSE 'EHC-' END || lpad(k.n::text, 7, '0'),
         CASE WHEN k.n <= :plans THEN 'ehc_plan'::case_kind ELSE 'ehc_assessment'::case_kind END,
         CASE WHEN k.n <= :plans THEN 'active' ELSE 'received' END,
         k.id, o.id, current_date - (k.n % 700)::int, now(), 1
  FROM kids k JOIN officers o ON o.n = 1 + (k.n % 60);
INSERT INTO events (case_id, at, kind, summary, data)
  SELECT c.id, now() - (g.i || ' minutes')::interval, 'note', 'Benchmark event ' || g.i, '{}'::jsonb
  FROM (SELECT id, row_number() OVER (ORDER BY reference) AS n FROM cases) c
  JOIN generate_series(1, :events) g(i) ON (g.i % :case_count) + 1 = c.n;
"""

# The milestones the timeliness report reads, on the assessment requests: a decision whether to
# assess for every request at least 60 days old (1 in 10 refused; 20 to 59 days after receipt, so
# some late), a final plan for 2 in 3 of those agreed once old enough (100 to 179 days, so some
# late), and an exception (c) on 1 in 17.
TIMELINESS_SEED_SQL = """
CREATE TEMPORARY TABLE bench_requests AS
  SELECT id, received_on, row_number() OVER (ORDER BY reference) AS n FROM cases WHERE kind = 'ehc_assessment';
INSERT INTO events (case_id, at, kind, summary, data)
  SELECT id, ((received_on + (20 + n % 40)::int)::timestamp + interval '12 hours') AT TIME ZONE 'Europe/London',
         CASE WHEN n % 10 = 0 THEN 'refuse_to_assess' ELSE 'agree_to_assess' END, 'Benchmark decision', '{}'::jsonb
  FROM bench_requests WHERE received_on <= current_date - 60;
INSERT INTO events (case_id, at, kind, summary, data)
  SELECT id, ((received_on + (100 + n % 80)::int)::timestamp + interval '12 hours') AT TIME ZONE 'Europe/London',
         'issue_final_plan', 'Benchmark final plan', '{}'::jsonb
  FROM bench_requests WHERE n % 10 <> 0 AND n % 3 <> 0 AND received_on <= current_date - 180;
INSERT INTO statutory_exceptions (id, case_id, reason, starts_on, note, recorded_at, source)
  SELECT gen_random_uuid(), id, 'exceptional_personal_circumstances', received_on + 5, 'Benchmark', now(), 'officer'
  FROM bench_requests WHERE n % 17 = 0;
DROP TABLE bench_requests;
"""


def _time(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    figures = {"median_ms": round(statistics.median(samples), 2),
               "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2)}
    if isinstance(result, list):
        figures["rows"] = len(result)
    elif isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):  # the budget report
        figures["rows"] = len(result[1])
    elif hasattr(result, "get_data"):  # a page: its table rows and size
        body = result.get_data(as_text=True)
        figures["rows"] = body.count('<tr class="govuk-table__row">') - body.count("<thead")
        figures["kb"] = round(len(body.encode()) / 1024)
    return figures


def main() -> None:
    from devstack.stack import start_stack

    plans, requests, events = _int("BENCH_PLANS", 20000), _int("BENCH_REQUESTS", 5000), _int("BENCH_EVENTS", 2000000)
    repeat = _int("BENCH_REPEAT", 50)
    folder = Path(tempfile.mkdtemp(prefix="send-bench-"))
    folder.chmod(0o755)
    stack = start_stack(folder, persistent=False, db_name="send_bench", with_clamav=False)
    try:
        run(stack.env(), plans, requests, events, repeat)
    finally:
        stack.stop()


def run(env: dict, plans: int, requests: int, events: int, repeat: int) -> None:

    from shared.config import load_settings
    from shared.db import db
    from shared.migrate import upgrade
    from shared.models import Case, Role, User
    from shared.queries.cases import visible_cases
    from shared.queries.chronology import events_for_case
    from shared.queries.staff import officers_for_kind
    from shared.queries.timeliness import Period, timeliness_report
    from shared.queries.triage import TriageFilters, schools_in_queue, triage_queue
    from wsgi import create_app

    settings = load_settings({**env, "APP_ENV": "test"})
    upgrade(settings.database_url)
    app = create_app(settings)
    with app.app_context():
        started = time.perf_counter()
        children = plans + requests
        for statement in SEED_SQL.split(";\n"):
            if statement.strip():
                db.session.execute(text(statement), {"children": children, "plans": plans,
                                                      "events": events, "case_count": children})
        for statement in TIMELINESS_SEED_SQL.split(";\n"):
            if statement.strip():
                db.session.execute(text(statement))
        seeded_registers = registers.seed(db.session, date.today())
        db.session.commit()
        # A live database is vacuumed: without this, the first scans of the new rows set their
        # hint bits while autovacuum works on 2 million fresh events, and time that instead.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        seeded = time.perf_counter() - started
        officer = db.session.scalars(select(User).where(User.role == Role.EHC_OFFICER).order_by(User.email)
                                     .limit(1)).one()
        busy_case = db.session.scalars(select(Case).where(Case.kind.in_(("ehc_assessment", "ehc_plan")))
                                       .order_by(Case.reference).limit(1)).one()
        last_page = triage_queue(officer, TriageFilters(), today=date.today()).pages
        results = {
            "officer caseload (open cases, first 200)": _time(
                lambda: list(db.session.scalars(visible_cases(officer).where(Case.closed_at.is_(None)).limit(200))), repeat),
            "case chronology (latest 500 events)": _time(lambda: events_for_case(busy_case, staff=True), repeat),
            "case by id through the permission check": _time(
                lambda: db.session.scalars(visible_cases(officer).where(Case.id == busy_case.id)).first(), repeat),
            "officers for a case kind": _time(lambda: officers_for_kind(busy_case.kind), repeat),
            "triage queue, first page (50, by next statutory date)": _time(
                lambda: triage_queue(officer, TriageFilters(), today=date.today()), repeat),
            "triage queue, last page": _time(
                lambda: triage_queue(officer, TriageFilters(), today=date.today(), page=last_page), repeat),
            "triage queue, overdue and unassigned": _time(
                lambda: triage_queue(officer, TriageFilters(due="overdue", officer="none"), today=date.today()), repeat),
            "triage queue, search by name": _time(
                lambda: triage_queue(officer, TriageFilters(q="number123"), today=date.today()), repeat),
            "triage queue, schools for the filter": _time(lambda: schools_in_queue(officer), repeat),
            "timeliness report, last 12 months (figures and late cases)": _time(
                lambda: timeliness_report(officer, today=date.today()), repeat),
            "timeliness report, every request (figures and late cases)": _time(
                lambda: timeliness_report(officer, today=date.today(),
                                          period=Period(date.today() - timedelta(days=800), date.today())), repeat),
        }
        db.session.rollback()
    # Outside the app context: each page request then has its own, with a new session, as live.
    results.update(_registers(app, seeded_registers["users"], seeded_registers["financial_year"], repeat))
    report = {"volumes": {"plans": plans, "requests": requests, "events": events,
                          **seeded_registers["volumes"]},
              "seed_seconds": round(seeded, 1), "repeat": repeat, "queries": results}
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}.json").write_text(json.dumps(report, indent=2))
    print(f"Seeded {plans} plans, {requests} requests and {events} events in {seeded:.1f}s"
          f" (registers: {seeded_registers['volumes']})")
    for name, figures in results.items():
        extra = f"   rows {figures['rows']}" if "rows" in figures else ""
        extra += f"   {figures['kb']} kB" if "kb" in figures else ""
        extra += f"   {figures['statements']} SQL statements" if "statements" in figures else ""
        print(f"  {name:<62} median {figures['median_ms']:>8} ms   p95 {figures['p95_ms']:>8} ms{extra}")


def _registers(app, users: dict, year: int, repeat: int) -> dict:
    """The issue 4 registers: each query as the role that opens it, then the rendered page
    through a signed-in test client (a fresh request, so a fresh session, every time)."""
    from shared.db import db

    today = date.today()
    with app.app_context():
        results = _register_queries(db, users, year, today, repeat)
        associate_id = _first_associate_id(db)
    app.config.update(WTF_CSRF_ENABLED=False)
    pages = {"ehe_practitioner": {"page: EHE register (first 100)": "/staff/home-education",
                                  "page: EHE register, last page": "/staff/home-education?page=30",
                                  "page: EHE register, check-in due only": "/staff/home-education?due=yes",
                                  "page: CME register": "/staff/children-missing-education",
                                  "page: CME weekly review list": "/staff/children-missing-education?view=review"},
             "manager": {"page: EHE associates budget": f"/staff/home-education/budget?year={year}",
                         "page: one associate's visits in the year":
                             f"/staff/home-education/budget/{year}/associates/{associate_id}"},
             "s19_lead": {"page: Section 19 caseload": "/staff/section-19"}}
    for role, urls in pages.items():
        client = app.test_client()
        registers.sign_in(client, users[role])
        for name, url in urls.items():
            get = registers.page_timer(client, url)
            results[name] = {**_time(get, max(5, repeat // 5)), "statements": _statements(app, get)}
    return results


def _first_associate_id(db):
    from sqlalchemy import select

    from shared.models import EheAssociate

    return db.session.scalars(select(EheAssociate.id).order_by(EheAssociate.name).limit(1)).one()


def _register_queries(db, users: dict, year: int, today: date, repeat: int) -> dict:
    from shared.models import User
    from shared.queries.cme import cme_register, cme_register_page
    from shared.queries.ehe import ehe_register, ehe_register_page
    from shared.queries.ehe_associates import associate_visits, budget_report
    from shared.queries.section19 import caseload

    ehe, s19, manager = (db.session.get(User, users[role].id) for role in ("ehe_practitioner", "s19_lead", "manager"))
    associate_id = _first_associate_id(db)

    def fresh(fn):
        def run():
            rows = fn()
            db.session.rollback()  # every page opens a new session: nothing cached between repeats
            return rows
        return run

    results = {
        "EHE register, all open (as EHE practitioner)": _time(
            fresh(lambda: ehe_register(ehe, today=today)), repeat),
        "EHE register, check-in due only": _time(
            fresh(lambda: ehe_register(ehe, due_only=True, today=today)), repeat),
        "EHE register, first page (100, what the page shows)": _time(
            fresh(lambda: ehe_register_page(ehe, today=today).rows), repeat),
        "EHE register, last page": _time(
            fresh(lambda: ehe_register_page(ehe, today=today, page=10 ** 6).rows), repeat),
        "CME register, all open (as EHE practitioner)": _time(
            fresh(lambda: cme_register(ehe, today=today)), repeat),
        "CME register, first page (100, what the page shows)": _time(
            fresh(lambda: cme_register_page(ehe, today=today).rows), repeat),
        "CME weekly review list": _time(fresh(lambda: cme_register(ehe, review_only=True, today=today)), repeat),
        "EHE associates budget report, this year (as manager)": _time(
            fresh(lambda: budget_report(manager, year)), repeat),
        "One associate's visits this year (as manager)": _time(
            fresh(lambda: associate_visits(manager, associate_id, year)), repeat),
        "Section 19 caseload, all open (as Section 19 lead)": _time(
            fresh(lambda: caseload(s19, today)), repeat),
    }
    return results


def _statements(app, fn) -> int:
    """How many SQL statements one call makes (a count that grows with the rows is an N+1)."""
    from sqlalchemy import event

    from shared.db import db

    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


if __name__ == "__main__":
    main()

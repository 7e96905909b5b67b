"""The issue 4 registers in `make bench`: elective home education, children missing education,
EHE associates and their budget, and Section 19, seeded at a large county's volumes with
set-based SQL (docs/performance.md).

Volumes (environment variables): BENCH_EHE=3000 open EHE cases (and a sixth as many closed), each
with 3 check-ins, 1 in 10 with a safeguarding flag and 1 in 10 with a request for the register
information (half answered); BENCH_EHE_VISITS=4000 associate visits this financial year shared by
40 associates, with a budget; BENCH_CME=1000 children missing education cases (85% open) with 1
or 2 reports and 4 weekly reviews each; BENCH_S19=600 Section 19 cases with their referral, most
with a package (1 in 4 changed once, so a package history) and a review; and a school calendar for
the current and next academic year."""

from __future__ import annotations

import os
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import text

STAFF = (("bench.ehe@zz.bench.example", "EHE practitioner (bench)", "ehe_practitioner"),
         ("bench.s19@zz.bench.example", "Section 19 lead (bench)", "s19_lead"),
         ("bench.manager@zz.bench.example", "Manager (bench)", "manager"))
PASSWORD = "bench-password-not-secret"


def volumes() -> dict[str, int]:
    ehe = int(os.environ.get("BENCH_EHE", 3000))
    return {"ehe_open": ehe, "ehe_total": ehe + ehe // 6, "visits": int(os.environ.get("BENCH_EHE_VISITS", 4000)),
            "cme": int(os.environ.get("BENCH_CME", 1000)), "s19": int(os.environ.get("BENCH_S19", 600))}


# Every statement is run with :ehe_open, :ehe_total, :visits, :cme, :s19, :fy (this financial
# year), :year_start (the first day of this academic year) and the bench users' ids.
SEED_SQL = """
INSERT INTO children (id, first_name, last_name, date_of_birth, school_id, created_at)
  SELECT gen_random_uuid(), 'Register', 'Child' || lpad(i::text, 6, '0'), date '2010-09-01' + (i % 3650),
         (SELECT id FROM schools ORDER BY urn OFFSET (i % 400) LIMIT 1), now()
  FROM generate_series(1, :ehe_total + :cme + :s19) i;
CREATE TEMPORARY TABLE bench_kids AS
  SELECT id, row_number() OVER (ORDER BY last_name) AS n FROM children WHERE first_name = 'Register';
INSERT INTO cases (id, reference, kind, status, child_id, assigned_officer_id, received_on, opened_at, closed_at, version)
  SELECT gen_random_uuid(), 'EHE-' || lpad(n::text, 7, '0'), 'ehe',
         CASE WHEN n > :ehe_open THEN 'closed'
              ELSE (ARRAY['suitable', 'suitable', 'suitable', 'suitable', 'suitable', 'enquiries', 'enquiries',
                          'notified', 's437_notice', 'council_consent_required'])[1 + n % 10] END,
         id, :ehe_user, current_date - (400 + n % 1000)::int, now(),
         CASE WHEN n > :ehe_open THEN now() - (n % 300) * interval '1 day' END, 1
  FROM bench_kids WHERE n <= :ehe_total;
CREATE TEMPORARY TABLE bench_ehe AS
  SELECT id, received_on, row_number() OVER (ORDER BY reference) AS n FROM cases WHERE kind = 'ehe';
INSERT INTO ehe_notifications (id, case_id, source, school_left_name, left_school_on, address, parent_names,
    parent_email, parent_phone, contact_preferences, reasons, other_reason, education_description, has_ehc_plan,
    has_sen, safeguarding_flag, safeguarding_notes, deletion_ground, consent_required, consent_reasons,
    s47_enquiries, other_providers, s437_served_on, s437_deadline, s437_sent_by_system, sao_intention_school_name,
    sao_intention_alternatives, sao_school_name, sao_sent_by_system, returned_school_name, created_at)
  SELECT gen_random_uuid(), id, (CASE WHEN n % 3 = 0 THEN 'school_deletion' ELSE 'parent' END)::ehe_source,
         'School ' || (n % 400), received_on - 1, n || ' Bench Road', 'Parent ' || n, 'parent' || n || '@bench.example',
         '', '["email"]'::jsonb,
         jsonb_build_array((ARRAY['philosophical', 'religious', 'lifestyle', 'mental_health', 'physical_health',
                                  'dissatisfied_sen', 'bullying', 'dissatisfied_other'])[1 + n % 8]),
         '', 'Benchmark education description', n % 12 = 0, n % 4 = 0, n % 10 = 0,
         CASE WHEN n % 10 = 0 THEN 'Benchmark concern' ELSE '' END, '', false, '', false, '',
         CASE WHEN n % 10 = 8 THEN current_date - 20 END, CASE WHEN n % 10 = 8 THEN current_date - 5 END,
         false, '', '[]'::jsonb, '', false, '', now()
  FROM bench_ehe;
INSERT INTO ehe_check_ins (id, case_id, held_on, kind, outcome, notes, next_check_in_on, recorded_by_id, created_at)
  SELECT gen_random_uuid(), id, current_date - (n % 300)::int - (3 - k) * 120,
         (ARRAY['call', 'visit', 'report'])[k]::ehe_check_in_kind,
         (CASE WHEN n % 10 = 0 THEN 'concern' ELSE 'suitable' END)::ehe_check_in_outcome, 'Benchmark check-in',
         current_date - (n % 300)::int - (3 - k) * 120 + CASE WHEN k < 3 THEN 120 WHEN n % 5 = 0 THEN 30 ELSE 365 END,
         :ehe_user, now() - (3 - k) * interval '120 days'
  FROM bench_ehe CROSS JOIN generate_series(1, 3) k;
INSERT INTO ehe_information_requests (id, case_id, requested_on, due_on, requested_by_id, answered_on,
    answered_by_id, created_at)
  SELECT gen_random_uuid(), id, current_date - (n % 60)::int, current_date - (n % 60)::int + 15, :ehe_user,
         CASE WHEN n % 20 = 0 THEN current_date - (n % 60)::int + 10 END, NULL, now()
  FROM bench_ehe WHERE n % 10 = 0;
INSERT INTO ehe_associates (id, name, email, phone, visit_fee, mileage_rate, active, created_at)
  SELECT gen_random_uuid(), 'Associate ' || lpad(i::text, 2, '0'), 'associate' || i || '@bench.example', '',
         110 + i % 5 * 10, 0.45, i % 20 <> 0, now()
  FROM generate_series(1, 40) i;
INSERT INTO ehe_associate_visits (id, case_id, associate_id, status, financial_year, allocated_on, planned_on,
    visit_fee, mileage_rate, estimated_miles, estimated_cost, visited_on, actual_miles, actual_cost, outcome,
    report_notes, cancelled_on, cancel_reason, allocated_by_id, created_at)
  SELECT gen_random_uuid(), c.id, a.id,
         (CASE WHEN g % 10 < 6 THEN 'completed' WHEN g % 10 < 9 THEN 'allocated' ELSE 'cancelled' END)::ehe_visit_status,
         :fy, make_date(:fy, 4, 1) + (g % 200), make_date(:fy, 4, 1) + (g % 200) + 14, 120, 0.45, 20, 129.00,
         CASE WHEN g % 10 < 6 THEN make_date(:fy, 4, 1) + (g % 200) + 14 END,
         CASE WHEN g % 10 < 6 THEN 22 END, CASE WHEN g % 10 < 6 THEN 129.90 END,
         (CASE WHEN g % 10 < 6 THEN 'suitable' END)::ehe_check_in_outcome,
         CASE WHEN g % 10 < 6 THEN 'Benchmark visit report' ELSE '' END,
         CASE WHEN g % 10 = 9 THEN make_date(:fy, 4, 1) + (g % 200) + 7 END,
         CASE WHEN g % 10 = 9 THEN 'Family moved' ELSE '' END, :manager_user, now()
  FROM generate_series(1, :visits) g
  JOIN bench_ehe c ON c.n = 1 + (g * 7) % :ehe_open
  JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM ehe_associates) a ON a.n = 1 + g % 40;
INSERT INTO ehe_budgets (id, financial_year, amount, set_by_id, set_at)
  VALUES (gen_random_uuid(), :fy, 600000, :manager_user, now());
INSERT INTO cases (id, reference, kind, status, child_id, assigned_officer_id, received_on, opened_at, closed_at, version)
  SELECT gen_random_uuid(), 'CME-' || lpad((n - :ehe_total)::text, 7, '0'), 'cme',
         CASE WHEN (n - :ehe_total) % 20 < 3 THEN 'closed' WHEN n % 3 = 0 THEN 'reported' ELSE 'enquiries' END,
         id, :ehe_user, current_date - (7 + n % 120)::int, now(),
         CASE WHEN (n - :ehe_total) % 20 < 3 THEN now() - (n % 60) * interval '1 day' END, 1
  FROM bench_kids WHERE n > :ehe_total AND n <= :ehe_total + :cme;
CREATE TEMPORARY TABLE bench_cme AS
  SELECT id, received_on, closed_at, row_number() OVER (ORDER BY reference) AS n FROM cases WHERE kind = 'cme';
INSERT INTO cme_records (id, case_id, safeguarding_flag, safeguarding_notes, outcome, outcome_on,
    outcome_school_name, outcome_council_name, outcome_details, created_at)
  SELECT gen_random_uuid(), id, n % 10 = 0, CASE WHEN n % 10 = 0 THEN 'Benchmark concern' ELSE '' END,
         (CASE WHEN closed_at IS NOT NULL THEN 'on_roll' END)::cme_outcome, closed_at::date,
         CASE WHEN closed_at IS NOT NULL THEN 'School 1' ELSE '' END, '', '', now()
  FROM bench_cme;
INSERT INTO cme_reports (id, case_id, source, reported_by_id, reported_on, reporting_school_id, school_name,
    other_source, source_details, address, parent_names, parent_email, parent_phone, deletion_ground, deleted_on,
    days_absent, expected_return_on, has_ehc_plan, has_sen, has_social_worker, safeguarding_concern,
    safeguarding_notes, notes, created_at)
  SELECT gen_random_uuid(), c.id,
         (CASE WHEN (c.n + r) % 3 = 0 THEN 'school_illness' WHEN (c.n + r) % 3 = 1 THEN 'school_deletion'
               ELSE 'other' END)::cme_source,
         NULL, c.received_on + (r - 1) * 10, s.id, CASE WHEN (c.n + r) % 3 < 2 THEN s.name ELSE '' END,
         CASE WHEN (c.n + r) % 3 = 2 THEN 'police' ELSE '' END, '', c.n || ' Bench Street', 'Parent ' || c.n, '', '',
         '', NULL, CASE WHEN (c.n + r) % 3 = 0 THEN 15 END, NULL, c.n % 15 = 0, c.n % 4 = 0, c.n % 7 = 0,
         c.n % 10 = 0, '', '', now() - (3 - r) * interval '10 days'
  FROM bench_cme c CROSS JOIN generate_series(1, 2) r
  JOIN (SELECT id, name, row_number() OVER (ORDER BY urn) AS n FROM schools) s ON s.n = 1 + c.n % 400
  WHERE r = 1 OR c.n % 5 = 0;
INSERT INTO cme_reviews (id, case_id, reviewed_on, agencies, barriers, actions, next_review_on, recorded_by_id,
    created_at)
  SELECT gen_random_uuid(), id, current_date - (n % 10)::int - 7 * (4 - k), '["school", "police"]'::jsonb,
         'Benchmark barriers', 'Benchmark actions', current_date - (n % 10)::int - 7 * (4 - k) + 7, :ehe_user,
         now() - (4 - k) * interval '7 days'
  FROM bench_cme CROSS JOIN generate_series(1, 4) k
  WHERE received_on <= current_date - (n % 10)::int - 7 * (4 - k);
INSERT INTO s19_providers (id, name, provider_type, delivery, hourly_rate, active)
  SELECT gen_random_uuid(), 'Provider ' || lpad(i::text, 2, '0'), 'Tuition',
         (CASE WHEN i % 3 = 0 THEN 'individual' ELSE 'group' END)::s19_delivery, 30 + i * 2, true
  FROM generate_series(1, 12) i;
INSERT INTO cases (id, reference, kind, status, child_id, assigned_officer_id, received_on, opened_at, closed_at, version)
  SELECT gen_random_uuid(), 'S19-' || lpad((n - :ehe_total - :cme)::text, 7, '0'), 'section_19',
         (ARRAY['referred', 'accepted', 'package_in_place', 'package_in_place', 'package_in_place',
                'package_in_place', 'package_in_place', 'package_in_place', 'reintegrating',
                'closed'])[1 + (n - :ehe_total - :cme) % 10],
         id, :s19_user, greatest(CAST(:year_start AS date) + 2, current_date - (n % 70)::int), now(),
         CASE WHEN (n - :ehe_total - :cme) % 10 = 9 THEN now() END, 1
  FROM bench_kids WHERE n > :ehe_total + :cme;
CREATE TEMPORARY TABLE bench_s19 AS
  SELECT id, received_on, status, row_number() OVER (ORDER BY reference) AS n FROM cases WHERE kind = 'section_19';
INSERT INTO s19_referrals (id, case_id, referrer_id, referrer_type, referrer_job_title, referrer_organisation,
    school_id, address, reason, expected_absence_days, exclusion_first_day, other_reason, days_missed, school_view,
    parent_name, parent_email, parent_views, parent_told, parent_consents, decision, decision_reasons, other_route,
    decided_on, reintegration_target_on, receiving_school, reintegration_notes, close_outcome, created_at)
  SELECT gen_random_uuid(), c.id, NULL, 'school', 'SENCO', '', s.id, c.n || ' Bench Lane',
         (ARRAY['illness', 'permanent_exclusion', 'other'])[1 + c.n % 3]::s19_reason,
         CASE WHEN c.n % 3 = 0 THEN 30 END, CASE WHEN c.n % 3 = 1 THEN c.received_on - 1 END,
         CASE WHEN c.n % 3 = 2 THEN 'Benchmark reason' ELSE '' END, 10, '', 'Parent ' || c.n, '', '', true, true,
         CASE WHEN c.status <> 'referred' THEN 'accept' END, '', '',
         CASE WHEN c.status <> 'referred' THEN least(c.received_on + 3, current_date) END,
         CASE WHEN c.status = 'reintegrating' THEN current_date + 30 END, '', '',
         CASE WHEN c.status = 'closed' THEN 'returned_to_school' END, now()
  FROM bench_s19 c JOIN (SELECT id, row_number() OVER (ORDER BY urn) AS n FROM schools) s ON s.n = 1 + c.n % 400;
INSERT INTO s19_packages (id, case_id, provider_id, delivery, individual_reason, hours_per_week, full_time,
    reduced_reason, hourly_rate, weekly_cost, starts_on, statutory_start_on, review_every_weeks, next_review_on,
    replaces_id, change_reason, ends_on, end_reason, created_by_id, created_at)
  SELECT gen_random_uuid(), c.id, p.id, p.delivery, '', 25, true, '', p.hourly_rate, p.hourly_rate * 25,
         least(c.received_on + (4 + c.n % 5)::int, current_date), c.received_on + 6, 6,
         current_date + (42 - c.n % 60)::int, NULL,
         '', CASE WHEN c.status = 'closed' THEN current_date END, CASE WHEN c.status = 'closed' THEN 'Returned' ELSE '' END,
         :s19_user, now() - interval '30 days'
  FROM bench_s19 c JOIN (SELECT id, delivery, hourly_rate, row_number() OVER (ORDER BY name) AS n FROM s19_providers) p
    ON p.n = 1 + c.n % 12
  WHERE c.status IN ('package_in_place', 'reintegrating', 'closed');
CREATE TEMPORARY TABLE bench_changed AS
  SELECT p.id, p.case_id, p.starts_on, c.n FROM s19_packages p JOIN bench_s19 c ON c.id = p.case_id
  WHERE c.n % 4 = 0 AND p.starts_on + 7 < current_date;
UPDATE s19_packages SET ends_on = b.starts_on + 6, end_reason = ''
  FROM bench_changed b WHERE s19_packages.id = b.id;
INSERT INTO s19_packages (id, case_id, provider_id, delivery, individual_reason, hours_per_week, full_time,
    reduced_reason, hourly_rate, weekly_cost, starts_on, statutory_start_on, review_every_weeks, next_review_on,
    replaces_id, change_reason, ends_on, end_reason, created_by_id, created_at)
  SELECT gen_random_uuid(), b.case_id, p.id, p.delivery, '', 20, false, 'Health needs', p.hourly_rate,
         p.hourly_rate * 20, b.starts_on + 7, NULL, 6, current_date + (35 - b.n % 60)::int, b.id, 'Benchmark change', NULL,
         '', :s19_user, now() - interval '10 days'
  FROM bench_changed b JOIN (SELECT id, delivery, hourly_rate, row_number() OVER (ORDER BY name) AS n FROM s19_providers) p
    ON p.n = 1 + (b.n + 5) % 12;
INSERT INTO s19_reviews (id, package_id, reviewed_on, outcome, notes, next_review_on, reviewed_by_id)
  SELECT gen_random_uuid(), p.id, least(p.starts_on + 14, current_date), 'continue', 'Benchmark review',
         p.next_review_on, :s19_user
  FROM s19_packages p WHERE p.ends_on IS NULL;
DROP TABLE bench_kids, bench_ehe, bench_cme, bench_s19, bench_changed;
"""


def _weekday(day: date) -> date:
    """The day, or the Monday after it when it is a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _calendar(start_year: int):
    """An English county's six half-terms and five INSET days for one academic year."""
    from shared.domain.school_days import ClosureKind
    from shared.models import AcademicYear, SchoolClosureDay, TermDates

    y, z = start_year, start_year + 1
    halves = (("Autumn 1", date(y, 9, 3), date(y, 10, 23)), ("Autumn 2", date(y, 11, 2), date(y, 12, 18)),
              ("Spring 1", date(z, 1, 5), date(z, 2, 12)), ("Spring 2", date(z, 2, 22), date(z, 3, 26)),
              ("Summer 1", date(z, 4, 12), date(z, 5, 21)), ("Summer 2", date(z, 6, 1), date(z, 7, 21)))
    year = AcademicYear(start_year=start_year)
    terms = [TermDates(academic_year=year, name=name, first_day=_weekday(first), last_day=last)
             for name, first, last in halves]
    inset = {terms[0].first_day, _weekday(date(y, 11, 2)), terms[2].first_day, terms[4].first_day,
             _weekday(date(z, 6, 1))}
    closures = [SchoolClosureDay(academic_year=year, day=day, kind=ClosureKind.INSET, note="INSET day")
                for day in sorted(inset)]
    return [year, *terms, *closures]


def seed(session, today: date) -> dict[str, object]:
    """Seed the registers; return the bench users (by role) and the volumes."""
    import pyotp

    from shared.auth.passwords import hash_password
    from shared.db import utcnow
    from shared.domain.ehe_budget import financial_year
    from shared.models import Role, User

    password_hash = hash_password(PASSWORD)
    users = {role: User(email=email, full_name=name, role=Role(role), password_hash=password_hash,
                        totp_secret=pyotp.random_base32(), is_active_account=True,
                        email_verified_at=utcnow())
             for email, name, role in STAFF}
    session.add_all(users.values())
    academic = today.year if today.month >= 9 else today.year - 1
    for start_year in (academic, academic + 1):
        session.add_all(_calendar(start_year))
    session.flush()
    counts = volumes()
    params = {**counts, "fy": financial_year(today), "year_start": date(academic, 9, 1),
              "ehe_user": users["ehe_practitioner"].id, "s19_user": users["s19_lead"].id,
              "manager_user": users["manager"].id}
    for statement in SEED_SQL.split(";\n"):
        if statement.strip():
            session.execute(text(statement), params)
    # Plain values: the rows themselves expire at the commit and are used in other sessions.
    bench_users = {role: SimpleNamespace(id=user.id, email=user.email, totp_secret=user.totp_secret)
                   for role, user in users.items()}
    return {"users": bench_users, "volumes": counts, "financial_year": params["fy"]}


def sign_in(client, user) -> None:
    """Sign a bench user in through the real forms (password, then the second factor)."""
    import pyotp

    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.status_code == 302, response.status_code


def page_timer(client, url: str):
    """A function that GETs the page and fails loudly unless it is a 200 (a timed error page
    would flatter the figures)."""
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response
    return get

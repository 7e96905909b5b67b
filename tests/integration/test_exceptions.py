"""Exceptions to the time limits are recorded with dates and a reason, never move a date, are
shown to the officer and the family, and a missed appointment excuses only advice."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import CaseKind, Role, StatutoryException


@pytest.fixture
def overdue_case(make, signed_in):
    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent), CaseKind.EHC_ASSESSMENT, received_on=today_in_england() - timedelta(days=50))
    return signed_in(make.user(Role.EHC_OFFICER)), case, parent


def _parts(prefix, d):
    return {prefix: [str(d.day), str(d.month), str(d.year)]}


def _post(client, case, **overrides):
    today = today_in_england()
    data = {"reason": "exceptional_personal_circumstances", "note": "Family bereavement", "advice": "",
            **_parts("starts_on", today - timedelta(days=30)), **overrides}
    return client.post(f"/staff/cases/{case.id}/exceptions/new", data=data)


def test_an_exception_is_recorded_and_shown_without_moving_the_date(app, overdue_case, client):
    officer, case, parent = overdue_case
    before = officer.get(f"/staff/cases/{case.id}").text
    assert "Overdue by 8 days" in before
    assert _post(officer, case).status_code == 302
    page = officer.get(f"/staff/cases/{case.id}").text
    assert "Overdue by 8 days: exception (c) recorded" in page and "Family bereavement" in page
    officer.post("/staff/sign-out")
    from tests.conftest import sign_in

    sign_in(client, parent)
    family = client.get(f"/cases/{case.id}").text
    assert "exceptional personal circumstances" in family.lower() and "Family bereavement" not in family
    assert "Overdue by 8 days: exception (c) recorded" in family


def test_four_week_exceptions_need_four_weeks(overdue_case):
    officer, case, _ = overdue_case
    today = today_in_england()
    response = _post(officer, case, reason="absent_from_area", **_parts("starts_on", today - timedelta(days=30)),
                     **_parts("ends_on", today - timedelta(days=4)))
    assert "at least 4 weeks" in response.text and "govuk-error-summary" in response.text
    assert db.session.scalars(select(StatutoryException)).all() == []


def test_missed_appointment_needs_an_advice_request(overdue_case):
    officer, case, _ = overdue_case
    response = _post(officer, case, reason="missed_appointment")
    assert "excuses only an advice giver" in response.text


def test_bad_dates_get_clear_errors_and_keep_answers(overdue_case):
    officer, case, _ = overdue_case
    response = _post(officer, case, starts_on=["31", "2", "2026"])
    assert "must be a real date" in response.text and "Family bereavement" in response.text
    response = officer.post(f"/staff/cases/{case.id}/exceptions/new", data={"reason": "absent_from_area", "note": "x"})
    assert response.status_code == 200 and "Enter the start date" in response.text
    future = today_in_england() + timedelta(days=3)
    assert "today or in the past" in _post(officer, case, **_parts("starts_on", future)).text


def test_the_family_is_told_which_exception_is_relied_on(app, overdue_case, settings):
    import email
    from pathlib import Path

    from tests.jobs_helpers import run_jobs

    officer, case, parent = overdue_case
    sink = Path(settings.mail_sink_dir)
    before = set(sink.glob("*.eml"))
    assert _post(officer, case).status_code == 302
    run_jobs(app)
    sent = [email.message_from_bytes(p.read_bytes()) for p in sorted(set(sink.glob("*.eml")) - before)]
    assert [m["To"] for m in sent] == [parent.email]
    body = sent[0].get_payload(decode=True).decode() if not sent[0].is_multipart() else next(
        p for p in sent[0].walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "exceptional personal circumstances affected the child or parent" in body
    assert "exception (c)" in body and "do not change" in body
    assert "Family bereavement" not in body  # the officer's note stays in the back-office

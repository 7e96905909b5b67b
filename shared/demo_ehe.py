"""Demo data for elective home education (docs/home-education.md): a parent's notification about a
special school pupil (council consent required) and a school's deletion return under enquiry,
with a check-in due and a safeguarding flag; the letters sent by the system (a s.437(1) notice
with its period running, a notice of intention to serve a school attendance order, an order); and,
only when the Children's Wellbeing and Schools Act 2026 regime is switched on (`EHE_CWSA_2026`),
a request for the register information waiting for the parent's answer. Everything goes through
the services, so the chronology, the letters and their outbox rows are real."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from shared.db import db
from shared.models import Role, School, User
from shared.queries.ehe import cwsa_in_force
from shared.services import ehe


def demo_home_education(users: dict[Role, User]) -> None:
    today = date.today()
    parent, school, officer = users[Role.PARENT], users[Role.SCHOOL_STAFF], users[Role.EHE_PRACTITIONER]
    ehe.notify_home_education(parent, ehe.NotificationAnswers(
        first_name="Ruby", last_name="Parent", date_of_birth=date(2014, 6, 9), address="12 Elm Road, Northbridge NB1 2AB",
        parent_names="Sam Parent", parent_email=parent.email, school_urn="100003",
        left_school_on=today - timedelta(days=2), reasons=["dissatisfied_sen"], contact_preferences=["email"],
        has_ehc_plan=True, has_sen=True), "demo-ehe-ruby", today=today)
    case = ehe.record_deletion_return(school, ehe.NotificationAnswers(
        first_name="Kai", last_name="Return", date_of_birth=date(2012, 1, 17), address="3 Brook Street, Northbridge",
        parent_names="Lee Return", parent_email="lee.return@example.com", deleted_on=today - timedelta(days=40),
        left_school_on=today - timedelta(days=40), has_sen=True, safeguarding_known=True,
        safeguarding_notes="Known to early help"), "demo-ehe-kai", today=today - timedelta(days=40))
    ehe.start_enquiries(case, actor=officer, expected_version=None)
    ehe.record_check_in(case, held_on=today - timedelta(days=30), kind="call", outcome="more_information",
                        notes="Parent to send a sample of work", next_check_in_on=today - timedelta(days=1),
                        actor=officer, expected_version=None, today=today)
    _demo_associate_visits(case, officer, users[Role.MANAGER], today)
    _demo_letters(parent, school, officer, today)
    if cwsa_in_force():
        _demo_information_request(parent, officer, today)


def _demo_letters(parent: User, school: User, officer: User, today: date) -> None:
    """Theo (the demo parent's child): a s.437(1) notice sent 5 days ago, its 15 days running.
    Maya (a school's return): the notice's period over, a notice of intention sent, the parents'
    15 days to choose a school running. Omar (a school's return): both over, the order sent."""
    theo = ehe.notify_home_education(parent, ehe.NotificationAnswers(
        first_name="Theo", last_name="Parent", date_of_birth=date(2013, 3, 21), address="12 Elm Road, Northbridge NB1 2AB",
        parent_names="Sam Parent", parent_email=parent.email, school_urn="100002",
        left_school_on=today - timedelta(days=90), reasons=["philosophical"], contact_preferences=["email"]),
        "demo-ehe-theo", today=today - timedelta(days=90))
    ehe.start_enquiries(theo, actor=officer, expected_version=None)
    ehe.record_check_in(theo, held_on=today - timedelta(days=20), kind="visit", outcome="concern",
                        notes="No evidence of a structured curriculum; no work seen", next_check_in_on=None,
                        actor=officer, expected_version=None, today=today)
    ehe.send_s437_notice(theo, days=15, reasons="At our visit we saw no work and no plan of the education.\n"
                         "You have not sent us the examples of work we asked for.", actor=officer,
                         expected_version=None, today=today - timedelta(days=5))
    named = db.session.scalars(select(School).where(School.urn == "100002")).one()
    for first, last, parent_name, email, s437_days_ago, intention_days_ago, order_days_ago in (
            ("Maya", "Intention", "Ali Intention", "ali.intention@example.com", 30, 10, None),
            ("Omar", "Order", "Bea Order", "bea.order@example.com", 60, 40, 10)):
        opened = today - timedelta(days=s437_days_ago + 30)
        case = ehe.record_deletion_return(school, ehe.NotificationAnswers(
            first_name=first, last_name=last, date_of_birth=date(2012, 10, 4), address=f"7 {last} Close, Northbridge",
            parent_names=parent_name, parent_email=email, deleted_on=opened, left_school_on=opened),
            f"demo-ehe-{first.lower()}", today=opened)
        ehe.start_enquiries(case, actor=officer, expected_version=None)
        ehe.send_s437_notice(case, days=15, reasons="You have not told us how the education is arranged.",
                             actor=officer, expected_version=None, today=today - timedelta(days=s437_days_ago))
        ehe.send_sao_intention(case, school_id=named.id, alternative_ids=[], reasons="We had no reply to our "
                               "notice under section 437(1).", actor=officer, expected_version=None,
                               today=today - timedelta(days=intention_days_ago))
        if order_days_ago is not None:
            ehe.send_school_attendance_order(case, school_id=named.id, reasons="You did not satisfy us that the "
                                             "education is suitable, and did not choose another school.",
                                             actor=officer, expected_version=None,
                                             today=today - timedelta(days=order_days_ago))


def _demo_information_request(parent: User, officer: User, today: date) -> None:
    """Isla (the demo parent's child), under the 2026 Act regime: a request for the register
    information sent so that it is due in 2 days, so the scheduler's first pass reminds the
    parent (shared/services/ehe_information_follow_up.py)."""
    from decimal import Decimal

    from flask import current_app

    days = current_app.config["SETTINGS"].ehe_information_days
    requested_on = min(today, today + timedelta(days=3 - days))
    isla = ehe.notify_home_education(parent, ehe.NotificationAnswers(
        first_name="Isla", last_name="Parent", date_of_birth=date(2016, 11, 2), address="12 Elm Road, Northbridge NB1 2AB",
        parent_names="Sam Parent", parent_email=parent.email, school_urn="",
        left_school_on=requested_on - timedelta(days=30), reasons=["lifestyle"], contact_preferences=["email"],
        hours_by_parents=Decimal("15")), "demo-ehe-isla", today=requested_on - timedelta(days=30), cwsa_in_force=True)
    ehe.start_enquiries(isla, actor=officer, expected_version=None)
    ehe.request_information(isla, days=days, actor=officer, expected_version=None, today=requested_on)


def _demo_associate_visits(case, officer: User, manager: User, today: date) -> None:
    """Two associates, the budget for the year of the visit, and a visit allocated on Kai's case."""
    from decimal import Decimal

    from shared.domain.ehe_budget import financial_year
    from shared.services import ehe_associates

    alex = ehe_associates.add_associate(name="Alex Head", email="alex.head@example.com", phone="01632 960001",
                                        visit_fee=Decimal("120"), mileage_rate=Decimal("0.45"), actor=officer)
    ehe_associates.add_associate(name="Bo Teacher", email="bo.teacher@example.com", phone="",
                                 visit_fee=Decimal("95"), mileage_rate=Decimal("0.45"), actor=officer)
    planned = today + timedelta(days=7)
    ehe_associates.set_budget(financial_year(planned), amount=Decimal("6000"), actor=manager)
    ehe_associates.allocate_visit(case, associate=alex, planned_on=planned,
                                  estimated_miles=Decimal("24"), actor=officer, expected_version=None, today=today)

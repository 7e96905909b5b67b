"""Demo data for elective home education (docs/home-education.md): a parent's notification about a
special school pupil (council consent required) and a school's deletion return under enquiry,
with a check-in due and a safeguarding flag."""

from __future__ import annotations

from datetime import date, timedelta

from shared.models import Role, User
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

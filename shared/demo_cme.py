"""Demo data for children missing education (docs/children-missing-education.md): a school's
deletion with no known destination, due its weekly review, and an officer's report from the police
with a safeguarding concern and a review done this week."""

from __future__ import annotations

from datetime import date, timedelta

from shared.models import Role, User
from shared.services import cme


def demo_children_missing_education(users: dict[Role, User]) -> None:
    today = date.today()
    school, officer = users[Role.SCHOOL_STAFF], users[Role.EHE_PRACTITIONER]
    reported = today - timedelta(days=12)
    case = cme.report_from_school(school, cme.ReportAnswers(
        kind="deletion", first_name="Jay", last_name="Missing", date_of_birth=date(2016, 4, 21),
        address="7 Canal Row, Northbridge NB3 1EF", parent_names="Casey Missing", parent_phone="07700 900123",
        deletion_ground="moved_away", deleted_on=reported, has_sen=True,
        notes="Neighbours say the family moved out at half-term; no school has asked for the file."),
        "demo-cme-jay", today=reported)
    cme.start_enquiries(case, actor=officer, expected_version=None)
    cme.record_review(case, reviewed_on=today - timedelta(days=8), agencies=["admissions", "housing"],
                      barriers="No forwarding address", actions="Ask housing and the admissions team to search "
                      "their records", next_review_on=None, actor=officer, expected_version=None, today=today)
    cme.record_other_report(officer, cme.ReportAnswers(
        kind="other", first_name="Rae", last_name="Unseen", date_of_birth=date(2012, 10, 3),
        address="Flat 2, 19 High Street, Northbridge", parent_names="Not known", other_source="police",
        source_details="PC Lane, Northbridge neighbourhood team: a child of school age seen at home in school hours "
                       "on several days.", has_social_worker=True, safeguarding_known=True,
        safeguarding_notes="Police report concerns about the home"), "demo-cme-rae", today=today - timedelta(days=2))

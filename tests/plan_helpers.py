"""Building an EHC plan case for tests through the real services: the plan written section by
section (`save_section`) and the draft sent to the family (`issue_draft`)."""

from __future__ import annotations

from datetime import timedelta

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.services.cases import move_case
from shared.services.plans import issue_draft, latest_version, save_section

CONTENT = {
    "a": "Lily loves drawing and wants to be a vet.",
    "b": [{"id": "b1", "area": "communication_interaction", "text": "Lily finds it hard to follow spoken instructions."}],
    "c": "No health needs have been identified.",
    "d": "No social care needs have been identified.",
    "e": [{"id": "e1", "text": "Lily follows two-step instructions in class.", "by_when": "July 2028",
           "needs": ["b1"]}],
    "f": [{"id": "f1", "what": "Speech and language therapy in a small group", "who": "A speech and language therapist",
           "how_often": "2 sessions of 30 minutes a week", "how_long": "Until the annual review in July 2028",
           "needs": ["b1"], "outcomes": ["e1"]}],
    "g": "None", "h1": "None", "h2": "None", "j": "None requested",
    "k": "Advice from the educational psychologist, received 1 February 2027",
}


def write_plan(case, officer):
    version = latest_version(case)
    for key, value in CONTENT.items():
        version = save_section(case, key, value, actor=officer, based_on=version.number if version else 0)
    return version


def draft_sent(make, days_ago: int = 0):
    """A case for Lily Parent (at Hill Primary School) whose draft plan was sent `days_ago` days
    ago: (case, parent, officer, the child's school, the draft's version number)."""
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam@example.com")
    officer = make.user(Role.EHC_OFFICER, full_name="Olu Officer", email="olu@northbridge.example.gov.uk")
    home = make.school(name="Hill Primary School")
    child = make.child(parent, first_name="Lily", last_name="Parent", school_id=home.id)
    case = make.case(child, received_on=today_in_england() - timedelta(days=60 + days_ago))
    case.assigned_officer = officer
    move_case(case, "agree_to_assess", actor=officer)
    move_case(case, "decide_to_issue_plan", actor=officer)
    version = write_plan(case, officer)
    db.session.flush()
    issue_draft(case, actor=officer, expected_version=case.version, based_on=version.number,
                today=today_in_england() - timedelta(days=days_ago))
    db.session.commit()
    return case, parent, officer, home, version.number

"""Demo data for `make run`: council contacts, schools, one user per role, a few cases.

Loading is idempotent: a second `make run` finds the data and keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyotp
from sqlalchemy import select

from shared.auth.passwords import hash_password
from shared.db import db, utcnow
from shared.models import (
    CaseKind,
    Child,
    ChildLink,
    CouncilContacts,
    MembershipEvent,
    MembershipStatus,
    Relationship,
    Role,
    School,
    SchoolMembership,
    User,
)
from shared.services.cases import assign_case, move_case, open_case
from shared.services.plans import save_section

DEMO_PASSWORD = "demo-password-1"
# A fixed demo TOTP secret so the printed sign-in instructions stay true across runs.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

SCHOOLS = [
    ("100001", "Oakfield Primary School", "Primary", False, "senco@oakfield.sch.example.uk"),
    ("100002", "Riverside Academy", "Secondary", False, "senco@riverside.sch.example.uk"),
    ("100003", "Hillcrest Special School", "All-through", True, "office@hillcrest.sch.example.uk"),
    ("100004", "St Mary's CE Infant School", "Primary", False, "office@stmarys.sch.example.uk"),
    ("100005", "Northbridge College", "16 plus", False, "support@northbridge-college.example.uk"),
]

USERS = [
    (Role.PARENT, "parent@example.com", "Sam Parent"),
    (Role.YOUNG_PERSON, "young.person@example.com", "Alex Young"),
    (Role.SCHOOL_STAFF, "senco@oakfield.sch.example.uk", "Priya Senco"),
    (Role.SENDIASS_ADVISER, "adviser@sendiass.example.org", "Jo Adviser"),
    (Role.HEALTH_PROFESSIONAL, "nurse@camhs.nhs.example.uk", "Dr Kim Health"),
    (Role.EHC_OFFICER, "ehc.officer@northbridge.example.gov.uk", "Morgan Coordinator"),
    (Role.EHE_PRACTITIONER, "ehe.officer@northbridge.example.gov.uk", "Chris Practitioner"),
    (Role.S19_LEAD, "s19.lead@northbridge.example.gov.uk", "Taylor Lead"),
    (Role.MANAGER, "manager@northbridge.example.gov.uk", "Jordan Manager"),
    (Role.ADMINISTRATOR, "admin@northbridge.example.gov.uk", "Robin Administrator"),
]

CONTACTS = dict(
    council_name="Northbridge Council",
    send_team_email="send@northbridge.example.gov.uk", send_team_phone="01234 567890",
    send_team_address="SEND Team, Northbridge Council, Town Hall, Northbridge NB1 1AA",
    mediation_adviser_name="Northbridge Mediation Service", mediation_adviser_phone="01234 100200",
    mediation_adviser_email="mediation@northbridge-mediation.example.org",
    mediation_adviser_website="https://northbridge-mediation.example.org",
    disagreement_resolution_name="Northbridge Disagreement Resolution Service",
    disagreement_resolution_phone="01234 100300",
    disagreement_resolution_email="drs@northbridge-mediation.example.org",
    sendiass_name="Northbridge SENDIASS", sendiass_phone="01234 100400",
    sendiass_email="help@northbridge-sendiass.example.org",
    sendiass_website="https://northbridge-sendiass.example.org",
    complaints_url="https://northbridge.example.gov.uk/complaints",
    health_commissioner_name="Northbridge Integrated Care Board",
    health_commissioner_email="send.health@northbridge-icb.example.nhs.uk",
)


def load_demo_data() -> bool:
    """Load the demo data once; returns False when it was already there."""
    if db.session.scalars(select(User).limit(1)).first() is not None:
        return False
    db.session.add(CouncilContacts(id=1, **CONTACTS))
    schools = {}
    for urn, name, phase, special, email in SCHOOLS:
        schools[urn] = School(urn=urn, name=name, phase=phase, is_special=special, email=email)
        db.session.add(schools[urn])
    users = {}
    for role, email, name in USERS:
        users[role] = User(email=email, full_name=name, role=role, password_hash=hash_password(DEMO_PASSWORD),
                           email_verified_at=utcnow(), totp_secret=DEMO_TOTP_SECRET if role.is_staff else None,
                           school=schools["100001"] if role == Role.SCHOOL_STAFF else None)
        db.session.add(users[role])
    users[Role.HEALTH_PROFESSIONAL].organisation = "Northbridge CAMHS (NHS trust)"
    users[Role.HEALTH_PROFESSIONAL].job_title = "Consultant child psychiatrist"
    db.session.flush()
    _demo_school_memberships(schools["100001"], users)
    _demo_cases(schools, users)
    _demo_school_calendar(users[Role.ADMINISTRATOR])
    _demo_section_19(users)
    _demo_home_education(users)
    _demo_children_missing_education(users)
    db.session.commit()
    return True


def _demo_cases(schools: dict, users: dict) -> None:
    today = date.today()
    lily = Child(first_name="Lily", last_name="Parent", date_of_birth=date(2017, 3, 14),
                 upn="A123456789012", school=schools["100001"], postcode="NB1 2AB")
    noah = Child(first_name="Noah", last_name="Parent", date_of_birth=date(2012, 9, 2),
                 upn="B123456789012", school=schools["100002"], postcode="NB1 2AB")
    alex = Child(first_name="Alex", last_name="Young", date_of_birth=date(2008, 5, 20),
                 school=schools["100005"], uln="1234567890")
    db.session.add_all([lily, noah, alex])
    db.session.flush()
    parent, young = users[Role.PARENT], users[Role.YOUNG_PERSON]
    db.session.add_all([
        ChildLink(user=parent, child=lily, relationship_kind=Relationship.PARENT_WITH_PR),
        ChildLink(user=parent, child=noah, relationship_kind=Relationship.PARENT_WITH_PR),
        ChildLink(user=young, child=alex, relationship_kind=Relationship.YOUNG_PERSON_SELF),
    ])
    officer = users[Role.EHC_OFFICER]
    new_request = open_case(lily, CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=10),
                            actor=parent, requested_by=parent, summary="Request for an EHC needs assessment received")
    assign_case(new_request, officer, actor=officer)
    open_case(noah, CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=38), actor=None,
              requested_by=users[Role.SCHOOL_STAFF], summary="Request received from Riverside Academy")
    open_case(alex, CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(days=3), actor=young,
              requested_by=young, summary="Request for an EHC needs assessment received from the young person")
    open_case(noah, CaseKind.SECTION_19, received_on=today - timedelta(days=5), actor=None,
              summary="Section 19 referral received (illness)")
    _demo_plan(users, schools)


DEMO_PLAN = {
    "a": "Mia loves animals, drawing and swimming. She wants to work with horses when she grows up. Her parents "
         "want her to make friends and to feel safe at school.",
    "b": [{"area": "communication_interaction", "text": "Mia finds it hard to follow spoken instructions with more "
                                                        "than one step and to join in group conversations."},
          {"area": "semh", "text": "Mia becomes very anxious at changes of routine and at transitions between "
                                   "lessons."}],
    "c": "No health needs have been identified.",
    "d": "No social care needs have been identified.",
    "g": "None.", "h1": "None.", "h2": "None.",
    "j": "No personal budget has been requested.",
}


def _demo_plan(users: dict, schools: dict) -> None:
    """A case at the drafting stage with most of its plan written, to try the plan pages."""
    today = date.today()
    officer, parent = users[Role.EHC_OFFICER], users[Role.PARENT]
    mia = Child(first_name="Mia", last_name="Parent", date_of_birth=date(2015, 6, 8), upn="C123456789012",
                school=schools["100001"], postcode="NB1 2AB")
    db.session.add(mia)
    db.session.flush()
    db.session.add(ChildLink(user=parent, child=mia, relationship_kind=Relationship.PARENT_WITH_PR))
    case = open_case(mia, CaseKind.EHC_ASSESSMENT, received_on=today - timedelta(weeks=13), actor=parent,
                     requested_by=parent, summary="Request for an EHC needs assessment received")
    assign_case(case, officer, actor=officer)
    move_case(case, "agree_to_assess", actor=officer, summary="Decided to carry out an EHC needs assessment")
    move_case(case, "decide_to_issue_plan", actor=officer, summary="Decided to issue an EHC plan")
    number = 0
    for key, value in DEMO_PLAN.items():
        version = save_section(case, key, value, actor=officer, based_on=number)
        number = version.number
    needs = version.content["b"]
    outcomes = [{"text": "Mia follows two-step instructions in class without extra prompts.", "by_when":
                 "the end of Year 6", "needs": [needs[0]["id"]]},
                {"text": "Mia moves between lessons calmly, using her visual timetable.", "by_when":
                 "the end of the spring term", "needs": [needs[1]["id"]]}]
    version = save_section(case, "e", outcomes, actor=officer, based_on=number)
    out = version.content["e"]
    provision = [{"what": "Speech and language therapy programme for understanding instructions",
                  "who": "A speech and language therapist, delivered with a trained teaching assistant",
                  "how_often": "3 sessions of 30 minutes a week", "how_long": "Until the annual review",
                  "needs": [needs[0]["id"]], "outcomes": [out[0]["id"]]},
                 {"what": "A visual timetable and a 5-minute warning before each change of lesson",
                  "who": "Class teacher and teaching assistant", "how_often": "Daily, at each change of lesson",
                  "how_long": "For the whole school year", "needs": [needs[1]["id"]], "outcomes": [out[1]["id"]]}]
    version = save_section(case, "f", provision, actor=officer, based_on=version.number)
    save_section(case, "k", "Advice from the school, an educational psychologist, health and social care "
                            "(regulation 6).", actor=officer, based_on=version.number)


# A teacher who has signed up and waits for the school's lead (Priya Senco) or the council to
# approve their access (decision 0006).
WAITING_TEACHER = ("teacher@oakfield.sch.example.uk", "Sam Teacher")


def _demo_school_memberships(school: School, users: dict) -> None:
    """The demo SENCO is an approved member and the school's lead; a teacher's request waits."""
    from shared.services.school_memberships import request_membership

    senco = users[Role.SCHOOL_STAFF]
    membership = SchoolMembership(user_id=senco.id, school_id=school.id, status=MembershipStatus.APPROVED,
                                  is_lead=True, decided_at=utcnow())
    db.session.add(membership)
    db.session.flush()
    db.session.add(MembershipEvent(membership_id=membership.id, school_id=school.id, action="approved",
                                   summary=f"{senco.full_name} approved as the lead of {school.name} (demo data)"))
    email, name = WAITING_TEACHER
    teacher = User(email=email, full_name=name, role=Role.SCHOOL_STAFF, password_hash=hash_password(DEMO_PASSWORD),
                   email_verified_at=utcnow(), school_id=school.id)
    db.session.add(teacher)
    db.session.flush()
    request_membership(teacher, school)


def demo_sign_ins() -> str:
    code_hint = pyotp.TOTP(DEMO_TOTP_SECRET)
    lines = [f"Demo sign-ins (password for every account: {DEMO_PASSWORD})",
             "  Portal  http://HOST/sign-in"]
    lines += [f"    {role.label:<28} {email}" for role, email, _ in USERS if not role.is_staff]
    lines += [f"    {'School staff, not approved':<28} {WAITING_TEACHER[0]}"]
    lines += ["  Back-office  http://HOST/staff/sign-in  (then a security code from an authenticator",
              f"  app set up with the key {DEMO_TOTP_SECRET}; now it is {code_hint.now()})"]
    lines += [f"    {role.label:<28} {email}" for role, email, _ in USERS if role.is_staff]
    return "\n".join(lines)


def _demo_school_calendar(admin: User) -> None:
    """Term dates typical of an English council for 2025 to 2028: six terms a year (half-terms
    are the gaps), 5 INSET days a year. Bank holidays come from shared.domain.dates."""
    from shared.domain.school_days import ClosureKind
    from shared.services import calendar

    d = date
    years = {
        2025: ([("Autumn 1", d(2025, 9, 1), d(2025, 10, 24)), ("Autumn 2", d(2025, 11, 3), d(2025, 12, 19)),
                ("Spring 1", d(2026, 1, 5), d(2026, 2, 13)), ("Spring 2", d(2026, 2, 23), d(2026, 3, 27)),
                ("Summer 1", d(2026, 4, 13), d(2026, 5, 22)), ("Summer 2", d(2026, 6, 1), d(2026, 7, 21))],
               [d(2025, 9, 1), d(2025, 9, 2), d(2025, 11, 3), d(2026, 1, 5), d(2026, 7, 20)]),
        2026: ([("Autumn 1", d(2026, 9, 1), d(2026, 10, 23)), ("Autumn 2", d(2026, 11, 2), d(2026, 12, 18)),
                ("Spring 1", d(2027, 1, 4), d(2027, 2, 12)), ("Spring 2", d(2027, 2, 22), d(2027, 3, 25)),
                ("Summer 1", d(2027, 4, 12), d(2027, 5, 28)), ("Summer 2", d(2027, 6, 7), d(2027, 7, 21))],
               [d(2026, 9, 1), d(2026, 9, 2), d(2026, 11, 2), d(2027, 1, 4), d(2027, 6, 7)]),
        2027: ([("Autumn 1", d(2027, 9, 1), d(2027, 10, 22)), ("Autumn 2", d(2027, 11, 1), d(2027, 12, 17)),
                ("Spring 1", d(2028, 1, 4), d(2028, 2, 11)), ("Spring 2", d(2028, 2, 21), d(2028, 4, 7)),
                ("Summer 1", d(2028, 4, 24), d(2028, 5, 26)), ("Summer 2", d(2028, 6, 5), d(2028, 7, 21))],
               [d(2027, 9, 1), d(2027, 9, 2), d(2027, 11, 1), d(2028, 1, 4), d(2028, 6, 5)]),
    }
    for start_year, (terms, inset_days) in years.items():
        year = calendar.add_academic_year(start_year, actor=admin)
        for name, first_day, last_day in terms:
            calendar.add_term(year, name=name, first_day=first_day, last_day=last_day, actor=admin)
        for day in inset_days:
            calendar.add_closure_day(year, day=day, kind=ClosureKind.INSET, note="Staff training", actor=admin)


def _demo_section_19(users: dict) -> None:
    """Section 19 (docs/section-19.md): two providers, a referral waiting for a decision, and a
    permanent exclusion with a group package in place."""
    from decimal import Decimal

    from shared.queries.calendar import school_calendar
    from shared.services import section19 as s19

    today, school, lead = date.today(), users[Role.SCHOOL_STAFF], users[Role.S19_LEAD]
    group = s19.add_provider(name="Northbridge Hospital and Home Education Service", provider_type="Hospital "
                             "education service", delivery="group", hourly_rate=Decimal("32.00"), actor=lead)
    s19.add_provider(name="Brightway Tutors", provider_type="Tuition agency", delivery="individual",
                     hourly_rate=Decimal("45.00"), actor=lead)
    common = dict(upn="", address="4 Mill Lane, Northbridge NB2 3CD", other_reason="", school_view="We have tried "
                  "a reduced timetable and home learning.", parent_views="", parent_told=True, parent_consents=True,
                  referrer_type="school", referrer_job_title="SENCo")
    s19.submit_referral(school, s19.ReferralAnswers(
        first_name="Ella", last_name="Referral", date_of_birth=date(2013, 2, 11), reason="illness",
        expected_absence_days=20, exclusion_first_day=None, days_missed=6, parent_name="Jo Referral",
        parent_email="jo.referral@example.com", **common), "demo-s19-ella", today=today)
    calendar = school_calendar()
    excluded_on = calendar.first_school_day_on_or_after(today - timedelta(days=14))
    finn = s19.submit_referral(school, s19.ReferralAnswers(
        first_name="Finn", last_name="Package", date_of_birth=date(2011, 7, 30), reason="permanent_exclusion",
        expected_absence_days=None, exclusion_first_day=excluded_on, days_missed=3, parent_name="Sam Package",
        parent_email="sam.package@example.com", **common), "demo-s19-finn", today=excluded_on)
    s19.decide_referral(finn, outcome="accept", reasons="", actor=lead, expected_version=None, today=excluded_on)
    s19.commission_package(finn, provider=group, hours_per_week=Decimal("25"), full_time=True, reduced_reason="",
                           individual_reason="", starts_on=calendar.nth_school_day_of(excluded_on, 6),
                           review_every_weeks=6, calendar=calendar, actor=lead, expected_version=None)


def _demo_home_education(users: dict) -> None:
    from shared.demo_ehe import demo_home_education

    demo_home_education(users)


def _demo_children_missing_education(users: dict) -> None:
    from shared.demo_cme import demo_children_missing_education

    demo_children_missing_education(users)

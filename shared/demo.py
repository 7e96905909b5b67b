"""Demo data for `make run`: council contacts, schools, one user per role, a few cases.

Loading is idempotent: a second `make run` finds the data and keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyotp
from sqlalchemy import select

from shared.auth.passwords import hash_password
from shared.db import db, utcnow
from shared.models import CaseKind, Child, ChildLink, CouncilContacts, Relationship, Role, School, User
from shared.services.cases import assign_case, open_case

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
    db.session.flush()
    _demo_cases(schools, users)
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


def demo_sign_ins() -> str:
    code_hint = pyotp.TOTP(DEMO_TOTP_SECRET)
    lines = [f"Demo sign-ins (password for every account: {DEMO_PASSWORD})",
             "  Portal  http://HOST/sign-in"]
    lines += [f"    {role.label:<28} {email}" for role, email, _ in USERS if not role.is_staff]
    lines += ["  Back-office  http://HOST/staff/sign-in  (then a security code from an authenticator",
              f"  app set up with the key {DEMO_TOTP_SECRET}; now it is {code_hint.now()})"]
    lines += [f"    {role.label:<28} {email}" for role, email, _ in USERS if role.is_staff]
    return "\n".join(lines)

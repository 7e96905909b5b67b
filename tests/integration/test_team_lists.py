"""No open case is invisible to the team that owns it: every open case of every kind, in every
open status and with none of the records its journey would normally add (a referral, a
notification, a register entry), appears in its team's list."""

import re

import pytest

from shared.db import db
from shared.domain.lifecycles import lifecycle_for
from shared.models import CaseKind, Role

# Each kind's team and the list it works from. EHC assessments are worked from the triage queue;
# the kinds without a list of their own are on the team's "Open cases" page.
TEAM_LISTS = {
    CaseKind.EHC_ASSESSMENT: (Role.EHC_OFFICER, ["/staff/triage", "/staff/"]),
    CaseKind.EHC_PLAN: (Role.EHC_OFFICER, ["/staff/"]),
    CaseKind.EHE: (Role.EHE_PRACTITIONER, ["/staff/home-education"]),
    CaseKind.EOTAS: (Role.EHE_PRACTITIONER, ["/staff/"]),
    CaseKind.CME: (Role.EHE_PRACTITIONER, ["/staff/children-missing-education"]),
    CaseKind.SECTION_19: (Role.S19_LEAD, ["/staff/section-19"]),
}


def test_every_kind_has_a_team_list():
    assert set(TEAM_LISTS) == set(CaseKind)


@pytest.mark.parametrize("kind", list(CaseKind), ids=lambda k: k.value)
def test_every_open_case_of_a_kind_is_on_its_teams_list(make, signed_in, kind):
    role, lists = TEAM_LISTS[kind]
    lifecycle = lifecycle_for(kind)
    states = sorted({s for (s, _action) in lifecycle.transitions} | {lifecycle.initial} - lifecycle.closed)
    cases = []
    for state in states:
        case = make.case(make.child(), kind)
        case.status = state
        cases.append(case)
    db.session.commit()
    client = signed_in(make.user(role))
    for path in lists:
        page = client.get(path)
        assert page.status_code == 200, path
        missing = [(c.reference, c.status) for c in cases if c.reference not in page.text]
        assert not missing, f"open cases missing from {path}: {missing}"
    for link in set(re.findall(r'href="(/staff/[^"]*cases/[0-9a-f-]{36})"', page.text)):
        assert client.get(link).status_code == 200, link  # each row opens a page, even without its records


# Each register belongs to the teams whose case kinds it lists (shared.queries.cases.STAFF_CASE_KINDS).
REGISTERS = {
    "/staff/triage": ("Triage", CaseKind.EHC_ASSESSMENT),
    "/staff/home-education": ("Home education", CaseKind.EHE),
    "/staff/children-missing-education": ("Children missing education", CaseKind.CME),
    "/staff/section-19": ("Section 19", CaseKind.SECTION_19),
}
STAFF_ROLES = [Role.EHC_OFFICER, Role.EHE_PRACTITIONER, Role.S19_LEAD, Role.MANAGER]


@pytest.mark.parametrize("role", STAFF_ROLES, ids=lambda r: r.value)
def test_a_register_outside_the_roles_remit_is_refused_and_not_in_the_menu(make, signed_in, role):
    from shared.queries.cases import STAFF_CASE_KINDS

    client = signed_in(make.user(role))
    menu = client.get("/staff/notices").text.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    for path, (item, kind) in REGISTERS.items():
        owned = kind in STAFF_CASE_KINDS[role]
        assert client.get(path).status_code == (200 if owned else 403), (role, path)
        assert (f'href="{path}"' in menu) is owned, (role, item)

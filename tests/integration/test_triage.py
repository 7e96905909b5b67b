"""The triage queue: open EHC assessment requests by next statutory date, filters, search,
paging, assigning from the queue (with and without HTMX), and who sees what."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import g
from flask.testing import FlaskClient

from shared.db import db
from shared.domain.lifecycles import EHC_ASSESSMENT
from shared.models import Case, CaseKind, Role
from shared.queries.triage import NEXT_STATUTORY_STEP
from shared.web.filters import LONDON

HX = {"HX-Request": "true"}


def _today() -> date:
    return datetime.now(LONDON).date()


def _case(make, *, received_days_ago: int, status: str = "received", **child):
    case = make.case(make.child(**child), CaseKind.EHC_ASSESSMENT,
                     received_on=_today() - timedelta(days=received_days_ago))
    if status != "received":
        case.status = status
        db.session.commit()
    return case


def _htmx(client, url: str, method: str = "GET", **kw):
    """An HTMX request. Its answer is a fragment, not a page: the page checks (one h1, a title)
    do not apply, but ids must still be unique and every form must have an action."""
    g.pop("_login_user", None)
    response = FlaskClient.open(client, url, method=method, headers={**HX, **kw.pop("headers", {})}, **kw)
    ids = re.findall(r'\sid="([^"]+)"', response.text)
    assert len(ids) == len(set(ids)), f"duplicate ids in a fragment: {ids}"
    assert "<form" not in re.sub(r'<form[^>]*\saction="[^"]+"', "", response.text)
    return response


def _references(html: str) -> list[str]:
    return re.findall(r'href="/staff/cases/[0-9a-f-]+">(EHC-[0-9-]+)</a>', html)


@pytest.fixture
def officer(make):
    return make.user(Role.EHC_OFFICER, full_name="Ann Officer")


def test_the_mapping_covers_exactly_the_open_stages():
    open_stages = set(EHC_ASSESSMENT.labels) - EHC_ASSESSMENT.closed
    assert set(NEXT_STATUTORY_STEP) == open_stages
    assert {s: NEXT_STATUTORY_STEP[s].days for s in open_stages} == {
        "received": 6 * 7, "assessing": 16 * 7, "drafting": 20 * 7, "draft_issued": 20 * 7}


def test_sorted_by_next_statutory_date_with_due_text(make, signed_in, officer):
    # next dates: received 40 days ago -> due in 2 days; assessing 120 days ago -> overdue by 8;
    # drafting 100 days ago -> due in 40; received 42 days ago -> due today; received 10 -> in 32
    due_in_2 = _case(make, received_days_ago=40)
    overdue_8 = _case(make, received_days_ago=120, status="assessing")
    due_in_40 = _case(make, received_days_ago=100, status="drafting")
    due_today = _case(make, received_days_ago=42)
    due_in_32 = _case(make, received_days_ago=10)
    plan = make.case(make.child(), CaseKind.EHC_PLAN)  # not an assessment: not in the queue
    page = signed_in(officer).get("/staff/triage")
    assert page.status_code == 200
    assert _references(page.text) == [c.reference for c in (overdue_8, due_today, due_in_2, due_in_32, due_in_40)]
    assert plan.reference not in page.text
    for words in ("Overdue by 8 days", "Due today", "Due in 2 days", "Due in 32 days", "Due in 40 days"):
        assert words in page.text
    assert "app-status-tag--overdue" in page.text and "app-status-tag--due-soon" in page.text
    assert "Decide whether to assess" in page.text and "Issue the final plan" in page.text


def test_closed_cases_are_not_in_the_queue(make, signed_in, officer):
    open_case = _case(make, received_days_ago=5)
    closed = _case(make, received_days_ago=5, status="refused")
    closed.closed_at = datetime.now(LONDON)
    db.session.commit()
    assert _references(signed_in(officer).get("/staff/triage").text) == [open_case.reference]


def test_ties_are_ordered_by_reference(make, signed_in, officer):
    cases = [_case(make, received_days_ago=3) for _ in range(3)]
    assert _references(signed_in(officer).get("/staff/triage").text) == sorted(c.reference for c in cases)


def test_filter_by_stage(make, signed_in, officer):
    received = _case(make, received_days_ago=3)
    assessing = _case(make, received_days_ago=50, status="assessing")
    client = signed_in(officer)
    assert _references(client.get("/staff/triage?stage=assessing").text) == [assessing.reference]
    assert _references(client.get("/staff/triage?stage=received").text) == [received.reference]


def test_filter_by_officer_and_unassigned(make, signed_in, officer):
    other = make.user(Role.EHC_OFFICER, full_name="Bob Officer")
    mine, theirs, nobody = (_case(make, received_days_ago=n) for n in (1, 2, 3))
    for case, who in ((mine, officer), (theirs, other)):
        case.assigned_officer_id = who.id
    db.session.commit()
    client = signed_in(officer)
    assert _references(client.get(f"/staff/triage?officer={officer.id}").text) == [mine.reference]
    assert _references(client.get(f"/staff/triage?officer={other.id}").text) == [theirs.reference]
    assert _references(client.get("/staff/triage?officer=none").text) == [nobody.reference]


def test_filter_by_school(make, signed_in, officer):
    school, other = make.school(name="Oak Primary"), make.school(name="Elm Academy")
    at_oak = _case(make, received_days_ago=1, school=school)
    _case(make, received_days_ago=2, school=other)
    page = signed_in(officer).get(f"/staff/triage?school={school.id}")
    assert _references(page.text) == [at_oak.reference]
    assert "Oak Primary" in page.text and "Elm Academy" in page.text  # both are choices


def test_filter_by_due_window(make, signed_in, officer):
    overdue = _case(make, received_days_ago=45)  # overdue by 3
    in_5 = _case(make, received_days_ago=37)  # due in 5
    in_12 = _case(make, received_days_ago=30)  # due in 12
    in_30 = _case(make, received_days_ago=12)  # due in 30
    client = signed_in(officer)
    assert _references(client.get("/staff/triage?due=overdue").text) == [overdue.reference]
    assert _references(client.get("/staff/triage?due=7").text) == [in_5.reference]
    assert _references(client.get("/staff/triage?due=14").text) == [in_5.reference, in_12.reference]
    assert len(_references(client.get("/staff/triage?due=all").text)) == 4
    assert in_30.reference in client.get("/staff/triage").text


def test_search_by_name_reference_and_upn(make, signed_in, officer):
    lily = _case(make, received_days_ago=1, first_name="Lily", last_name="Okafor", upn="A123456789012")
    tom = _case(make, received_days_ago=2, first_name="Tom", last_name="Baker", upn="B123456789012")
    client = signed_in(officer)
    assert _references(client.get("/staff/triage?q=lIl").text) == [lily.reference]
    assert _references(client.get("/staff/triage?q=bake").text) == [tom.reference]
    assert _references(client.get("/staff/triage?q=Lily+Okafor").text) == [lily.reference]
    assert _references(client.get(f"/staff/triage?q={tom.reference.lower()}").text) == [tom.reference]
    assert _references(client.get("/staff/triage?q=a123456789012").text) == [lily.reference]
    assert _references(client.get("/staff/triage?q=A1234").text) == []  # a UPN must be whole
    assert _references(client.get("/staff/triage?q=%25").text) == []  # a wildcard is just a character
    assert "No open requests match" in client.get("/staff/triage?q=nobody").text


def test_unknown_filter_values_are_ignored(make, signed_in, officer):
    case = _case(make, received_days_ago=1)
    page = signed_in(officer).get("/staff/triage?stage=nonsense&officer=x&school=y&due=soon&page=zz")
    assert page.status_code == 200 and _references(page.text) == [case.reference]


def test_pagination_fifty_a_page(make, signed_in, officer):
    cases = [_case(make, received_days_ago=n % 40) for n in range(53)]
    expected = [c.reference for c in sorted(cases, key=lambda c: (c.received_on, c.reference))]
    client = signed_in(officer)
    first = client.get("/staff/triage?stage=received")
    assert _references(first.text) == expected[:50]
    assert "govuk-pagination" in first.text and "Showing 1 to 50 of 53" in first.text
    assert 'href="/staff/triage?stage=received&amp;page=2"' in first.text
    second = client.get("/staff/triage?stage=received&page=2")
    assert _references(second.text) == expected[50:]
    assert "Showing 51 to 53 of 53" in second.text
    assert _references(client.get("/staff/triage?stage=received&page=9").text) == expected[50:]


def test_htmx_gets_only_the_results_fragment(make, signed_in, officer):
    case = _case(make, received_days_ago=1)
    client = signed_in(officer)
    full = client.get("/staff/triage?due=7")
    assert full.headers["Vary"] == "HX-Request" and "<h1" in full.text and 'id="triage-results"' in full.text
    fragment = _htmx(client, "/staff/triage?due=7")
    assert fragment.status_code == 200 and fragment.headers["Vary"] == "HX-Request"
    assert "<h1" not in fragment.text and "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<div id="triage-results">')
    assert 'hx-swap-oob="innerHTML"' in fragment.text and case.reference not in fragment.text
    assert case.reference in _htmx(client, "/staff/triage").text
    restore = client.get("/staff/triage", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<h1" in restore.text  # the back button after a cache miss gets the whole page


def test_assign_from_the_queue_redirects_back_with_the_filters(make, signed_in, officer):
    case = _case(make, received_days_ago=35)  # due in 7 days
    client = signed_in(officer)
    page = client.get("/staff/triage?officer=none&due=14").text
    back = re.search(r'name="next" value="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(back).query) == {"officer": ["none"], "due": ["14"]}
    response = client.post(f"/staff/cases/{case.id}/assign",
                           data={"officer": str(officer.id), "version": case.version, "next": back})
    assert response.status_code == 302 and response.headers["Location"] == back
    followed = client.get(back)
    assert "Case assigned to Ann Officer" in followed.text
    assert case.reference not in followed.text  # no longer unassigned
    db.session.expire_all()
    assert db.session.get(Case, case.id).assigned_officer_id == officer.id


def test_an_unsafe_next_goes_to_the_case_page(make, signed_in, officer):
    case = _case(make, received_days_ago=1)
    response = signed_in(officer).post(f"/staff/cases/{case.id}/assign", data={
        "officer": str(officer.id), "version": case.version, "next": "//evil.example/"})
    assert response.headers["Location"] == f"/staff/cases/{case.id}"


def test_reassign_with_htmx_returns_the_row(make, signed_in, officer):
    other = make.user(Role.EHC_OFFICER, full_name="Bob Officer")
    case = _case(make, received_days_ago=1)
    case.assigned_officer_id = officer.id
    db.session.commit()
    client = signed_in(officer)
    page = client.get("/staff/triage?q=" + case.reference).text
    assert f'id="assign-{case.id}"' in page and "Reassign" in page
    hx_next = re.search(r"hx-vals='([^']+)'", page).group(1)
    row_url = __import__("json").loads(hx_next.replace("&#34;", '"'))["next"]
    assert row_url.startswith(f"/staff/triage/cases/{case.id}/row?back=")
    version = case.version
    response = _htmx(client, f"/staff/cases/{case.id}/assign", method="POST",
                     data={"officer": str(other.id), "version": version, "next": row_url})
    assert response.status_code == 302 and response.headers["Location"] == row_url
    row = _htmx(client, row_url)
    assert row.text.lstrip().startswith(f'<tr class="govuk-table__row" id="case-{case.id}">')
    assert "Bob Officer" in row.text and "Case assigned to Bob Officer" in row.text
    assert f'name="version" value="{version + 1}"' in row.text
    # Without HTMX the row's address is a small page of its own.
    assert "<h1" in client.get(row_url).text


def test_the_row_page_refuses_an_outside_back_link(make, signed_in, officer):
    case = _case(make, received_days_ago=1)
    page = signed_in(officer).get(f"/staff/triage/cases/{case.id}/row?back=/staff/admin/users").text
    assert 'name="next" value="/staff/triage"' in page


def test_another_teams_officer_is_refused_the_queue(make, signed_in):
    """The queue is the EHC team's: another team would open an empty page, so it is refused."""
    case = _case(make, received_days_ago=1)
    client = signed_in(make.user(Role.S19_LEAD))
    assert client.get("/staff/triage").status_code == 403
    assert client.get(f"/staff/triage/cases/{case.id}/row").status_code == 403


def test_portal_users_and_administrators_cannot_open_the_queue(make, signed_in, client):
    assert client.get("/staff/triage").status_code == 302  # signed out: to sign-in
    signed_in(make.user(Role.ADMINISTRATOR))
    assert client.get("/staff/triage").status_code == 403


def test_triage_is_first_in_the_staff_menu(make, signed_in, officer):
    page = signed_in(officer).get("/staff/").text
    assert page.index('href="/staff/triage"') < page.index('href="/staff/notices"')


def test_an_unassigned_row_offers_the_signed_in_officer(make, signed_in, officer):
    make.user(Role.EHC_OFFICER, full_name="Aaron First")
    case = _case(make, received_days_ago=1)
    page = signed_in(officer).get("/staff/triage").text
    assert "Not assigned" in page and "Choose an officer" not in page
    assert f'<option value="{officer.id}" selected>Ann Officer</option>' in page
    assert f'id="officer-{case.id}"' in page and f'for="officer-{case.id}"' in page

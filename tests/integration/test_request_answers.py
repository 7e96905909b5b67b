"""The family's answers to a request, shown on the officer's case page as the portal's "Check your
answers" page showed them; what an officer recorded of a request that came by post or email."""

import html
import inspect
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from portal.forms_ehc_request import form_for
from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, Role
from shared.queries.request_answers import SECTION_TITLES, questions_for
from shared.web.filters import long_date

ROLES = (Role.PARENT, Role.YOUNG_PERSON, Role.SCHOOL_STAFF)


def _rows(page: str) -> list[tuple[str, str]]:
    """(question, answer) of every summary list row on a page, as a person reads them."""
    found = re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">'
                       r'(.*?)</dd>', page, re.DOTALL)
    return [tuple(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split()) for part in pair) for pair in found]


def _request_part(page: str) -> str:
    assert '<h2 class="govuk-heading-m" id="the-request">The request</h2>' in page
    return page.split('id="the-request"', 1)[1].split('<h2 class="govuk-heading-m"', 1)[0]


def _send(client, sections: dict) -> str:
    response = client.post("/request-an-assessment/new", data={"submission_key": uuid.uuid4().hex})
    base = response.headers["Location"]
    for section, data in sections.items():
        assert client.post(f"{base}/{section}", data={"action": "continue", **data}).status_code == 302, section
    check = client.get(f"{base}/check-answers").text
    assert client.post(f"{base}/check-answers", data={"submission_key": "send-1"}).status_code == 302
    return check


def _answers(**you) -> dict:
    return {
        "child": {"first_name": "Lily", "last_name": "Carter", "date_of_birth": ["4", "3", "2016"], "upn": ""},
        "you": you,
        "needs": {"needs": "Finds reading hard.\nAnd writing.", "sen_support": "Daily phonics group.", "apdr": ""},
        "views": {"views": "Lily loves horses and wants to be a vet."},
        "health_care": {"health": "Speech and language therapist", "social_care": ""},
        "consent": {"consent": "y"},
        "evidence": {"has_evidence": "no"},
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_portal_forms_ask_the_questions_the_answers_are_shown_under(role):
    """One wording: the questions the shared module labels answers with are the forms' own."""
    for section, _ in SECTION_TITLES:
        if section == "school" and role == Role.SCHOOL_STAFF:
            continue  # not asked: their account's school
        form_class = form_for(section, role)
        fields = sorted(inspect.getmembers(form_class, lambda v: isinstance(v, UnboundField)),
                        key=lambda pair: pair[1].creation_counter)
        asked = [(name, field.args[0], tuple(field.kwargs.get("choices") or ())) for name, field in fields]
        shown = [(q.name, q.label, q.choices) for q in questions_for(section, role)]
        assert asked == shown, section


def test_the_officer_reads_the_answers_the_family_checked(make, signed_in, client):
    parent = make.user(Role.PARENT, full_name="Sam Carter")
    school = make.school(name="Hillside Primary")
    signed_in(parent)
    check = _send(client, {**_answers(parental_responsibility="yes", phone="01234 567890"),
                           "school": {"school": school.urn}})
    client.post("/sign-out")
    case = db.session.scalars(select(Case)).one()
    officer = make.user(Role.EHC_OFFICER)
    signed_in(officer)
    page = client.get(f"/staff/cases/{case.id}").text
    part = _request_part(page)
    assert f"Request sent online by Sam Carter (parent or carer) on {long_date(today_in_england())}" in part
    for _, title in SECTION_TITLES:
        assert f'<h4 class="govuk-heading-s govuk-!-margin-bottom-2">{title}</h4>' in part
    rows = _rows(part)
    assert rows == _rows(check)  # the same questions, the same answers, in the same order
    shown = dict(rows)
    assert shown["Date of birth"] == "4 March 2016"
    assert shown["Do you have parental responsibility for the child?"] == "Yes"
    assert shown["School, college or setting"] == f"Hillside Primary (URN {school.urn})"
    assert shown["Social care involvement (optional)"] == "Not given"
    assert shown["Do you have reports or other documents to send us?"] == "No"
    assert shown[questions_for("consent", Role.PARENT)[0].label] == "Yes, I agree"
    assert "<p class=\"govuk-body\">Finds reading hard.</p><p class=\"govuk-body\">And writing.</p>" in part


def test_the_portal_check_page_shows_the_same_rows_with_change_links(make, signed_in, client):
    parent = make.user(Role.PARENT)
    signed_in(parent)
    check = _send(client, {**_answers(parental_responsibility="no"), "school": {"school": "none"}})
    rows = _rows(check)
    assert ("School, college or setting", "Not at a school or setting") in rows
    assert ("Do you have parental responsibility for the child?", "No") in rows
    assert '#date_of_birth">Change' in check
    client.post("/sign-out")
    signed_in(make.user(Role.EHC_OFFICER))
    case = db.session.scalars(select(Case)).one()
    assert _rows(_request_part(client.get(f"/staff/cases/{case.id}").text)) == rows


def test_a_school_request_shows_the_parents_views_and_the_school(make, signed_in, client):
    school = make.school(name="Oakfield Primary")
    signed_in(make.user(Role.SCHOOL_STAFF, school_id=school.id, full_name="Jo Senco"))
    check = _send(client, _answers(job_title="SENCo", parent_name="Pat Parent", parent_email="pat@example.com",
                                   parent_views="Pat wants more help in class.", parent_consents="yes"))
    assert ("School", f"Oakfield Primary (URN {school.urn})") in _rows(check)  # no change link
    client.post("/sign-out")
    signed_in(make.user(Role.EHC_OFFICER))
    case = db.session.scalars(select(Case)).one()
    part = _request_part(client.get(f"/staff/cases/{case.id}").text)
    assert "Request sent online by Jo Senco (school or setting staff)" in part
    shown = dict(_rows(part))
    assert shown["What the parent thinks about the request"] == "Pat wants more help in class."
    assert shown["Does the parent agree to the school making this request?"] == "Yes"
    assert shown["School"] == f"Oakfield Primary (URN {school.urn})"
    assert "Do you have parental responsibility for the child?" not in shown


def test_a_postal_request_shows_what_the_officer_recorded(make, signed_in):
    officer = make.user(Role.EHC_OFFICER, full_name="Olive Officer")
    client = signed_in(officer)
    received = today_in_england() - timedelta(days=10)
    form = {"first_name": "Noah", "last_name": "Brown", "date_of_birth": ["2", "9", "2014"], "upn": "",
            "school": "", "received_on": [str(received.day), str(received.month), str(received.year)],
            "channel": "post", "requester": "Ann Brown, mother", "summary": "Letter asking for an assessment",
            "submission_key": "k1"}
    page = client.post("/staff/requests/new", data=form, follow_redirects=True).text
    part = _request_part(page)
    assert f"Request received by post on {long_date(received)}" in part
    assert dict(_rows(part)) == {
        "How did it arrive?": "By post",
        "Date the council received it": long_date(received),
        "Who asked, and their relationship to the child": "Ann Brown, mother",
        "Summary of the request": "Letter asking for an assessment",
        "Recorded by": f"Olive Officer, {long_date(today_in_england())}",
    }
    # A second request while this one is open, by email and with no summary, is shown too.
    again = client.post("/staff/requests/new", data={**form, "submission_key": "k2", "channel": "email",
                                                      "requester": "Bob Brown, father", "summary": ""},
                        follow_redirects=True).text
    part = _request_part(again)
    assert part.count("Request received by") == 2 and "Request received by email" in part
    assert ("Who asked, and their relationship to the child", "Bob Brown, father") in _rows(part)
    assert ("Summary of the request", "Not given") in _rows(part)


def test_a_case_without_a_recorded_request_has_no_request_section(make, signed_in):
    case = make.case(make.child())
    client = signed_in(make.user(Role.EHC_OFFICER))
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 200 and 'id="the-request"' not in page.text

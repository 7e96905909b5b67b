"""The letters about a school attendance order once made (EA 1996 s.440, s.442): the order revoked,
the refusal to revoke (with the referral to the Secretary of State, and the EHC plan variants of
s.442) and the order amended. Each fills every mandatory slot from the council's contacts, gives
the complaints route (never the SEND Tribunal), and refuses to build while a slot is empty."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from shared.notices.appeal_rights import MissingComplaintsRoute
from shared.notices.content import NoticeContentError, build_notice_content
from shared.notices.decision_types import Route, get_decision_type
from shared.notices.render import render_notice_email, render_notice_html
from tests.unit.notice_contacts import CONTACTS

ISSUED_ON = date(2027, 3, 1)
OFFICER = {"officer_name": "Erin Practitioner", "officer_email": "erin@northbridge.example.gov.uk",
           "signed_by": "Erin Practitioner"}
ORDER = {**OFFICER, "school_name": "Hilltop Academy", "order_made_on": date(2027, 1, 11)}

LETTERS = {
    "ehe_sao_revoked": {
        "decision": "We have revoked the school attendance order for Sam Taylor.",
        "reasons": ["The parents' tutoring plan covers English, maths and science for 25 hours a week."],
        "extra": {**ORDER, "on_request": True, "requested_on": date(2027, 2, 15),
                  "key_dates": [{"label": "School attendance order revoked on", "date": "2027-03-01"}]},
        "says": ["11 January 2027", "Hilltop Academy", "15 February 2027", "section 442",
                 "no longer applies", "section 7 of the Education Act 1996", "register of children educated at home",
                 "School attendance order revoked on", "Erin Practitioner", "erin@northbridge.example.gov.uk"],
    },
    "ehe_sao_revocation_refused": {
        "decision": "We have decided not to revoke the school attendance order for Sam Taylor.",
        "reasons": ["No timetable or examples of work were sent."],
        "extra": {**ORDER, "requested_on": date(2027, 2, 15), "ehc_plan": False, "plan_names_school": False},
        "says": ["15 February 2027", "section 442", "no satisfactory arrangements", "Hilltop Academy",
                 "refer the question to the Secretary of State", "Department for Education", "section 443",
                 "ask us again", "Erin Practitioner"],
    },
    "ehe_sao_amended": {
        "decision": "We have amended the school attendance order for Sam Taylor.",
        "reasons": ["You applied for a place for Sam Taylor at Riverside Primary and Sam Taylor was offered a place."],
        "extra": {**OFFICER, "school_name": "Riverside Primary", "previous_school_name": "Hilltop Academy",
                  "order_made_on": date(2027, 1, 11), "requested_on": date(2027, 2, 20)},
        "says": ["20 February 2027", "section 440", "register Sam Taylor as a pupil at Riverside Primary",
                 "no longer names Hilltop Academy", "section 437(4)", "section 443", "section 442",
                 "Erin Practitioner"],
    },
}


def build(key: str, contacts=None, **extra) -> dict:
    spec = LETTERS[key]
    return build_notice_content(key, contacts=CONTACTS if contacts is None else contacts, issued_on=ISSUED_ON,
                                child_name="Sam Taylor", recipient_name="Alex Taylor", decision=spec["decision"],
                                reasons=spec["reasons"], case_reference="EHE-2027-00007",
                                extra={**spec["extra"], **extra})


def visible(markup: str) -> str:
    body = re.sub(r"<style.*?</style>|<title>.*?</title>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_each_letter_says_what_the_law_needs_and_fills_the_complaints_route(key):
    dt = get_decision_type(key)
    assert dt.route is Route.COMPLAINTS and not dt.appealable and dt.legal_basis.startswith("Education Act 1996")
    text = visible(render_notice_html(build(key)))
    for fragment in [LETTERS[key]["decision"], *LETTERS[key]["reasons"], *LETTERS[key]["says"],
                     CONTACTS["council_name"], "EHE-2027-00007", "1 March 2027", "Dear Alex Taylor",
                     CONTACTS["complaints_url"], CONTACTS["send_team_email"], CONTACTS["send_team_phone"],
                     "Ombudsman", dt.legal_basis]:
        assert fragment in text, fragment
    assert "tribunal" not in text.lower() and "SEND35" not in text
    subject, body = render_notice_email(build(key))
    assert "Sam Taylor" in subject and "EHE-2027-00007" in subject
    assert LETTERS[key]["decision"] in body and CONTACTS["complaints_url"] in body and "Ombudsman" in body
    assert "tribunal" not in body.lower()


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_a_letter_without_a_complaints_route_or_reasons_is_refused(key):
    with pytest.raises(MissingComplaintsRoute):
        build(key, {**CONTACTS, "complaints_url": "", "send_team_email": "", "send_team_phone": ""})
    with pytest.raises(NoticeContentError):
        build_notice_content(key, contacts=CONTACTS, issued_on=ISSUED_ON, child_name="Sam Taylor",
                             recipient_name="Alex Taylor", decision=LETTERS[key]["decision"], reasons=[],
                             case_reference="EHE-2027-00007", extra=LETTERS[key]["extra"])


def test_a_revocation_on_the_councils_own_initiative_does_not_mention_an_application():
    text = visible(render_notice_html(build("ehe_sao_revoked", on_request=False, requested_on=None)))
    assert "You asked us" not in text and "no longer applies" in text


def test_the_refusal_for_a_child_whose_ehc_plan_names_a_school_gives_no_referral():
    text = visible(render_notice_html(build("ehe_sao_revocation_refused", ehc_plan=True, plan_names_school=True)))
    assert "does not let you refer this refusal to the Secretary of State" in text
    assert "refer the question to the Secretary of State" not in text
    assert "review the EHC plan" in text and "tribunal" not in text.lower()


def test_the_refusal_for_a_child_whose_ehc_plan_names_no_school_may_change_the_plan():
    text = visible(render_notice_html(build("ehe_sao_revocation_refused", ehc_plan=True, plan_names_school=False)))
    assert "refer the question to the Secretary of State" in text
    assert "direction may also require us to change the plan" in text


def test_the_refusal_without_an_ehc_plan_says_nothing_about_a_plan():
    text = visible(render_notice_html(build("ehe_sao_revocation_refused")))
    assert "EHC plan" not in text and "refer the question to the Secretary of State" in text


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_each_letter_is_a_tagged_pdf_with_its_contacts(key):
    from shared.notices.render import render_notice_pdf
    from tests.unit.test_notice_pdf import all_streams, pdf_text, unspaced

    pdf = render_notice_pdf(build(key))
    assert pdf.startswith(b"%PDF-1.7") and b"pdfuaid" in all_streams(pdf)
    text = unspaced(pdf_text(pdf))
    for fragment in ("Northbridge Council", "Dear Alex Taylor,", "Erin Practitioner", "1 March 2027",
                     CONTACTS["complaints_url"], "Ombudsman", LETTERS[key]["extra"]["school_name"]):
        assert unspaced(fragment) in text, fragment
    assert "tribunal" not in text.lower()

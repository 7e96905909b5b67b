"""The home education letters (EA 1996 s.437(1), s.438(2)-(6), s.437(3); new s.436D): each says
what the law needs, fills every mandatory slot from the council's contacts, gives the complaints
route (never the SEND Tribunal) where there is something to challenge, and refuses to build while
a slot is empty."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from shared.notices.appeal_rights import MissingComplaintsRoute
from shared.notices.content import build_notice_content
from shared.notices.decision_types import Route, get_decision_type
from shared.notices.render import render_notice_email, render_notice_html
from tests.unit.notice_contacts import CONTACTS

ISSUED_ON = date(2026, 11, 23)
ENDS = date(2026, 12, 7)
OFFICER = {"officer_name": "Erin Practitioner", "officer_email": "erin@northbridge.example.gov.uk",
           "signed_by": "Erin Practitioner"}

LETTERS = {
    "ehe_s437_notice": {
        "decision": "It appears to us that Sam Taylor is not receiving suitable education.",
        "reasons": ["No evidence of any education since September."],
        "extra": {**OFFICER, "respond_by": ENDS, "days": 15, "decision_heading": "This notice",
                  "key_dates": [{"label": "Satisfy us that the education is suitable by", "date": ENDS.isoformat(),
                                 "deadline": True}]},
        "says": ["section 7 of the Education Act 1996", "Monday 7 December 2026", "15 days beginning with the day",
                 "age, ability and aptitude", "special educational needs", "school attendance order",
                 "section 437(3)", "No evidence of any education since September.", "Erin Practitioner",
                 "erin@northbridge.example.gov.uk"],
    },
    "ehe_sao_intention": {
        "decision": "We intend to serve a school attendance order requiring you to register Sam Taylor at Hilltop.",
        "reasons": ["The parents did not reply to the notice."],
        "extra": {**OFFICER, "school_name": "Hilltop Academy", "alternatives": ["Riverside Primary"],
                  "choose_by": ENDS},
        "says": ["Hilltop Academy", "Riverside Primary", "15 days, beginning with the day",
                 "Monday 7 December 2026", "section 438(4)", "section 438(5) and (6)", "Erin Practitioner"],
    },
    "ehe_school_attendance_order": {
        "decision": "We have made a school attendance order requiring you to register Sam Taylor at Hilltop Academy.",
        "reasons": ["The parents chose no other school."],
        "extra": {**OFFICER, "school_name": "Hilltop Academy"},
        "says": ["section 437(3)", "register Sam Taylor as a pupil at Hilltop Academy", "section 443",
                 "section 442", "revoke", "Erin Practitioner"],
    },
    "ehe_information_request": {
        "decision": "Please tell us how Sam Taylor is being educated by 7 December 2026.",
        "reasons": [],
        "extra": {**OFFICER, "answer_by": ENDS, "decision_heading": "What we are asking for"},
        "says": ["section 436D", "educated by you", "anyone else", "address", "Monday 7 December 2026",
                 "Answer the request for information", "What we are asking for", CONTACTS["sendiass_name"]],
    },
}
COMPLAINTS = ["ehe_s437_notice", "ehe_sao_intention", "ehe_school_attendance_order"]


def build(key: str, contacts=None) -> dict:
    spec = LETTERS[key]
    return build_notice_content(key, contacts=CONTACTS if contacts is None else contacts, issued_on=ISSUED_ON,
                                child_name="Sam Taylor", recipient_name="Alex Taylor", decision=spec["decision"],
                                reasons=spec["reasons"], case_reference="SEND-2026-00042", extra=spec["extra"])


def visible(markup: str) -> str:
    body = re.sub(r"<style.*?</style>|<title>.*?</title>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_each_letter_says_what_the_law_needs(key):
    text = visible(render_notice_html(build(key)))
    for fragment in [LETTERS[key]["decision"], *LETTERS[key]["says"], CONTACTS["council_name"], "SEND-2026-00042"]:
        assert fragment in text, fragment
    assert "tribunal" not in text.lower() and "SEND35" not in text


@pytest.mark.parametrize("key", COMPLAINTS)
def test_letters_with_something_to_challenge_give_the_complaints_route_filled(key):
    assert get_decision_type(key).route is Route.COMPLAINTS
    content = build(key)
    text = visible(render_notice_html(content))
    for slot in ("complaints_url", "send_team_email", "send_team_phone", "council_name"):
        assert CONTACTS[slot] in text, slot
    assert "Ombudsman" in text
    subject, body = render_notice_email(content)
    assert "Sam Taylor" in subject and CONTACTS["complaints_url"] in body and "Ombudsman" in body
    assert "tribunal" not in body.lower()


@pytest.mark.parametrize("key", COMPLAINTS)
def test_a_letter_without_a_complaints_route_is_refused(key):
    contacts = {**CONTACTS, "complaints_url": "", "send_team_email": "", "send_team_phone": ""}
    with pytest.raises(MissingComplaintsRoute):
        build(key, contacts)


def test_the_s437_email_names_the_deadline_and_uses_the_notice_heading():
    subject, body = render_notice_email(build("ehe_s437_notice"))
    assert subject.startswith("We need you to show us that Sam Taylor is receiving suitable education")
    assert "Satisfy us that the education is suitable by: Monday 7 December 2026" in body
    assert "THIS NOTICE" in body and "OUR DECISION" not in body


def test_the_information_request_is_not_a_decision():
    assert get_decision_type("ehe_information_request").route is Route.NONE
    content = build("ehe_information_request")
    assert content["complaints"] is None and content["appeal_rights"] is None
    _, body = render_notice_email(content)
    assert "WHAT WE ARE ASKING FOR" in body and "OUR DECISION" not in body


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    from shared.notices.render import render_notice_pdf

    return {key: render_notice_pdf(build(key)) for key in LETTERS}


@pytest.mark.parametrize("key", sorted(LETTERS))
def test_each_letter_is_a_tagged_pdf_with_its_dates_and_contacts(pdfs, key):
    from tests.unit.test_notice_pdf import all_streams, pdf_text, unspaced

    pdf = pdfs[key]
    assert pdf.startswith(b"%PDF-1.7") and b"pdfuaid" in all_streams(pdf)
    text = unspaced(pdf_text(pdf))
    for fragment in ("Northbridge Council", "Dear Alex Taylor,", "Erin Practitioner", "23 November 2026"):
        assert unspaced(fragment) in text, fragment
    if key != "ehe_school_attendance_order":  # the date the parents must act by
        assert unspaced("7 December 2026") in text
    if key in COMPLAINTS:
        assert unspaced(CONTACTS["complaints_url"]) in text and "Ombudsman" in text
    assert "tribunal" not in text.lower()

"""The letters of an EHC needs assessment give the statutory dates still ahead (16 and 20 weeks
from the request, SEND Regulations 2014 regs 10(1) and 13(2)), and a postal letter dated again
counts its appeal deadline from its new date."""

from datetime import date

from shared.domain.clocks import decision_not_to_issue_due, final_plan_due
from shared.domain.dates import appeal_deadline
from shared.notices.content import redate_notice_content
from tests.unit.notice_contacts import CONTACTS
from tests.unit.test_notice_pdf import build

RECEIVED = date(2026, 11, 2)


def _dates(content: dict) -> dict[str, str]:
    return {d["label"]: d["date"] for d in content["key_dates"]}


def test_the_agreement_to_assess_gives_the_request_date_and_the_16_and_20_week_dates():
    dates = _dates(build("agree_to_assess", reasons=[], extra={"request_received_on": RECEIVED}))
    assert dates["We received the request on"] == "2026-11-02"
    assert dates["We will tell you whether we will issue an EHC plan by"] == decision_not_to_issue_due(
        RECEIVED).isoformat() == "2027-02-22"
    assert dates["If we issue a plan, you will have the final plan by"] == final_plan_due(
        RECEIVED).isoformat() == "2027-03-22"


def test_the_decision_to_issue_a_plan_and_the_draft_give_the_20_week_date():
    for key in ("decide_to_issue_plan", "issue_draft_plan"):
        dates = _dates(build(key, extra={"request_received_on": RECEIVED}))
        assert dates["We must issue the final EHC plan by"] == "2027-03-22", key


def test_a_letter_dated_again_counts_its_appeal_deadline_from_the_new_date():
    content = build("refuse_to_assess", issued_on=date(2026, 11, 23))
    later = redate_notice_content(content, contacts=CONTACTS, issued_on=date(2026, 12, 1),
                                  recipient_address=["4 Mill Lane", "NB2 3CD"])
    assert later["issued_on"] == "2026-12-01"
    assert later["appeal_deadline"] == appeal_deadline(date(2026, 12, 1)).rely_on.isoformat()
    assert later["decision"] == content["decision"] and later["reasons"] == content["reasons"]
    assert later["extra"]["recipient_address"] == ["4 Mill Lane", "NB2 3CD"]

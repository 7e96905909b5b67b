"""Decision notices carry every element of statutory-rules.md section 4, in the frozen content,
the HTML letter and the email; and refuse to build while a contact slot is empty."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from shared.notices.appeal_rights import (
    APPEAL_RIGHTS_SLOTS,
    TRIBUNAL_NAME,
    MissingAppealRightsSlot,
    MissingComplaintsRoute,
    MissingNoticeSlot,
    build_appeal_rights,
)
from shared.notices.content import NoticeContentError, build_notice_content
from shared.notices.decision_types import (
    DECISION_TYPES,
    Route,
    UnknownDecisionType,
    appealable_types,
    get_decision_type,
)
from shared.notices.render import TEMPLATES_DIR, render_notice_email, render_notice_html
from tests.unit.notice_contacts import CONTACTS

ISSUED_ON = date(2026, 11, 23)  # 2 months later is Saturday 23 January 2027
DEADLINE = "25 January 2027"  # the Monday after: the date the family can rely on


APPEALABLE = [t.key for t in appealable_types()]
COMPLAINTS_TYPES = ["ehe_decision", "section_19_decision"]
SECTION_I_TEXT = "only about the school or other institution named in section I"
CEASE_TEXT = "while your appeal is pending"


def build(key: str, contacts=None, **overrides) -> dict:
    kwargs = {
        "contacts": CONTACTS if contacts is None else contacts,
        "issued_on": ISSUED_ON,
        "child_name": "Sam Taylor",
        "recipient_name": "Alex Taylor",
        "decision": f"Decision sentence for {key}.",
        "reasons": [f"First reason for {key}.", "Second reason, about the evidence."],
        "case_reference": "SEND-2026-00042",
    }
    kwargs.update(overrides)
    return build_notice_content(key, **kwargs)


def text_of(markup: str) -> str:
    """Visible text of an HTML document, whitespace collapsed."""
    body = re.sub(r"<style.*?</style>|<title>.*?</title>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def required_fragments(key: str) -> list[str]:
    """What a notice of this type must say: elements 1 to 7 as applicable."""
    fragments = [
        f"Decision sentence for {key}.",  # 1: the decision
        f"First reason for {key}.",  # 1: the reasons
        "Second reason, about the evidence.",
        TRIBUNAL_NAME,  # 2: the right of appeal
        "SEND35",  # 2: how
        CONTACTS["tribunal_guidance_url"],
        DEADLINE,  # 3: the time limit, as the date to rely on
        "1 month after the date of the certificate",  # 3: the mediation alternative
        "mediation certificate",  # 4
        CONTACTS["mediation_adviser_name"],
        CONTACTS["mediation_adviser_phone"],
        CONTACTS["mediation_adviser_email"],
        CONTACTS["mediation_adviser_website"],
        "you must also tell us",  # 4: the LA must be told
        "no later than Monday 25 January 2027",  # 4: by when to ask
        CONTACTS["disagreement_resolution_name"],  # 5
        CONTACTS["disagreement_resolution_phone"],
        CONTACTS["disagreement_resolution_email"],
        CONTACTS["sendiass_name"],  # 6
        CONTACTS["sendiass_phone"],
        CONTACTS["sendiass_email"],
        CONTACTS["sendiass_website"],
    ]
    dt = get_decision_type(key)
    if dt.section_i_exception:
        fragments.append(SECTION_I_TEXT)
    if dt.is_cease:
        fragments.append(CEASE_TEXT)  # 7
    return fragments


def forbidden_fragments(key: str) -> list[str]:
    dt = get_decision_type(key)
    forbidden = []
    if not dt.section_i_exception:
        forbidden.append(SECTION_I_TEXT)
    if not dt.is_cease:
        forbidden.append(CEASE_TEXT)
    return forbidden


# --- the registry ----------------------------------------------------------------------------


def test_registry_has_the_required_decision_types():
    required = {
        "refuse_to_assess",
        "agree_to_assess",
        "decide_not_to_issue_plan",
        "final_plan",
        "refuse_to_reassess",
        "amend_after_review_refused",
        "cease_plan",
        "ehe_decision",
        "section_19_decision",
    }
    assert required <= set(DECISION_TYPES)
    assert not get_decision_type("agree_to_assess").appealable
    assert get_decision_type("final_plan").section_i_exception
    assert not get_decision_type("refuse_to_assess").section_i_exception
    assert [t.key for t in DECISION_TYPES.values() if t.is_cease] == ["cease_plan"]
    for key in COMPLAINTS_TYPES:
        assert get_decision_type(key).route is Route.COMPLAINTS


def test_unknown_decision_type():
    with pytest.raises(UnknownDecisionType, match="refuse_to_assess"):
        get_decision_type("refuse_to_asses")


@pytest.mark.parametrize("key", sorted(DECISION_TYPES))
def test_every_type_has_a_template_using_the_shared_components(key):
    source = (TEMPLATES_DIR / "shared" / "notices" / f"{key}.html").read_text()
    assert '{% extends "shared/notices/_letter_base.html" %}' in source
    dt = get_decision_type(key)
    assert ('"shared/notices/_appeal_rights.html"' in source) is dt.appealable
    assert ('"shared/notices/_complaints_route.html"' in source) is dt.complaints_route


# --- every element, everywhere ---------------------------------------------------------------


@pytest.mark.parametrize("key", APPEALABLE)
def test_content_carries_every_element(key):
    content = build(key)
    assert json.loads(json.dumps(content)) == content
    dumped = json.dumps(content)
    for fragment in required_fragments(key):
        assert fragment in dumped, fragment
    for fragment in forbidden_fragments(key):
        assert fragment not in dumped, fragment
    rights = content["appeal_rights"]
    assert content["appeal_deadline"] == rights["time_limit"]["rely_on"] == "2027-01-25"
    assert rights["time_limit"]["statutory_last_day"] == "2027-01-23"
    assert rights["right_of_appeal"]["form"] == "SEND35"
    assert rights["mediation"]["certificate_needed"] is True
    assert (rights["cease"] is not None) is get_decision_type(key).is_cease


@pytest.mark.parametrize("key", APPEALABLE)
def test_html_letter_carries_every_element(key):
    page = render_notice_html(build(key))
    visible = text_of(page)
    for fragment in required_fragments(key):
        assert fragment in visible, fragment
    for fragment in forbidden_fragments(key):
        assert fragment not in visible, fragment
    assert '<html lang="en-GB">' in page
    assert "<title>" in page and "<h1>" in page
    assert "Northbridge Council" in visible and "SEND-2026-00042" in visible
    assert "23 November 2026" in visible  # the letter's own date


@pytest.mark.parametrize("key", APPEALABLE)
def test_email_carries_every_element(key):
    content = build(key)
    subject, body = render_notice_email(content)
    flat = squash(body)
    for fragment in required_fragments(key):
        assert fragment in flat, fragment
    for fragment in forbidden_fragments(key):
        assert fragment not in flat, fragment
    assert content["summary"] in subject
    assert "Sam Taylor" in subject
    assert "<" not in body, "the email is plain text"


def test_email_names_what_changed_and_where_the_letter_is():
    subject, body = render_notice_email(
        build("refuse_to_assess", extra={"account_url": "https://send.example/account"})
    )
    assert subject.startswith("We have decided not to carry out an EHC needs assessment for Sam Taylor")
    assert "new information" not in (subject + body).lower()
    assert "attached to this email as a PDF" in body
    assert "in your account at https://send.example/account" in body
    assert "Last day for the Tribunal to receive an appeal: Monday 25 January 2027" in body
    assert "Date of this letter: 23 November 2026" in body


def test_the_section_i_exception_is_for_plan_contents_only():
    assert SECTION_I_TEXT in json.dumps(build("final_plan"))
    assert SECTION_I_TEXT in json.dumps(build("amend_after_review_refused"))
    assert SECTION_I_TEXT not in json.dumps(build("refuse_to_assess"))
    assert SECTION_I_TEXT not in json.dumps(build("cease_plan"))


def test_plan_notices_say_which_sections_can_be_appealed():
    what = build("final_plan")["appeal_rights"]["right_of_appeal"]["what_can_be_appealed"]
    for section in ("section B", "section F", "section I", "no school or institution is named"):
        assert section in what


def test_a_deadline_on_a_working_day_is_shown_without_the_roll_forward_note():
    content = build("refuse_to_assess", issued_on=date(2026, 11, 25))
    limit = content["appeal_rights"]["time_limit"]
    assert limit["rely_on"] == limit["statutory_last_day"] == "2027-01-25"
    assert "not a working day" not in limit["text"]


def test_a_deadline_on_christmas_day_runs_to_the_first_working_day_after_new_year():
    # Tribunal Rules r.12(3): 25 December 2026 is in the Christmas window, so the appeal is in
    # time on the first working day after 1 January 2027 (a Friday bank holiday): Monday 4th.
    content = build("cease_plan", issued_on=date(2026, 10, 25))
    visible = " ".join(text_of(render_notice_html(content)).split())
    assert "The Tribunal must receive your appeal by Monday 4 January 2027." in visible
    assert "(25 October 2026) ends on Friday 25 December 2026" in visible
    assert "falls between 25 December and 1 January" in visible
    assert content["appeal_rights"]["time_limit"]["rule"] == "r12_3_christmas"


def test_the_issue_example_letter_and_mediation_line_give_both_dates():
    # A notice dated 29 October 2026: 2 months ends on Tuesday 29 December 2026 (a working day);
    # the family can rely on Monday 4 January 2027 (r.12(3)). The letter, its key dates, the
    # stored deadline and the "contact the mediation adviser by" line all say so.
    content = build("refuse_to_assess", issued_on=date(2026, 10, 29))
    assert content["appeal_deadline"] == "2027-01-04"
    visible = " ".join(text_of(render_notice_html(content)).split())
    assert "must receive your appeal by Monday 4 January 2027" in visible
    assert "ends on Tuesday 29 December 2026" in visible
    ask_by = content["appeal_rights"]["mediation"]["ask_by_text"]
    assert "no later than Monday 4 January 2027" in ask_by
    assert "ends on Tuesday 29 December 2026" in ask_by
    assert "by 29 December 2026" not in visible
    labels = {item["label"]: item["date"] for item in content["key_dates"]}
    assert labels["Last day for the Tribunal to receive an appeal"] == "2027-01-04"
    assert labels["The 2-month appeal period ends on"] == "2026-12-29"


def test_an_august_deadline_runs_to_the_first_working_day_after_31_august():
    content = build("refuse_to_assess", issued_on=date(2027, 6, 16))  # 16 August 2027
    limit = content["appeal_rights"]["time_limit"]
    assert (limit["statutory_last_day"], limit["rely_on"]) == ("2027-08-16", "2027-09-01")
    assert "falls in August" in limit["text"]


# --- slots must be filled --------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", None])
@pytest.mark.parametrize("field", APPEAL_RIGHTS_SLOTS)
def test_each_blank_slot_refuses_an_appealable_notice(field, blank):
    contacts = {**CONTACTS, field: blank}
    with pytest.raises(MissingAppealRightsSlot) as excinfo:
        build("refuse_to_assess", contacts=contacts)
    assert excinfo.value.fields == (field,)
    assert field in str(excinfo.value)


@pytest.mark.parametrize("key", APPEALABLE)
def test_every_appealable_type_checks_the_slots(key):
    contacts = {**CONTACTS, "sendiass_phone": " ", "mediation_adviser_email": ""}
    with pytest.raises(MissingAppealRightsSlot) as excinfo:
        build(key, contacts=contacts)
    assert set(excinfo.value.fields) == {"sendiass_phone", "mediation_adviser_email"}
    assert "sendiass_phone" in str(excinfo.value) and "mediation_adviser_email" in str(excinfo.value)


def test_a_missing_slot_is_refused_by_build_appeal_rights_itself():
    with pytest.raises(MissingAppealRightsSlot):
        build_appeal_rights({**CONTACTS, "disagreement_resolution_email": ""}, "final_plan", ISSUED_ON)


def test_contacts_can_be_an_object_with_the_field_names():
    content = build("final_plan", contacts=SimpleNamespace(**CONTACTS))
    assert content["appeal_rights"]["sendiass"]["name"] == "Northbridge SENDIASS"
    with pytest.raises(MissingAppealRightsSlot, match="sendiass_website"):
        build("final_plan", contacts=SimpleNamespace(**{**CONTACTS, "sendiass_website": ""}))


def test_slots_are_councilcontacts_fields():
    config = pytest.importorskip("shared.models.config")
    columns = {c.name for c in config.CouncilContacts.__table__.columns}
    assert set(APPEAL_RIGHTS_SLOTS) <= columns
    assert {"complaints_url", "council_name"} <= columns
    row = config.CouncilContacts(**CONTACTS)
    assert build("cease_plan", contacts=row)["appeal_rights"]["cease"]["provision_continues"]


def test_non_appealable_decisions_need_no_appeal_slots():
    contacts = {"council_name": "Northbridge Council"}
    content = build(
        "agree_to_assess", contacts=contacts, reasons=[], extra={"request_received_on": date(2026, 10, 12)}
    )
    assert content["appeal_rights"] is None and content["appeal_deadline"] is None
    visible = text_of(render_notice_html(content))
    assert "Tribunal" not in visible and "SEND35" not in visible
    labels = {d["label"]: d["date"] for d in content["key_dates"]}
    assert labels["We will tell you whether we will issue an EHC plan by"] == "2027-02-01"  # 16 weeks
    assert labels["If we issue a plan, you will have the final plan by"] == "2027-03-01"  # 20 weeks


def test_every_notice_needs_the_council_name():
    with pytest.raises(MissingNoticeSlot, match="council_name"):
        build("agree_to_assess", contacts={"council_name": " "}, reasons=[])


# --- elective home education and section 19: the complaints route ----------------------------


@pytest.mark.parametrize("key", COMPLAINTS_TYPES)
def test_complaints_route_notices(key):
    content = build(key)
    assert content["route"] == "complaints"
    assert content["appeal_rights"] is None and content["appeal_deadline"] is None
    assert content["complaints"]["complaints_url"] == CONTACTS["complaints_url"]
    page = text_of(render_notice_html(content))
    subject, body = render_notice_email(content)
    for rendered in (page, squash(subject + " " + body), json.dumps(content)):
        assert CONTACTS["complaints_url"] in rendered
        assert "complaints procedure" in rendered
        assert "Local Government and Social Care Ombudsman" in rendered
        assert f"Decision sentence for {key}." in rendered
        for word in ("tribunal", "send35", "mediation"):
            assert word not in rendered.lower(), word


@pytest.mark.parametrize("key", COMPLAINTS_TYPES)
def test_complaints_route_needs_no_appeal_slots_but_a_way_to_complain(key):
    minimal = {"council_name": "Northbridge Council", "send_team_phone": "01632 960000"}
    assert build(key, contacts=minimal)["complaints"]["send_team_phone"] == "01632 960000"
    with pytest.raises(MissingComplaintsRoute) as excinfo:
        build(key, contacts={"council_name": "Northbridge Council", "complaints_url": "  "})
    assert set(excinfo.value.fields) == {"complaints_url", "send_team_email", "send_team_phone"}


# --- the officer's part ----------------------------------------------------------------------


@pytest.mark.parametrize("key", APPEALABLE)
@pytest.mark.parametrize("decision", ["", "   "])
def test_an_empty_decision_is_refused(key, decision):
    with pytest.raises(NoticeContentError, match="decision"):
        build(key, decision=decision)


@pytest.mark.parametrize("key", APPEALABLE + COMPLAINTS_TYPES)
@pytest.mark.parametrize("reasons", [[], ["", "  "]])
def test_empty_reasons_are_refused(key, reasons):
    with pytest.raises(NoticeContentError, match="reasons"):
        build(key, reasons=reasons)


def test_reasons_must_be_a_list_not_a_string():
    with pytest.raises(NoticeContentError):
        build("refuse_to_assess", reasons="Because.")


@pytest.mark.parametrize("field", ["child_name", "recipient_name", "case_reference"])
def test_names_and_reference_are_required(field):
    with pytest.raises(NoticeContentError, match=field):
        build("refuse_to_assess", **{field: " "})


def test_extra_is_made_json_safe_and_refuses_other_objects():
    content = build("cease_plan", extra={"cease_on": date(2027, 3, 31), "named": ("a", "b")})
    assert content["extra"] == {"cease_on": "2027-03-31", "named": ["a", "b"]}
    assert {"label": "The plan will stop, if you do not appeal, on", "date": "2027-03-31"} in content[
        "key_dates"
    ]
    with pytest.raises(NoticeContentError):
        build("cease_plan", extra={"when": object()})


def test_the_letter_escapes_what_people_typed():
    content = build(
        "refuse_to_assess", child_name="Sam <script>alert(1)</script>", reasons=["Fish & chips <b>bold</b>"]
    )
    page = render_notice_html(content)
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt;" in page


def test_content_is_frozen_against_later_contact_changes():
    contacts = dict(CONTACTS)
    content = build("refuse_to_assess", contacts=contacts)
    contacts["sendiass_phone"] = "09999 999999"
    assert "01632 960333" in render_notice_html(content)
    assert "09999 999999" not in render_notice_html(content)


def test_render_refuses_content_with_a_strange_decision_type():
    content = {**build("refuse_to_assess"), "decision_type": "../../etc/passwd"}
    with pytest.raises(ValueError):
        render_notice_html(content)


def test_templates_dir_is_the_repository_templates_folder():
    assert TEMPLATES_DIR == Path(__file__).resolve().parents[2] / "templates"

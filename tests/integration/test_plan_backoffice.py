"""The back-office side of the EHC plan (journey 4): writing sections A to K, sending the draft,
consulting a school and issuing the final plan, with versions, conflicts and the PDF."""

from __future__ import annotations

import email
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case, Notice, Role
from shared.models.plans import PlanStage, PlanVersion, SchoolConsultation
from tests.conftest import sign_in
from tests.jobs_helpers import run_jobs

TEXT_SECTIONS = {
    "a": "Lily loves drawing and wants to be an artist.",
    "c": "No health needs have been identified.",
    "d": "No social care needs have been identified.",
    "g": "None",
    "h1": "None",
    "h2": "None",
    "j": "None requested",
    "k": "Advice from the educational psychologist, received 1 October 2026",
}


@pytest.fixture
def plan_setup(make, signed_in):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam.plan@example.com")
    school = make.school(name="Oak Park Primary", urn="123456", email="office@oakpark.example.uk")
    child = make.child(parent, first_name="Lily", last_name="Parent", school=school)
    case = make.case(child)
    case.status = "drafting"
    db.session.commit()
    officer = make.user(Role.EHC_OFFICER, full_name="Olive Officer")
    return signed_in(officer), case, parent, school


def _latest(case) -> PlanVersion | None:
    db.session.expire_all()
    return db.session.scalars(select(PlanVersion).where(PlanVersion.case_id == case.id)
                              .order_by(PlanVersion.number.desc())).first()


def _based_on(case) -> int:
    latest = _latest(case)
    return latest.number if latest else 0


def _post_section(client, case, key, data, based_on=None, add_another=False):
    payload = {"based_on": _based_on(case) if based_on is None else based_on, **data}
    payload["add_another" if add_another else "save"] = "y"
    return client.post(f"/staff/cases/{case.id}/plan/sections/{key}", data=payload)


def _rows(key, rows):
    data = {"rows": len(rows)}
    for number, row in enumerate(rows, start=1):
        for field, value in row.items():
            data[f"{key}-{number}-{field}"] = value
    return data


def _write_whole_plan(client, case, school=None):
    for key, text in TEXT_SECTIONS.items():
        assert _post_section(client, case, key, {"text": text}).status_code == 302
    needs = [{"id": "", "area": "cognition_learning", "text": "Lily reads two years behind her age."},
             {"id": "", "area": "communication_interaction", "text": "Lily finds it hard to follow instructions."}]
    assert _post_section(client, case, "b", _rows("b", needs)).status_code == 302
    need_ids = [n["id"] for n in _latest(case).content["b"]]
    outcomes = [{"id": "", "text": "Lily will read books for her age.", "by_when": "July 2028", "needs": need_ids}]
    assert _post_section(client, case, "e", _rows("e", outcomes)).status_code == 302
    outcome_id = _latest(case).content["e"][0]["id"]
    provision = [{"id": "", "what": "One-to-one phonics teaching using a structured programme",
                  "who": "A teaching assistant trained by the educational psychologist",
                  "how_often": "3 sessions a week", "how_long": "30 minutes each, until the annual review",
                  "needs": need_ids, "outcomes": outcome_id}]
    assert _post_section(client, case, "f", _rows("f", provision)).status_code == 302
    if school is not None:
        placement = {"school": str(school.id), "other_name": "", "setting_type": "Mainstream primary school"}
        assert _post_section(client, case, "i", placement).status_code == 302
    return _latest(case)


def _sent(settings):
    folder = Path(settings.mail_sink_dir)
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def _action(client, case, path, **data):
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    return client.post(f"/staff/cases/{case.id}/plan/{path}",
                       data={"version": case.version, "based_on": _based_on(case), **data})


def test_officer_writes_each_kind_of_section(plan_setup):
    client, case, _, school = plan_setup
    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert overview.status_code == 200
    assert "Write the EHC plan" in overview.text and "Optional in a draft" in overview.text
    assert "Before the draft plan can be sent" in overview.text
    for key in ("a", "b", "e", "f", "i", "k"):
        page = client.get(f"/staff/cases/{case.id}/plan/sections/{key}")
        assert page.status_code == 200
        assert 'name="based_on" value="0"' in page.text

    version = _write_whole_plan(client, case, school)
    content = version.content
    assert content["a"] == TEXT_SECTIONS["a"]
    assert [n["area"] for n in content["b"]] == ["cognition_learning", "communication_interaction"]
    need_ids = [n["id"] for n in content["b"]]
    assert content["e"][0]["needs"] == need_ids and content["e"][0]["by_when"] == "July 2028"
    assert content["f"][0]["how_often"] == "3 sessions a week" and content["f"][0]["needs"] == need_ids
    assert content["f"][0]["outcomes"] == [content["e"][0]["id"]]
    assert content["i"] == {"school_id": str(school.id), "school_name": "Oak Park Primary",
                            "setting_type": "Mainstream primary school"}
    assert version.number == len(TEXT_SECTIONS) + 4
    assert _latest(case).changed == "I"

    # The editor shows every saved row, plus one empty row, each with its stable id.
    page = client.get(f"/staff/cases/{case.id}/plan/sections/b")
    assert f'value="{need_ids[0]}"' in page.text and 'id="b-3-text"' in page.text
    assert 'id="b-4-text"' not in page.text
    page = client.get(f"/staff/cases/{case.id}/plan/sections/e")
    assert "Need 1: Lily reads two years behind her age." in page.text and 'id="e-1-needs"' in page.text

    # "Save and add another" saves and shows the section again with a new empty row.
    rows = [{"id": n["id"], "area": n["area"], "text": n["text"]} for n in content["b"]]
    rows.append({"id": "", "area": "semh", "text": "Lily becomes anxious at transitions."})
    response = _post_section(client, case, "b", _rows("b", rows), add_another=True)
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan/sections/b#b-4")
    page = client.get(response.headers["Location"])
    assert "Lily becomes anxious at transitions." in page.text and 'id="b-4-text"' in page.text
    assert [n["id"] for n in _latest(case).content["b"]][:2] == need_ids

    # A row emptied is taken out; the others keep their ids.
    rows = [{"id": n["id"], "area": n["area"], "text": n["text"]} for n in _latest(case).content["b"]]
    rows[1] = {"id": rows[1]["id"], "area": "", "text": ""}
    assert _post_section(client, case, "b", _rows("b", rows)).status_code == 302
    assert [n["id"] for n in _latest(case).content["b"]] == [need_ids[0], rows[2]["id"]]

    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert "Need 2 in section B has no outcome in section E" in overview.text
    assert f"/staff/cases/{case.id}/plan/sections/e#e" in overview.text

    # Section I can also take a name typed in, or only the type of setting.
    placement = {"school": "", "other_name": "Riverside Independent School", "setting_type": ""}
    assert _post_section(client, case, "i", placement).status_code == 302
    assert _latest(case).content["i"] == {"school_id": None, "school_name": "Riverside Independent School",
                                          "setting_type": ""}
    response = _post_section(client, case, "i", {"school": str(school.id), "other_name": "Somewhere else"})
    assert response.status_code == 200 and "not both" in response.text


def test_a_search_narrows_the_placement_list(plan_setup, make):
    client, case, _, school = plan_setup
    make.school(name="Elm Street Academy", urn="654321")
    page = client.get(f"/staff/cases/{case.id}/plan/sections/i?q=123456")
    assert "Oak Park Primary (URN 123456)" in page.text and "Elm Street Academy" not in page.text
    page = client.get(f"/staff/cases/{case.id}/plan/sections/i?q=elm")
    assert "Elm Street Academy" in page.text and "Oak Park Primary" not in page.text


def test_vague_provision_is_refused_with_the_error_summary_and_answers_kept(plan_setup):
    client, case, _, _ = plan_setup
    assert _post_section(client, case, "a", {"text": "Views"}).status_code == 302
    vague = [{"id": "", "what": "Access to speech and language therapy", "who": "A therapist",
              "how_often": "Regular sessions", "how_long": "As needed"}]
    response = _post_section(client, case, "f", _rows("f", vague))
    assert response.status_code == 200
    assert "There is a problem" in response.text and "<title>Error:" in response.text
    assert 'href="#f-1-what"' in response.text and 'href="#f-1-how_often"' in response.text
    assert "&#39;Access to&#39; is not specific" in response.text
    assert "Access to speech and language therapy</textarea>" in response.text
    assert 'value="Regular sessions"' in response.text and 'value="A therapist"' in response.text
    assert _latest(case).number == 1 and _latest(case).content["f"] == []

    uncounted = [{"id": "", "what": "Speech therapy in a small group", "who": "A therapist",
                  "how_often": "Often", "how_long": "For a while"}]
    response = _post_section(client, case, "f", _rows("f", uncounted))
    assert response.status_code == 200 and "how often must be counted" in response.text
    assert _latest(case).number == 1


def test_a_need_without_an_area_is_refused_on_its_row(plan_setup):
    client, case, _, _ = plan_setup
    rows = [{"id": "", "area": "", "text": ""}, {"id": "", "area": "", "text": "Reading"}]
    response = _post_section(client, case, "b", _rows("b", rows))
    # The empty first row is dropped, so the problem is on row 1, as the service numbers it.
    assert response.status_code == 200 and 'href="#b-1-area"' in response.text
    assert "Need 1: choose the area of need" in response.text
    assert _latest(case) is None


def test_a_stale_save_gets_the_conflict_page_and_saves_nothing(plan_setup):
    client, case, _, _ = plan_setup
    assert _post_section(client, case, "a", {"text": "First words"}, based_on=0).status_code == 302
    response = _post_section(client, case, "a", {"text": "Second words"}, based_on=0)
    assert response.status_code == 409
    assert "Someone else changed this case" in response.text
    assert _latest(case).number == 1 and _latest(case).content["a"] == "First words"


def test_an_unknown_section_is_not_found(plan_setup):
    client, case, _, _ = plan_setup
    assert client.get(f"/staff/cases/{case.id}/plan/sections/z").status_code == 404
    assert client.get(f"/staff/cases/{case.id}/plan/versions/1").status_code == 404


def test_the_plan_pages_are_only_for_cases_at_the_plan_stage(make, signed_in):
    case = make.case(make.child(make.user(Role.PARENT)))
    client = signed_in(make.user(Role.EHC_OFFICER))
    assert client.get(f"/staff/cases/{case.id}/plan").status_code == 404
    assert "Write the EHC plan" not in client.get(f"/staff/cases/{case.id}").text


def test_sending_a_plan_with_problems_lists_them(plan_setup):
    client, case, _, _ = plan_setup
    assert _post_section(client, case, "a", {"text": "Views"}).status_code == 302
    response = _action(client, case, "draft")
    assert response.status_code == 200 and "There is a problem" in response.text
    assert f'href="/staff/cases/{case.id}/plan/sections/c#c"' in response.text
    assert db.session.get(Case, case.id).status == "drafting"


def test_sending_the_draft_to_the_family(app, plan_setup, settings):
    client, case, parent, _ = plan_setup
    assert "Write the EHC plan" in client.get(f"/staff/cases/{case.id}").text
    version = _write_whole_plan(client, case)
    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert "Send the draft plan to the family" in overview.text and "Completed" in overview.text
    before = len(_sent(settings))
    response = _action(client, case, "draft")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "draft_issued"
    draft = db.session.get(PlanVersion, version.id)
    assert draft.stage == PlanStage.DRAFT and draft.issued_on == today_in_england()
    notice = db.session.scalars(select(Notice).where(Notice.case_id == case.id)).one()
    assert notice.decision_type == "issue_draft_plan" and notice.recipient_email == parent.email

    run_jobs(app)
    messages = [m for m in _sent(settings)[before:] if m["To"] == parent.email]
    assert len(messages) == 1
    pdfs = [p for p in messages[0].walk() if p.get_content_type() == "application/pdf"]
    names = [p.get_filename() for p in pdfs]
    assert f"ehc-plan-{case.reference}-draft-v{version.number}.pdf" in names
    assert all(p.get_payload(decode=True).startswith(b"%PDF") for p in pdfs)

    overview = client.get(f"/staff/cases/{case.id}/plan")
    last_day = today_in_england() + timedelta(days=14)
    assert f"Their last day is {last_day.day} {last_day:%B %Y}" in overview.text
    assert "Sent as the draft plan" in overview.text
    # The draft is the latest version: there is nothing new to send.
    assert 'id="send-draft-submit"' not in overview.text

    # A revised draft starts a new window.
    assert _post_section(client, case, "a", {"text": "Lily wants to be an artist or a vet."}).status_code == 302
    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert "starts a new 15-day window" in overview.text
    assert _action(client, case, "draft").status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "draft_issued"
    assert _latest(case).stage == PlanStage.DRAFT


def test_a_stale_send_gets_the_conflict_page(plan_setup):
    client, case, _, _ = plan_setup
    _write_whole_plan(client, case)
    db.session.expire_all()
    stale = db.session.get(Case, case.id).version
    response = client.post(f"/staff/cases/{case.id}/plan/draft",
                           data={"version": stale, "based_on": _based_on(case) - 1})
    assert response.status_code == 409
    assert db.session.get(Case, case.id).status == "drafting"


def test_consulting_a_school(plan_setup, make):
    client, case, _, school = plan_setup
    make.school(name="Elm Street Academy", urn="654321")
    _write_whole_plan(client, case, school)
    assert _action(client, case, "draft").status_code == 302
    overview = client.get(f"/staff/cases/{case.id}/plan?school_q=654321")
    assert "Elm Street Academy (URN 654321)" in overview.text
    # The school named in section I stays in the list whatever the search.
    assert "Oak Park Primary (URN 123456): named in section I" in overview.text

    response = _action(client, case, "consultations", school="")
    assert response.status_code == 200 and "Choose the school or college to consult" in response.text
    response = _action(client, case, "consultations", school=str(school.id))
    assert response.status_code == 302
    consultation = db.session.scalars(select(SchoolConsultation)).one()
    assert consultation.school_id == school.id
    assert consultation.reply_due == today_in_england() + timedelta(days=15)
    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert "Answer from Oak Park Primary" in overview.text and "Waiting for an answer" in overview.text
    # Consulting the same school again before it answers is refused on the form.
    response = _action(client, case, "consultations", school=str(school.id))
    assert response.status_code == 200 and "already been consulted" in response.text


def test_the_final_plan_waits_for_the_familys_window(plan_setup):
    client, case, _, school = plan_setup
    _write_whole_plan(client, case, school)
    assert _action(client, case, "draft").status_code == 302
    response = _action(client, case, "final", reasons="The plan meets Lily's needs")
    assert response.status_code == 200
    last_day = today_in_england() + timedelta(days=14)
    assert f"The family has until {last_day.day} {last_day:%B %Y}" in response.text
    assert "The plan meets Lily&#39;s needs</textarea>" in response.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "draft_issued"
    assert db.session.scalars(select(Notice).where(Notice.decision_type == "final_plan")).all() == []


def test_issuing_the_final_plan_after_the_window(app, plan_setup, settings):
    client, case, parent, school = plan_setup
    version = _write_whole_plan(client, case, school)
    assert _action(client, case, "draft").status_code == 302
    draft = db.session.get(PlanVersion, version.id)
    draft.issued_on = today_in_england() - timedelta(days=20)  # the family's 15 days are over
    db.session.commit()
    assert "The window closed on" in client.get(f"/staff/cases/{case.id}/plan").text

    response = _action(client, case, "final", reasons="")
    assert response.status_code == 200 and "Give the reasons for the plan" in response.text
    # A school from the list is consulted before it is named (CFA s.39(2)).
    response = _action(client, case, "final", reasons="Oak Park Primary can meet Lily's needs")
    assert response.status_code == 200 and "Consult Oak Park Primary before naming it" in response.text
    assert _action(client, case, "consultations", school=str(school.id)).status_code == 302
    response = _action(client, case, "final", reasons="Oak Park Primary can meet Lily's needs\nThe family asked for it")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "plan_issued"
    assert db.session.get(PlanVersion, version.id).stage == PlanStage.FINAL
    notices = db.session.scalars(select(Notice).where(Notice.case_id == case.id)).all()
    final = {(n.decision_type, n.recipient_email) for n in notices if n.decision_type != "issue_draft_plan"}
    assert ("final_plan", parent.email) in final
    assert ("final_plan_copy", "office@oakpark.example.uk") in final
    assert any(t == "final_plan_copy" and "nhs.uk" in e for t, e in final)

    overview = client.get(f"/staff/cases/{case.id}/plan")
    assert overview.status_code == 200 and "The EHC plan" in overview.text
    assert "Issued as the final plan" in overview.text and 'id="final-submit"' not in overview.text
    assert "The EHC plan" in client.get(f"/staff/cases/{case.id}").text
    # The plan can no longer be changed.
    response = client.get(f"/staff/cases/{case.id}/plan/sections/a")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/cases/{case.id}/plan")
    assert client.get(f"/staff/cases/{case.id}/plan/versions/{version.number}").status_code == 200


def test_a_version_page_and_its_pdf(plan_setup):
    client, case, _, _ = plan_setup
    _write_whole_plan(client, case)
    page = client.get(f"/staff/cases/{case.id}/plan/versions/1")
    assert page.status_code == 200 and "Plan version 1" in page.text and "Olive Officer" in page.text
    assert "First version" in page.text
    latest = _latest(case)
    page = client.get(f"/staff/cases/{case.id}/plan/versions/{latest.number}")
    assert "Section F: Special educational provision" in page.text and "3 sessions a week" in page.text
    response = client.get(f"/staff/cases/{case.id}/plan/versions/{latest.number}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"ehc-plan-{case.reference}-working-copy-v{latest.number}.pdf" in response.headers["Content-Disposition"]
    assert client.get(f"/staff/cases/{case.id}/plan/versions/999/pdf").status_code == 404


def test_only_ehc_staff_reach_the_plan_pages(app, plan_setup, make):
    _, case, parent, school = plan_setup
    urls = [f"/staff/cases/{case.id}/plan", f"/staff/cases/{case.id}/plan/sections/a",
            f"/staff/cases/{case.id}/plan/versions/1"]
    for user, status in ((parent, 403), (make.user(Role.SCHOOL_STAFF, school=school), 403),
                         (make.user(Role.EHE_PRACTITIONER), 404)):
        client = app.test_client()
        sign_in(client, user)
        for url in urls:
            assert client.get(url).status_code == status, (user.role, url)
        assert client.post(f"/staff/cases/{case.id}/plan/sections/a",
                           data={"based_on": 0, "text": "x"}).status_code == status
        assert client.post(f"/staff/cases/{case.id}/plan/draft",
                           data={"version": 1, "based_on": 0}).status_code == status
    assert _latest(case) is None


def test_saving_without_a_change_keeps_the_version(plan_setup):
    client, case, _, _ = plan_setup
    assert _post_section(client, case, "a", {"text": "Views"}).status_code == 302
    response = _post_section(client, case, "a", {"text": "Views "})
    assert response.status_code == 302
    assert "Nothing changed in section A" in client.get(response.headers["Location"]).text
    assert _latest(case).number == 1


def test_a_nul_in_a_row_of_needs_is_an_error_not_a_500(plan_setup):
    client, case, _, _ = plan_setup
    rows = [{"id": "", "area": "cognition_learning", "text": "Lily reads\x00 two years behind her age."}]
    response = _post_section(client, case, "b", _rows("b", rows))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "hidden control characters" in response.text
    assert "Lily reads two years behind her age." in response.text  # the answer kept, cleaned
    assert _latest(case) is None

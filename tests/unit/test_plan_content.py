"""The content rules of an EHC plan: sections A-K (SEND Regulations 2014 reg 12), needs linked
to outcomes and provision, and section F specific and quantified (CoP 9.69)."""

from __future__ import annotations

import pytest

from shared.domain import plan_content as pc


def complete_plan() -> dict:
    content = pc.empty_content()
    for section in pc.SECTIONS:
        if section.kind == "text":
            content[section.key] = f"Text for {section.letter}"
    content["b"] = [{"id": "b1", "area": "communication_interaction", "text": "Finds spoken instructions hard"},
                    {"id": "b2", "area": "semh", "text": "Anxious at transitions"}]
    content["e"] = [{"id": "e1", "text": "Follows two-step instructions", "by_when": "July 2027", "needs": ["b1"]},
                    {"id": "e2", "text": "Moves between lessons calmly", "by_when": "July 2027", "needs": ["b2"]}]
    content["f"] = [
        {"id": "f1", "what": "Speech and language therapy programme", "who": "A speech and language therapist",
         "how_often": "3 sessions of 30 minutes a week", "how_long": "Until the annual review", "needs": ["b1"],
         "outcomes": ["e1"]},
        {"id": "f2", "what": "Transition support with a visual timetable", "who": "A teaching assistant",
         "how_often": "Daily, at each change of lesson", "how_long": "For the academic year 2026 to 2027",
         "needs": ["b2"], "outcomes": ["e2"]},
    ]
    return content


def messages(problems) -> list[str]:
    return [p.message for p in problems]


def test_sections_are_those_of_regulation_12_in_order():
    assert [s.letter for s in pc.SECTIONS] == ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]
    assert {s.letter for s in pc.SECTIONS if s.appealable} == {"B", "F", "I"}


def test_a_complete_plan_can_be_sent_as_a_draft_without_section_i():
    assert pc.problems_before_draft(complete_plan()) == []


def test_the_final_plan_must_name_a_school_or_type():
    content = complete_plan()
    assert messages(pc.problems_before_final(content)) == [
        "Name the school or other institution, or the type of institution, in section I"]
    content["i"] = {"school_id": None, "school_name": "", "setting_type": "Maintained special school"}
    assert pc.problems_before_final(content) == []


def test_an_empty_plan_lists_every_missing_section():
    problems = pc.problems_before_draft(pc.empty_content())
    sections = {p.section for p in problems}
    assert sections == {"a", "b", "c", "d", "e", "f", "g", "h1", "h2", "j", "k"}


@pytest.mark.parametrize("phrase", ["access to", "Regular", "as appropriate", "opportunities", "up to"])
def test_vague_provision_is_refused(phrase):
    item = {"what": f"{phrase} speech therapy", "who": "A therapist", "how_often": "Weekly", "how_long": "A year"}
    problems = pc.provision_problems(item, 1)
    assert len(problems) == 1
    assert problems[0].field == "f-1-what"
    assert f"'{phrase}' is not specific" in problems[0].message


def test_vague_words_inside_other_words_are_not_flagged():
    assert pc.vague_phrase("Irregular verbs practice") is None
    assert pc.vague_phrase("A programme of accessible reading") is None


def test_provision_must_say_who_how_often_and_how_long():
    problems = pc.provision_problems({"what": "Social skills group", "who": "", "how_often": "",
                                      "how_long": ""}, 3)
    assert [p.field for p in problems] == ["f-3-who", "f-3-how_often", "f-3-how_long"]


def test_frequency_and_duration_must_be_counted():
    item = {"what": "Reading intervention", "who": "A trained teaching assistant", "how_often": "often",
            "how_long": "a while"}
    problems = pc.provision_problems(item, 2)
    assert [p.field for p in problems] == ["f-2-how_often", "f-2-how_long"]
    item.update(how_often="Twice a week for 20 minutes", how_long="12 weeks, then reviewed")
    assert pc.provision_problems(item, 2) == []


def test_every_need_needs_an_outcome_and_provision():
    content = complete_plan()
    content["f"][1]["needs"] = ["b1"]
    assert messages(pc.problems_before_draft(content)) == ["Need 2 in section B has no provision in section F"]
    content = complete_plan()
    content["e"][0]["needs"] = []
    assert messages(pc.problems_before_draft(content)) == [
        "Need 1 in section B has no outcome in section E", "Outcome 1: choose the needs it meets"]


def test_links_to_removed_needs_do_not_count():
    content = complete_plan()
    content["b"] = content["b"][:1]  # need 2 removed: its outcome and provision still point at it
    labels = pc.link_labels(content)
    assert pc.links_text(["b1", "b2", "e1"], labels) == "Need 1, Outcome 1"


def test_changed_sections_names_letters_in_plan_order():
    before = complete_plan()
    after = complete_plan()
    after["f"][0]["how_long"] = "Two terms"
    after["a"] = "New views"
    assert pc.changed_sections(before, after) == ["A", "F"]


def test_section_complete_for_the_task_list():
    content = complete_plan()
    assert pc.section_complete(content, "b")
    assert not pc.section_complete(content, "i")
    content["f"][0]["how_often"] = "regularly"
    assert not pc.section_complete(content, "f")

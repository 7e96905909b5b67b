"""What an EHC plan contains, and the rules its content must meet before it is issued.

The sections are those of SEND Regulations 2014 reg 12(1), each separately identified (A to K,
with H split into H1 and H2). Section B (needs) is linked to section E (outcomes) and section F
(provision): every need must be met by at least one outcome and one piece of provision, so
nothing in B is left without provision in F. Provision in section F "must be detailed and
specific and should normally be quantified" (SEND Code of Practice 2015 para 9.69; reg 12(1)(f)):
what, who delivers it, how often and for how long. Wording such as "access to" or "regular"
leaves the child without an enforceable entitlement, so it is refused here.

A plan's content is a plain dict (stored as JSON on each `PlanVersion`), so these functions are
pure and a version, once saved, never changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str  # "a" ... "k", "h1", "h2"
    letter: str  # "A" ... "K", "H1", "H2"
    title: str
    hint: str
    kind: str  # "text", "needs", "outcomes", "provision", "placement"
    appealable: bool = False  # CFA s.51(2)(c): B, F and I


SECTIONS: tuple[Section, ...] = (
    Section("a", "A", "The views, interests and aspirations of the child and their parents, or of the young person",
            "In their own words where possible: what matters to them, what they enjoy, what they hope for.", "text"),
    Section("b", "B", "Special educational needs",
            "Each need on its own, under its broad area of need.", "needs", appealable=True),
    Section("c", "C", "Health needs related to their special educational needs",
            "Write 'No health needs have been identified' if that is what the assessment found.", "text"),
    Section("d", "D", "Social care needs related to their special educational needs or disability",
            "Write 'No social care needs have been identified' if that is what the assessment found.", "text"),
    Section("e", "E", "Outcomes", "What the child will achieve, and by when. Link each outcome to the needs it meets.",
            "outcomes"),
    Section("f", "F", "Special educational provision",
            "Each piece of provision: what it is, who delivers it, how often and for how long. "
            "Link it to the needs and outcomes it serves.", "provision", appealable=True),
    Section("g", "G", "Health provision reasonably required by their learning difficulties or disabilities",
            "Write 'None' if there is no health provision.", "text"),
    Section("h1", "H1", "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
            "Write 'None' if there is no such provision.", "text"),
    Section("h2", "H2", "Other social care provision reasonably required by their learning difficulties or disabilities",
            "Write 'None' if there is no such provision.", "text"),
    Section("i", "I", "Placement",
            "The name and type of the school or other institution, or the type only. Left empty in a draft plan: "
            "the family may ask for a school to be named.", "placement", appealable=True),
    Section("j", "J", "Personal budget",
            "Any personal budget, the provision it covers and how direct payments will be made, or 'None requested'.",
            "text"),
    Section("k", "K", "Advice and information",
            "The advice and information gathered during the assessment (SEND Regulations 2014 reg 6).", "text"),
)
SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}

# The four broad areas of need (SEND Code of Practice 2015 paras 6.28-6.35).
AREAS_OF_NEED = (
    ("communication_interaction", "Communication and interaction"),
    ("cognition_learning", "Cognition and learning"),
    ("semh", "Social, emotional and mental health"),
    ("sensory_physical", "Sensory and/or physical"),
)
AREA_LABELS = dict(AREAS_OF_NEED)

# Wording that leaves provision unquantified or optional (CoP 9.69; the statutory-rules note that
# "access to" or "regular" is not lawful). Matched as whole words, case-insensitively.
VAGUE_PHRASES = ("access to", "regular", "regularly", "as appropriate", "as required", "as needed",
                 "where possible", "if needed", "when needed", "opportunities", "opportunity to", "up to",
                 "should have", "may benefit", "could benefit")
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(p) for p in VAGUE_PHRASES) + r")\b", re.IGNORECASE)
# How often and for how long must be counted: a number, or a counting word.
_COUNTED = re.compile(r"\d|\b(daily|weekly|fortnightly|monthly|termly|annually|once|twice|every|each|one|two|"
                      r"three|four|five|six|seven|eight|nine|ten|twelve|half|full[- ]time|whole)\b"
                      r"|\ban? (academic |school )?(year|term|week|month|day|hour)\b"
                      r"|\buntil the (next )?(annual )?review\b", re.IGNORECASE)

PROVISION_FIELDS = (("what", "What the provision is"), ("who", "Who delivers it"),
                    ("how_often", "How often"), ("how_long", "For how long"))


def empty_content() -> dict[str, Any]:
    """A plan with nothing written yet."""
    content: dict[str, Any] = {s.key: "" for s in SECTIONS if s.kind == "text"}
    content.update({"b": [], "e": [], "f": [], "i": {"school_id": None, "school_name": "", "setting_type": ""}})
    return content


def vague_phrase(text: str) -> str | None:
    """The first vague phrase in `text`, or None."""
    match = _VAGUE.search(text or "")
    return match.group(0) if match else None


def is_counted(text: str) -> bool:
    return bool(_COUNTED.search(text or ""))


@dataclass(frozen=True)
class Problem:
    """Something to fix: `section` is the section key, `field` an anchor within the page."""

    section: str
    field: str
    message: str


def provision_problems(item: Mapping[str, Any], number: int) -> list[Problem]:
    """Why one piece of section F provision is not specific and quantified (CoP 9.69)."""
    problems = []
    for field, label in PROVISION_FIELDS:
        value = (item.get(field) or "").strip()
        if not value:
            problems.append(Problem("f", f"f-{number}-{field}", f"Provision {number}: enter {label.lower()}"))
            continue
        phrase = vague_phrase(value)
        if phrase:
            problems.append(Problem("f", f"f-{number}-{field}",
                                    f"Provision {number}: '{phrase}' is not specific. Say exactly what will be "
                                    "provided, by whom, how often and for how long"))
        elif field in ("how_often", "how_long") and not is_counted(value):
            example = "'3 sessions of 30 minutes a week'" if field == "how_often" else \
                "'for 2 terms' or 'until the annual review'"
            problems.append(Problem("f", f"f-{number}-{field}",
                                    f"Provision {number}: {label.lower()} must be counted, for example {example}"))
    return problems


def _ids(items: list[Mapping[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


def link_problems(content: Mapping[str, Any]) -> list[Problem]:
    """Needs in B without an outcome in E or provision in F, and links to things that are gone."""
    needs, outcomes, provision = content.get("b", []), content.get("e", []), content.get("f", [])
    problems = []
    for number, need in enumerate(needs, start=1):
        if not any(need["id"] in o.get("needs", []) for o in outcomes):
            problems.append(Problem("e", "e", f"Need {number} in section B has no outcome in section E"))
        if not any(need["id"] in p.get("needs", []) for p in provision):
            problems.append(Problem("f", "f", f"Need {number} in section B has no provision in section F"))
    for number, outcome in enumerate(outcomes, start=1):
        if not outcome.get("needs"):
            problems.append(Problem("e", f"e-{number}-needs", f"Outcome {number}: choose the needs it meets"))
    for number, item in enumerate(provision, start=1):
        if not item.get("needs"):
            problems.append(Problem("f", f"f-{number}-needs", f"Provision {number}: choose the needs it meets"))
    return problems


def problems_before_draft(content: Mapping[str, Any]) -> list[Problem]:
    """What stops a draft plan being sent: every section written (I may be left for the family's
    preference, reg 13(1)), each need linked, and F specific and quantified."""
    problems = []
    for section in SECTIONS:
        if section.kind == "text" and not (content.get(section.key) or "").strip():
            problems.append(Problem(section.key, section.key, f"Write section {section.letter}"))
    if not content.get("b"):
        problems.append(Problem("b", "b", "Add at least one need to section B"))
    if not content.get("e"):
        problems.append(Problem("e", "e", "Add at least one outcome to section E"))
    if not content.get("f"):
        problems.append(Problem("f", "f", "Add at least one piece of provision to section F"))
    for number, item in enumerate(content.get("f", []), start=1):
        problems.extend(provision_problems(item, number))
    problems.extend(link_problems(content))
    return problems


def problems_before_final(content: Mapping[str, Any]) -> list[Problem]:
    """A final plan also names the school or other institution, or the type (reg 12(1)(i);
    CFA s.39-40)."""
    problems = problems_before_draft(content)
    placement = content.get("i") or {}
    if not (placement.get("school_name") or "").strip() and not (placement.get("setting_type") or "").strip():
        problems.append(Problem("i", "i", "Name the school or other institution, or the type of institution, "
                                          "in section I"))
    return problems


def section_complete(content: Mapping[str, Any], key: str) -> bool:
    """Whether a section has what a draft needs (for the task list)."""
    return not any(p.section == key for p in problems_before_draft(content)) and (
        key != "i" or bool((content.get("i") or {}).get("school_name") or (content.get("i") or {}).get("setting_type")))


def changed_sections(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The letters of the sections that differ between two versions, in plan order."""
    return [s.letter for s in SECTIONS if before.get(s.key) != after.get(s.key)]


def link_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """'Need 1', 'Outcome 2' ... by id, so a plan can say which needs each outcome and each piece
    of provision serves."""
    labels = {need["id"]: f"Need {n}" for n, need in enumerate(content.get("b", []), start=1)}
    labels.update({o["id"]: f"Outcome {n}" for n, o in enumerate(content.get("e", []), start=1)})
    return labels


def links_text(ids: list[str], labels: Mapping[str, str]) -> str:
    """'Need 1, Need 3': links to rows that have since been removed are left out."""
    return ", ".join(labels[i] for i in ids if i in labels)

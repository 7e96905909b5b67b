"""The decisions that get a notice, and what the law says each notice must offer the family.

Every appealable decision carries the appeal-rights content of statutory-rules.md section 4;
decisions outside the SEND Tribunal's jurisdiction (elective home education, section 19) point
to the council's complaints procedure instead. Abbreviations as in statutory-rules.md: CFA =
Children and Families Act 2014; Regs = SEND Regulations 2014 (SI 2014/1530); EA 1996 =
Education Act 1996.

Wording with `{child}` is filled with the child's or young person's name when a notice is built.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "DECISION_TYPES",
    "DecisionType",
    "Route",
    "UnknownDecisionType",
    "appealable_types",
    "get_decision_type",
]

# Sections B, F and I are the appealable contents of a plan (CFA s.51(2)(c)); the Tribunal may
# add non-binding recommendations on C, D, G and H only alongside an education ground
# (statutory-rules.md section 2).
_PLAN_CONTENTS = (
    "the description of {child}'s special educational needs (section B), the special "
    "educational provision (section F), and the school or other institution, or type of school "
    "or institution, named in section I, or that no school or institution is named. If your "
    "appeal includes one of these, you can also ask the Tribunal to make recommendations about "
    "the health and social care sections (C, D, G, H1 and H2); those recommendations are not "
    "binding"
)


class Route(enum.StrEnum):
    """How the family can challenge a decision."""

    TRIBUNAL = "tribunal"  # appeal to the First-tier Tribunal (SEND), CFA s.51
    COMPLAINTS = "complaints"  # the council's complaints procedure, then the Ombudsman
    NONE = "none"  # nothing to challenge (e.g. the council agreed to what was asked)


@dataclass(frozen=True)
class DecisionType:
    """One kind of decision notice.

    `appealable` means appealable to the First-tier Tribunal (SEND) under CFA s.51, which
    requires the appeal-rights content. `mediation_certificate_needed` records CFA s.55: an
    appeal needs a mediation certificate first, except (`section_i_exception`) an appeal only
    about the school or institution named, or not named, in section I. `is_cease` adds the
    statement that provision continues while an appeal is pending (CFA s.45; Regs 31).
    `complaints_route` types are outside the Tribunal's jurisdiction and point to the council's
    complaints procedure instead.
    """

    key: str
    title: str
    legal_basis: str
    summary: str
    appealable: bool
    what_can_be_appealed: str = ""
    mediation_certificate_needed: bool = False
    section_i_exception: bool = False
    is_cease: bool = False
    complaints_route: bool = False

    def __post_init__(self) -> None:
        if self.appealable and not self.what_can_be_appealed:
            raise ValueError(f"{self.key}: an appealable decision must say what can be appealed")
        if self.appealable and self.complaints_route:
            raise ValueError(f"{self.key}: a decision goes to the Tribunal or to complaints, not both")
        if self.section_i_exception and not self.mediation_certificate_needed:
            raise ValueError(f"{self.key}: the section I exception only qualifies a certificate rule")
        if self.is_cease and not self.appealable:
            raise ValueError(f"{self.key}: a cease decision is appealable (CFA s.51(2)(f))")

    @property
    def route(self) -> Route:
        if self.appealable:
            return Route.TRIBUNAL
        if self.complaints_route:
            return Route.COMPLAINTS
        return Route.NONE

    @property
    def reasons_required(self) -> bool:
        """A decision the family can challenge must say why it was made."""
        return self.route is not Route.NONE

    @property
    def template(self) -> str:
        """The Jinja template of this notice, relative to the templates folder."""
        return f"shared/notices/{self.key}.html"


_TYPES = (
    DecisionType(
        key="refuse_to_assess",
        title="Decision not to carry out an education, health and care (EHC) needs assessment",
        legal_basis="Children and Families Act 2014 s.36 and s.51(2)(a); SEND Regulations 2014 reg 5(3)",
        summary="We have decided not to carry out an EHC needs assessment for {child}",
        appealable=True,
        what_can_be_appealed="our decision not to carry out an EHC needs assessment for {child}",
        mediation_certificate_needed=True,
    ),
    DecisionType(
        key="agree_to_assess",
        title="Decision to carry out an education, health and care (EHC) needs assessment",
        legal_basis="Children and Families Act 2014 s.36(8); SEND Regulations 2014 reg 5(1)",
        summary="We have decided to carry out an EHC needs assessment for {child}",
        appealable=False,
    ),
    DecisionType(
        key="decide_to_issue_plan",
        title="Decision to issue an education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.37(1); SEND Regulations 2014 regs 11-13",
        summary="We have decided to issue an EHC plan for {child}",
        appealable=False,
    ),
    DecisionType(
        key="decide_not_to_issue_plan",
        title="Decision not to issue an education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.37 and s.51(2)(b); SEND Regulations 2014 reg 10",
        summary="We have decided not to issue an EHC plan for {child}",
        appealable=True,
        what_can_be_appealed=(
            "our decision, after the EHC needs assessment, not to issue an EHC plan for {child}"
        ),
        mediation_certificate_needed=True,
    ),
    DecisionType(
        key="issue_draft_plan",
        title="Draft education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.38; SEND Regulations 2014 reg 13(1)",
        summary="We have sent you the draft EHC plan for {child} to comment on",
        appealable=False,
    ),
    DecisionType(
        key="final_plan_copy",
        title="Copy of a final education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.39-40; SEND Regulations 2014 reg 14(1)",
        summary="The final EHC plan for {child} has been issued: your copy is attached",
        appealable=False,
    ),
    DecisionType(
        key="final_plan",
        title="Final education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.39, s.40 and s.51(2)(c); SEND Regulations 2014 reg 14",
        summary="We have issued the final EHC plan for {child}",
        appealable=True,
        what_can_be_appealed=_PLAN_CONTENTS,
        mediation_certificate_needed=True,
        section_i_exception=True,
    ),
    DecisionType(
        key="final_amended_plan",
        title="Final amended education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.44 and s.51(2)(c); SEND Regulations 2014 reg 22(3)",
        summary="We have issued the final amended EHC plan for {child}",
        appealable=True,
        what_can_be_appealed=_PLAN_CONTENTS,
        mediation_certificate_needed=True,
        section_i_exception=True,
    ),
    DecisionType(
        key="refuse_to_reassess",
        title="Decision not to carry out a re-assessment of education, health and care (EHC) needs",
        legal_basis="Children and Families Act 2014 s.44(2) and s.51(2)(d); SEND Regulations 2014 reg 24 and 25 (check)",
        summary="We have decided not to carry out a re-assessment of the EHC needs of {child}",
        appealable=True,
        what_can_be_appealed="our decision not to re-assess the education, health and care needs of {child}",
        mediation_certificate_needed=True,
    ),
    DecisionType(
        key="amend_after_review_refused",
        title="Decision not to amend the education, health and care (EHC) plan after its review",
        legal_basis=(
            "Children and Families Act 2014 s.44 and s.51(2)(e); "
            "SEND Regulations 2014 reg 20(10), 20(11) and 22(4)"
        ),
        summary="We have decided not to change the EHC plan for {child} after its review",
        appealable=True,
        what_can_be_appealed="our decision not to amend the EHC plan for {child}. The appeal can be about "
        + _PLAN_CONTENTS,
        mediation_certificate_needed=True,
        section_i_exception=True,
    ),
    DecisionType(
        key="cease_plan",
        title="Decision to stop maintaining (cease) the education, health and care (EHC) plan",
        legal_basis="Children and Families Act 2014 s.45 and s.51(2)(f); SEND Regulations 2014 reg 29 to 31",
        summary="We have decided to stop maintaining the EHC plan for {child}",
        appealable=True,
        what_can_be_appealed="our decision to stop maintaining (cease) the EHC plan for {child}",
        mediation_certificate_needed=True,
        is_cease=True,
    ),
    DecisionType(
        key="ehe_decision",
        title="Decision about elective home education",
        legal_basis="Education Act 1996 s.7, s.436A and s.437; DfE Elective home education guidance (2019)",
        summary="We have made a decision about home education for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_s437_notice",
        title="Notice under section 437(1) of the Education Act 1996: suitable education",
        legal_basis="Education Act 1996 s.7, s.437(1)-(3) and s.572",
        summary="We need you to show us that {child} is receiving suitable education",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_sao_intention",
        title="Notice of intention to serve a school attendance order",
        legal_basis="Education Act 1996 s.437(3) and s.438(2)-(6)",
        summary="We intend to serve a school attendance order for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_school_attendance_order",
        title="School attendance order",
        legal_basis="Education Act 1996 s.437(3)-(5), s.438, s.442 and s.443",
        summary="We have made a school attendance order for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_sao_revoked",
        title="School attendance order revoked",
        legal_basis="Education Act 1996 s.437(4) and s.442",
        summary="We have revoked the school attendance order for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_sao_revocation_refused",
        title="Decision not to revoke a school attendance order",
        legal_basis="Education Act 1996 s.442 (referral to the Secretary of State), s.443",
        summary="We have decided not to revoke the school attendance order for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_sao_amended",
        title="School attendance order amended: a different school named",
        legal_basis="Education Act 1996 s.437(4)-(6), s.440 and s.443",
        summary="We have changed the school named in the school attendance order for {child}",
        appealable=False,
        complaints_route=True,
    ),
    DecisionType(
        key="ehe_information_request",
        title="Request for information for the children not in school register",
        legal_basis=(
            "Education Act 1996 s.436B-436D, inserted by the Children's Wellbeing and Schools Act 2026 s.38"
        ),
        summary="Please tell us about {child}'s education for the children not in school register",
        appealable=False,
    ),
    DecisionType(
        key="section_19_decision",
        title="Decision about education arranged under section 19 of the Education Act 1996",
        legal_basis="Education Act 1996 s.19",
        summary="We have made a decision about arranging education for {child} under section 19",
        appealable=False,
        complaints_route=True,
    ),
)

DECISION_TYPES: dict[str, DecisionType] = {t.key: t for t in _TYPES}


class UnknownDecisionType(KeyError):
    """Raised for a decision type key that is not in the registry."""

    def __init__(self, key: str):
        super().__init__(f"Unknown decision type {key!r}; known: {', '.join(sorted(DECISION_TYPES))}")
        self.key = key

    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return self.args[0]


def get_decision_type(key: str | DecisionType) -> DecisionType:
    """The registered decision type with this key (a `DecisionType` is returned unchanged)."""
    if isinstance(key, DecisionType):
        return key
    try:
        return DECISION_TYPES[key]
    except KeyError:
        raise UnknownDecisionType(key) from None


def appealable_types() -> list[DecisionType]:
    """Every decision type that carries the appeal-rights content, in registry order."""
    return [t for t in _TYPES if t.appealable]

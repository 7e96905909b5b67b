"""Each case kind's lifecycle as an explicit transition table.

A step not in the table is refused. The tables are data, so `docs/case-lifecycles.md` can be
checked against them by a test, and a later issue can extend a kind without touching services.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.models.cases import CaseKind


class IllegalTransition(Exception):
    def __init__(self, kind: CaseKind, current: str, action: str):
        super().__init__(f"A {kind.label} case that is '{current}' cannot be moved by '{action}'")
        self.kind, self.current, self.action = kind, current, action


@dataclass(frozen=True)
class Lifecycle:
    initial: str
    transitions: dict[tuple[str, str], str]  # (state, action) -> new state
    labels: dict[str, str]
    closed: frozenset[str]

    def next_state(self, kind: CaseKind, current: str, action: str) -> str:
        try:
            return self.transitions[(current, action)]
        except KeyError:
            raise IllegalTransition(kind, current, action) from None

    def actions_from(self, state: str) -> list[str]:
        return sorted(action for (s, action) in self.transitions if s == state)


# EHC needs assessment: CFA s.36; SEND Regs 2014 regs 5, 10 and 13.
EHC_ASSESSMENT = Lifecycle(
    initial="received",
    transitions={
        ("received", "agree_to_assess"): "assessing",
        ("received", "refuse_to_assess"): "refused",
        ("received", "withdraw"): "withdrawn",
        ("assessing", "decide_not_to_issue_plan"): "not_issuing",
        ("assessing", "decide_to_issue_plan"): "drafting",
        ("assessing", "withdraw"): "withdrawn",
        ("drafting", "issue_draft_plan"): "draft_issued",
        ("draft_issued", "issue_final_plan"): "plan_issued",
        ("draft_issued", "revise_draft"): "drafting",
    },
    labels={
        "received": "Request received",
        "assessing": "Assessment under way",
        "refused": "Decided not to assess",
        "withdrawn": "Withdrawn",
        "not_issuing": "Decided not to issue a plan",
        "drafting": "Writing the draft plan",
        "draft_issued": "Draft plan sent to the family",
        "plan_issued": "Final plan issued",
    },
    closed=frozenset({"refused", "withdrawn", "not_issuing", "plan_issued"}),
)

# EHC plan: CFA ss.44-45; Regs 18-22 and 29-31.
EHC_PLAN = Lifecycle(
    initial="active",
    transitions={
        ("active", "start_annual_review"): "in_review",
        ("in_review", "maintain"): "active",
        ("in_review", "propose_amendments"): "amending",
        ("amending", "issue_amended_plan"): "active",
        ("in_review", "cease"): "ceased",
        ("active", "cease"): "ceased",
    },
    labels={"active": "Plan in place", "in_review": "Annual review under way",
            "amending": "Amendments proposed", "ceased": "Plan ceased"},
    closed=frozenset({"ceased"}),
)

# Elective home education: EA 1996 ss.7, 436A, 437-442.
EHE = Lifecycle(
    initial="notified",
    transitions={
        ("notified", "request_consent"): "council_consent_required",
        ("council_consent_required", "give_consent"): "enquiries",
        ("council_consent_required", "refuse_consent"): "closed",
        ("notified", "start_enquiries"): "enquiries",
        ("enquiries", "judge_suitable"): "suitable",
        ("enquiries", "serve_s437_notice"): "s437_notice",
        ("suitable", "start_enquiries"): "enquiries",
        ("s437_notice", "judge_suitable"): "suitable",
        ("s437_notice", "issue_school_attendance_order"): "school_attendance_order",
        ("s437_notice", "serve_sao_intention"): "sao_intention",  # EA 1996 s.438(2)
        ("sao_intention", "issue_school_attendance_order"): "school_attendance_order",
        ("sao_intention", "judge_suitable"): "suitable",
        ("sao_intention", "record_return_to_school"): "closed",
        ("enquiries", "record_return_to_school"): "closed",
        ("suitable", "record_return_to_school"): "closed",
        ("school_attendance_order", "record_return_to_school"): "closed",
        ("s437_notice", "record_return_to_school"): "closed",
        # The order in force (s.437(4)): the parent's application to revoke it (s.442), the refusal
        # and the amendment of the school named (s.440) keep the status (steps to the same status,
        # so the version still moves on); revoking it goes back to "suitable" (still on the register).
        ("school_attendance_order", "record_sao_revocation_request"): "school_attendance_order",
        ("school_attendance_order", "refuse_sao_revocation"): "school_attendance_order",
        ("school_attendance_order", "amend_school_attendance_order"): "school_attendance_order",
        ("school_attendance_order", "revoke_school_attendance_order"): "suitable",
        # A new notification for a child whose order, made on an earlier (closed) case, is still in
        # force: the new case carries the order, so it can be revoked or amended there (s.437(4)).
        ("notified", "carry_school_attendance_order"): "school_attendance_order",
        # ...or, when the council's consent is needed as well, the order is acted on while the case
        # waits for that decision (consent cannot be given until the order is revoked).
        ("council_consent_required", "record_sao_revocation_request"): "council_consent_required",
        ("council_consent_required", "refuse_sao_revocation"): "council_consent_required",
        ("council_consent_required", "amend_school_attendance_order"): "council_consent_required",
        ("council_consent_required", "revoke_school_attendance_order"): "council_consent_required",
    },
    labels={"notified": "Notified", "council_consent_required": "Council consent required",
            "enquiries": "Enquiries under way", "suitable": "Education judged suitable",
            "s437_notice": "s.437(1) notice served", "school_attendance_order": "School attendance order",
            "sao_intention": "Notice of intention to serve a school attendance order",
            "closed": "Closed"},
    closed=frozenset({"closed"}),
)

# Section 19, EA 1996. A referral is accepted (the council arranges education), directed back to
# the school (the school can and should meet the need: statutory guidance, December 2023), or sent
# down another route (an EHC needs assessment, EOTAS, ...). Reviews are events, not steps.
SECTION_19 = Lifecycle(
    initial="referred",
    transitions={
        ("referred", "accept"): "accepted",
        ("referred", "direct_to_school"): "directed_to_school",
        ("referred", "another_route"): "another_route",
        ("accepted", "commission_package"): "package_in_place",
        ("accepted", "close"): "closed",
        ("package_in_place", "plan_reintegration"): "reintegrating",
        ("package_in_place", "close"): "closed",
        ("reintegrating", "close"): "closed",
        # Changing a package replaces it without a new status; ending one leaves the case open
        # (awaiting a new provider, or a phased return already planned).
        ("package_in_place", "change_package"): "package_in_place",
        ("reintegrating", "change_package"): "reintegrating",
        ("package_in_place", "end_package"): "package_ended",
        ("reintegrating", "end_package"): "reintegrating",
        ("package_ended", "commission_package"): "package_in_place",
        ("package_ended", "plan_reintegration"): "reintegrating",
        ("package_ended", "close"): "closed",
    },
    labels={"referred": "Referral received", "accepted": "Accepted",
            "package_ended": "Package ended: case open",
            "directed_to_school": "Directed back to the school", "another_route": "Another route",
            "package_in_place": "Education package in place", "reintegrating": "Returning to school",
            "closed": "Closed"},
    closed=frozenset({"directed_to_school", "another_route", "closed"}),
)

# EOTAS, CFA s.61.
EOTAS = Lifecycle(
    initial="proposed",
    transitions={("proposed", "approve"): "active", ("proposed", "decline"): "closed",
                 ("active", "end"): "closed"},
    labels={"proposed": "Proposed", "active": "Package in place", "closed": "Closed"},
    closed=frozenset({"closed"}),
)

# Children missing education: EA 1996 s.436A; "Children missing education" statutory guidance
# (2024). Weekly reviews are events, not steps; the case closes with an outcome
# (shared.domain.cme.OUTCOMES).
CME = Lifecycle(
    initial="reported",
    transitions={
        ("reported", "start_enquiries"): "enquiries",
        ("reported", "close"): "closed",
        ("enquiries", "close"): "closed",
    },
    labels={"reported": "Reported", "enquiries": "Enquiries under way", "closed": "Closed"},
    closed=frozenset({"closed"}),
)

LIFECYCLES: dict[CaseKind, Lifecycle] = {
    CaseKind.CME: CME,
    CaseKind.EHC_ASSESSMENT: EHC_ASSESSMENT,
    CaseKind.EHC_PLAN: EHC_PLAN,
    CaseKind.EHE: EHE,
    CaseKind.SECTION_19: SECTION_19,
    CaseKind.EOTAS: EOTAS,
}


def lifecycle_for(kind: CaseKind) -> Lifecycle:
    return LIFECYCLES[kind]


def status_label(kind: CaseKind, status: str) -> str:
    return LIFECYCLES[kind].labels.get(status, status.replace("_", " ").capitalize())

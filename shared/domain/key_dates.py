"""The key dates of a case and what happens next, in plain English, for officers and families.

Built from the statutory clocks (`shared.domain.clocks`): an EHC needs assessment must be
decided within 6 weeks of the request (SEND Regulations 2014 reg 5(1)); a decision not to issue
a plan notified within 16 weeks (reg 10(1)); the final plan issued within 20 weeks (reg 13(2)).
While a draft plan is with the family, the last day of their window to comment on it, ask for a
school to be named and ask for a meeting: at least 15 days beginning with the day it was served
(reg 13(1)).
Dates are the statutory ones: recorded exceptions explain lateness but never move them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from shared.domain import clocks
from shared.domain.clocks import Clock, ClockStatus, RecordedException


@dataclass(frozen=True)
class KeyDate:
    label: str
    status: ClockStatus

    @property
    def text(self) -> str:
        return clocks.plain_english(self.status)

    @property
    def urgent(self) -> bool:
        return self.status.state in ("due_soon", "overdue")


PAST_DECISION = ("assessing", "drafting", "draft_issued", "plan_issued", "not_issuing", "refused")
ASSESSED = ("assessing", "drafting", "draft_issued", "plan_issued", "not_issuing")


def assessment_key_dates(received_on: date, status: str, today: date, *, decided_on: date | None = None,
                         closed_on: date | None = None,
                         exceptions: Iterable[RecordedException] = (), respond_by: date | None = None,
                         responded_on: date | None = None, for_family: bool = True) -> list[KeyDate]:
    """The clocks that matter at this stage of an EHC needs assessment, in date order.

    `respond_by` is the last day of the family's window on the current draft plan (reg 13(1)),
    shown while the case is at draft_issued; `responded_on` the day they first responded to that
    draft (the clock is then done). `for_family` words its label for the family ("Your comments")
    rather than for officers and advisers."""
    exceptions = tuple(exceptions)
    dates = [KeyDate("Decision on whether to assess", clocks.clock_status(
        Clock.DECISION_6_WEEKS, clocks.assessment_decision_due(received_on), today,
        done_on=decided_on if status in PAST_DECISION else None, exceptions=exceptions))]
    if status in ASSESSED:
        not_issuing_done = closed_on if status == "not_issuing" else None
        if status in ("assessing", "not_issuing"):
            dates.append(KeyDate("Latest date to tell you if we will not issue a plan", clocks.clock_status(
                Clock.NOT_TO_ISSUE_16_WEEKS, clocks.decision_not_to_issue_due(received_on), today,
                done_on=not_issuing_done, exceptions=exceptions)))
        if status == "draft_issued" and respond_by is not None:
            label = "Your comments on the draft plan" if for_family else "The family's comments on the draft plan"
            dates.append(KeyDate(label, clocks.clock_status(Clock.DRAFT_RESPONSE_15_DAYS, respond_by, today,
                                                            done_on=responded_on)))
        if status != "not_issuing":
            dates.append(KeyDate("Final EHC plan", clocks.clock_status(
                Clock.FINAL_PLAN_20_WEEKS, clocks.final_plan_due(received_on), today,
                done_on=closed_on if status == "plan_issued" else None, exceptions=exceptions)))
    return dates


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# Who reads the next step: the parent, the young person (the case is about them), someone else
# who may see the case in the portal (the child's school, a SENDIASS adviser), or council staff.
READERS = ("parent", "young_person", "other", "staff")
_WORDS = {
    "parent": {"you": "you", "whose": "your child's", "letter": "Your letter"},
    "young_person": {"you": "you", "whose": "your", "letter": "Your letter"},
    "other": {"you": "the family", "whose": "the child's", "letter": "The family's letter"},
}


def assessment_next_step(received_on: date, status: str, *, respond_by: date | None = None,
                         reader: str = "parent") -> str:
    """What happens next, naming the date the council must keep to and, while the draft plan is
    with the family, the last day of their window to respond (reg 13(1)). Worded for its reader
    (`READERS`): the family is "you", anyone else in the portal reads about "the family", and
    an officer reads what the council must do."""
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}")
    if reader == "staff":
        return _staff_next_step(received_on, status, respond_by)
    w = _WORDS[reader]
    you, whose, letter = w["you"], w["whose"], w["letter"]
    decide_by = _long(clocks.assessment_decision_due(received_on))
    final_by = _long(clocks.final_plan_due(received_on))
    if reader == "other":
        draft = (f"We have sent the family the draft EHC plan. They can send us their comments, tell us which "
                 f"school or college they would like named and ask for a meeting, by {_long(respond_by)}. The "
                 f"final plan is due by {final_by}." if respond_by else
                 f"We have sent the family the draft EHC plan. They have at least 15 days to comment and to tell "
                 f"us which school they would like. The final plan is due by {final_by}.")
    else:
        draft = (f"We have sent you the draft EHC plan. Send us your comments, tell us which school or "
                 f"college you would like named and whether you would like a meeting by "
                 f"{_long(respond_by)}. The final plan is due by {final_by}." if respond_by else
                 f"We have sent you the draft EHC plan. You have at least 15 days to comment and to "
                 f"tell us which school you would like. The final plan is due by {final_by}.")
    steps = {
        "received": f"We are deciding whether to carry out an EHC needs assessment. We must tell {you} "
                    f"our decision by {decide_by}.",
        "assessing": f"We are asking for advice about {whose} needs from {'their' if reader != 'young_person' else 'your'} "
                     f"school, an educational psychologist, health and social care. If we decide not to issue a "
                     f"plan, we must tell {you} by {_long(clocks.decision_not_to_issue_due(received_on))}. If we "
                     f"issue one, the final plan is due by {final_by}.",
        "drafting": f"We are writing the draft EHC plan. We will send it to {you} to comment on. The final "
                    f"plan is due by {final_by}.",
        "draft_issued": draft,
        "plan_issued": "The final EHC plan has been issued. It will be reviewed at least once a year.",
        "refused": f"We decided not to carry out an assessment. {letter} explains why, how to appeal and "
                   "by when.",
        "not_issuing": f"We decided not to issue an EHC plan. {letter} explains why, how to appeal and by when.",
        "withdrawn": "This request was withdrawn.",
    }
    return steps.get(status, "")


def _staff_next_step(received_on: date, status: str, respond_by: date | None) -> str:
    """The next step for the officer: what the council must do, and by when."""
    final_by = _long(clocks.final_plan_due(received_on))
    steps = {
        "received": "Decide whether to carry out an EHC needs assessment and tell the family by "
                    f"{_long(clocks.assessment_decision_due(received_on))}.",
        "assessing": "Gather advice about the child's needs (school, educational psychologist, health and social "
                     "care). A decision not to issue a plan must reach the family by "
                     f"{_long(clocks.decision_not_to_issue_due(received_on))}; a final plan is due by {final_by}.",
        "drafting": f"Write the draft EHC plan and send it to the family for comment. The final plan is due by "
                    f"{final_by}.",
        "draft_issued": (f"The draft plan is with the family: their time to comment, name a school and ask for a "
                         f"meeting ends on {_long(respond_by)}. The final plan is due by {final_by}." if respond_by
                         else "The draft plan is with the family, who have at least 15 days to comment. The final "
                              f"plan is due by {final_by}."),
        "plan_issued": "The final EHC plan has been issued. Review it at least once a year.",
        "refused": "Decided not to assess. The decision letter told the family how to appeal and by when.",
        "not_issuing": "Decided not to issue a plan. The decision letter told the family how to appeal and by when.",
        "withdrawn": "This request was withdrawn.",
    }
    return steps.get(status, "")

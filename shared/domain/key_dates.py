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


def assessment_next_step(received_on: date, status: str, *, respond_by: date | None = None) -> str:
    """What happens next, for the family, naming the date the council must keep to and, while
    the draft plan is with them, the last day of their window to respond (reg 13(1))."""
    decide_by = _long(clocks.assessment_decision_due(received_on))
    final_by = _long(clocks.final_plan_due(received_on))
    steps = {
        "received": f"We are deciding whether to carry out an EHC needs assessment. We must tell you "
                    f"our decision by {decide_by}.",
        "assessing": f"We are asking for advice about your child's needs from their school, an educational "
                     f"psychologist, health and social care. If we decide not to issue a plan, we must tell "
                     f"you by {_long(clocks.decision_not_to_issue_due(received_on))}. If we issue one, the "
                     f"final plan is due by {final_by}.",
        "drafting": f"We are writing the draft EHC plan. We will send it to you to comment on. The final "
                    f"plan is due by {final_by}.",
        "draft_issued": (f"We have sent you the draft EHC plan. Send us your comments, tell us which school or "
                         f"college you would like named and whether you would like a meeting by "
                         f"{_long(respond_by)}. The final plan is due by {final_by}." if respond_by else
                         f"We have sent you the draft EHC plan. You have at least 15 days to comment and to "
                         f"tell us which school you would like. The final plan is due by {final_by}."),
        "plan_issued": "The final EHC plan has been issued. It will be reviewed at least once a year.",
        "refused": "We decided not to carry out an assessment. Your letter explains why, how to appeal and "
                   "by when.",
        "not_issuing": "We decided not to issue an EHC plan. Your letter explains why, how to appeal and by when.",
        "withdrawn": "This request was withdrawn.",
    }
    return steps.get(status, "")

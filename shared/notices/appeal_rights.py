"""The appeal-rights content every appealable decision notice must carry.

statutory-rules.md section 4 lists seven elements. The decision and its reasons (element 1) are
written by the officer and passed to `content.build_notice_content`; this module builds the
rest from the council's configured contacts (`CouncilContacts`):

2. the right to appeal to the First-tier Tribunal (SEND), what can be appealed and how (form
   SEND35) (CFA 2014 s.51; e.g. SEND Regulations 2014 reg 5(3)(a), "their right to appeal");
3. the time limit: 2 months from the date of the notice, or 1 month from a mediation
   certificate if later, moved to the next working day (Tribunal Procedure (First-tier Tribunal)
   (Health, Education and Social Care Chamber) Rules 2008 r.20 and r.12);
4. mediation: a certificate is needed before appealing, except for an appeal only about
   section I; the mediation adviser's contact details; how and by when to ask; that the council
   must be told (CFA 2014 s.53 to s.55; SEND Regulations 2014 reg 32);
5. the disagreement resolution service and how to reach it (CFA 2014 s.57);
6. the local SEND information, advice and support service (SENDIASS) (CFA 2014 s.32);
7. for a cease decision, that provision continues while an appeal is pending (CFA 2014 s.45;
   SEND Regulations 2014 reg 31).

The contacts are configuration, not constants: a notice refuses to build
(`MissingAppealRightsSlot`) while any slot it needs is empty, because a letter without them
would not meet the statutory duty. Decisions outside the Tribunal's jurisdiction (elective home
education, section 19) carry the council's complaints route instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from shared.domain.dates import AppealDeadline, HolidayRule, appeal_deadline
from shared.notices.decision_types import DecisionType, Route, get_decision_type
from shared.notices.formatting import long_date, long_date_with_weekday

__all__ = [
    "APPEAL_FORM",
    "APPEAL_RIGHTS_SLOTS",
    "COMPLAINTS_ROUTE_SLOTS",
    "TRIBUNAL_NAME",
    "MissingAppealRightsSlot",
    "MissingComplaintsRoute",
    "MissingNoticeSlot",
    "build_appeal_rights",
    "contact_value",
]

TRIBUNAL_NAME = "First-tier Tribunal (Special Educational Needs and Disability)"
APPEAL_FORM = "SEND35"

# Every CouncilContacts field an appealable notice needs. The SEND team's details are needed
# because the family must tell the council when they want mediation.
APPEAL_RIGHTS_SLOTS: tuple[str, ...] = (
    "council_name",
    "send_team_email",
    "send_team_phone",
    "send_team_address",
    "mediation_adviser_name",
    "mediation_adviser_phone",
    "mediation_adviser_email",
    "mediation_adviser_website",
    "disagreement_resolution_name",
    "disagreement_resolution_phone",
    "disagreement_resolution_email",
    "sendiass_name",
    "sendiass_phone",
    "sendiass_email",
    "sendiass_website",
    "tribunal_guidance_url",
)

# A complaints-route notice needs the council's name and at least one of the other three.
COMPLAINTS_ROUTE_SLOTS: tuple[str, ...] = ("complaints_url", "send_team_email", "send_team_phone")

_SENDIASS_FIELDS = ("sendiass_name", "sendiass_phone", "sendiass_email", "sendiass_website")


class MissingNoticeSlot(ValueError):
    """A notice cannot be built because council contact fields it needs are empty."""

    purpose = "the letterhead"

    def __init__(self, decision_type: str, fields: Iterable[str]):
        self.decision_type = decision_type
        self.fields = tuple(fields)
        super().__init__(
            f"A {decision_type!r} notice cannot be built: {self.purpose} needs these council "
            f"contact fields, which are empty: {', '.join(self.fields)}. An administrator must "
            "fill them in (council contacts) before this notice can be issued."
        )


class MissingAppealRightsSlot(MissingNoticeSlot):
    """An appealable notice would lack part of its statutory appeal-rights content."""

    purpose = "the appeal-rights content"


class MissingComplaintsRoute(MissingNoticeSlot):
    """A non-Tribunal decision notice would not tell the family how to complain."""

    purpose = (
        "the complaints route (fill in at least one of complaints_url, send_team_email, send_team_phone)"
    )


def contact_value(contacts: Mapping[str, Any] | object, field: str) -> str:
    """One contact field, stripped, from a mapping or an object such as `CouncilContacts`."""
    if isinstance(contacts, Mapping):
        value = contacts.get(field)
    else:
        value = getattr(contacts, field, None)
    return "" if value is None else str(value).strip()


def _empty(contacts: Mapping[str, Any] | object, fields: Iterable[str]) -> list[str]:
    return [f for f in fields if not contact_value(contacts, f)]


def build_appeal_rights(
    contacts: Mapping[str, Any] | object,
    decision_type: str | DecisionType,
    issued_on: date,
    *,
    child_name: str | None = None,
) -> dict:
    """The filled appeal-rights elements 2 to 7 of statutory-rules.md section 4 for one notice.

    Returns a JSON-serialisable dict whose `route` is "tribunal", "complaints" or "none":

    - "tribunal" (appealable decisions): `right_of_appeal`, `time_limit`, `mediation`,
      `disagreement_resolution`, `sendiass` and `cease` (None unless a cease decision). Raises
      `MissingAppealRightsSlot`, naming every empty field, when any of `APPEAL_RIGHTS_SLOTS`
      is empty or whitespace.
    - "complaints" (EHE and section 19): `complaints`. Raises
      `MissingComplaintsRoute` when the council name, or every way to complain, is missing.
    - "none" (e.g. agreeing to assess): `sendiass` when configured.

    The appeal deadline is computed from `issued_on`, the notice's own date (Tribunal Rules
    r.20 and r.12, via `shared.domain.dates.appeal_deadline`).
    """
    dt = get_decision_type(decision_type)
    child = child_name.strip() if child_name and child_name.strip() else "the child or young person"
    if dt.route is Route.TRIBUNAL:
        missing = _empty(contacts, APPEAL_RIGHTS_SLOTS)
        if missing:
            raise MissingAppealRightsSlot(dt.key, missing)
        return _tribunal_route(contacts, dt, issued_on, child)
    if dt.route is Route.COMPLAINTS:
        return {
            "route": Route.COMPLAINTS.value,
            "complaints": _complaints(contacts, dt),
        }
    return {
        "route": Route.NONE.value,
        "sendiass": (
            _sendiass(contacts, "this decision and what happens next")
            if not _empty(contacts, _SENDIASS_FIELDS)
            else None
        ),
    }


def _tribunal_route(
    contacts: Mapping[str, Any] | object, dt: DecisionType, issued_on: date, child: str
) -> dict:
    deadline = appeal_deadline(issued_on)
    return {
        "route": Route.TRIBUNAL.value,
        "right_of_appeal": _right_of_appeal(contacts, dt, child),
        "time_limit": _time_limit(deadline),
        "mediation": _mediation(contacts, dt, deadline),
        "disagreement_resolution": _disagreement_resolution(contacts),
        "sendiass": _sendiass(contacts),
        "cease": _cease(child) if dt.is_cease else None,
    }


def _right_of_appeal(contacts: Mapping[str, Any] | object, dt: DecisionType, child: str) -> dict:
    """Element 2: the right of appeal, what can be appealed and how (CFA 2014 s.51)."""
    what = dt.what_can_be_appealed.format(child=child)
    url = contact_value(contacts, "tribunal_guidance_url")
    return {
        "tribunal": TRIBUNAL_NAME,
        "what_can_be_appealed": what,
        "form": APPEAL_FORM,
        "guidance_url": url,
        "text": f"You have the right to appeal to the {TRIBUNAL_NAME} (the Tribunal) about {what}.",
        "how_text": (
            f"To appeal, fill in form {APPEAL_FORM} (notice of appeal) and send it to the Tribunal "
            "with a copy of this letter and, if you need one, your mediation certificate. You can "
            f"appeal online or by post. The form and guidance are at {url}."
        ),
    }


def why_rolled_forward(deadline: AppealDeadline) -> str:
    """Why the date to rely on is later than the statutory last day, in plain words (Tribunal
    Rules r.12(2) and r.12(3)); empty when it is not."""
    if deadline.rule is HolidayRule.CHRISTMAS:
        return ("that day falls between 25 December and 1 January, so the Tribunal's rules "
                "(rule 12(3)) give you until the first working day after 1 January")
    if deadline.rule is HolidayRule.AUGUST:
        return ("that day falls in August, so the Tribunal's rules (rule 12(3)) give you until "
                "the first working day after 31 August")
    if deadline.rule is HolidayRule.NEXT_WORKING_DAY:
        return "that day is not a working day, so an appeal received on the next working day is in time"
    return ""


def period_text(deadline: AppealDeadline, letter: str = "this letter") -> str:
    """The statutory period and, when r.12 moves it, why: "2 months from the date of this letter
    (…) ends on …. That day …". Used for the appeal deadline, the mediation line and the case
    pages' next step alike."""
    if deadline.basis == "mediation_certificate":
        period = f"1 month from the date of your mediation certificate ({long_date(deadline.mediation_certificate_date)})"
    else:
        period = f"2 months from the date of {letter} ({long_date(deadline.notice_date)})"
    text = f"{period} ends on {long_date_with_weekday(deadline.statutory_last_day)}"
    why = why_rolled_forward(deadline)
    return f"{text}. {why[0].upper()}{why[1:]}" if why else text


def _time_limit(deadline: AppealDeadline) -> dict:
    """Element 3: the time limit (Tribunal Rules r.20): the statutory period, and the date to
    rely on under r.12(2) and r.12(3)."""
    rely_on = long_date_with_weekday(deadline.rely_on)
    return {
        "notice_date": deadline.notice_date.isoformat(),
        "statutory_last_day": deadline.statutory_last_day.isoformat(),
        "rely_on": deadline.rely_on.isoformat(),
        "rolled_forward": deadline.rolled_forward,
        "rule": deadline.rule.value,
        "text": f"The Tribunal must receive your appeal by {rely_on}. {period_text(deadline)}.",
        "mediation_text": (
            "If you get a mediation certificate, you can instead appeal up to 1 month after the "
            "date of the certificate, if that is later. That date moves in the same way when it is "
            "not a working day, falls between 25 December and 1 January, or falls in August."
        ),
    }


def _mediation(contacts: Mapping[str, Any] | object, dt: DecisionType, deadline: AppealDeadline) -> dict:
    """Element 4: mediation (CFA 2014 s.53 to s.55; SEND Regulations 2014 reg 32)."""
    council = contact_value(contacts, "council_name")
    adviser = {
        "name": contact_value(contacts, "mediation_adviser_name"),
        "phone": contact_value(contacts, "mediation_adviser_phone"),
        "email": contact_value(contacts, "mediation_adviser_email"),
        "website": contact_value(contacts, "mediation_adviser_website"),
    }
    exception_text = None
    if dt.section_i_exception:
        exception_text = (
            "You do not need a mediation certificate if your appeal is only about the school or "
            "other institution named in section I of the plan, the type of school or institution "
            "named there, or that no school or institution is named. You can still ask for "
            "mediation if you want to."
        )
    # Asking by the appeal date keeps the appeal in time: a certificate then gives at least a
    # further month (Tribunal Rules r.20), so the family is never told a date they cannot rely on.
    rely_on = long_date_with_weekday(deadline.rely_on)
    return {
        "certificate_needed": dt.mediation_certificate_needed,
        "section_i_exception": dt.section_i_exception,
        "certificate_text": (
            "Before you can appeal, you must contact the mediation adviser and get a mediation "
            "certificate. You do not have to go to mediation, but the Tribunal needs the "
            "certificate to register your appeal."
        ),
        "section_i_exception_text": exception_text,
        "adviser": adviser,
        "how_to_ask": (
            f"Contact the mediation adviser, {adviser['name']}, and say whether you want "
            "mediation. If you do not, the adviser will send you a certificate within 3 working "
            "days. If you do, we must arrange mediation within 30 days, and the adviser will send "
            "you a certificate within 3 working days after it ends."
        ),
        "ask_by": deadline.rely_on.isoformat(),
        "ask_by_text": (
            f"Contact the mediation adviser as soon as you can, and no later than {rely_on}, the last "
            f"day for appealing. {period_text(deadline)}."
        ),
        "tell_la_text": (
            f"If you want mediation, you must also tell us, {council}: email the SEND team at "
            f"{contact_value(contacts, 'send_team_email')} or phone "
            f"{contact_value(contacts, 'send_team_phone')}, and say what you want the mediation "
            "to be about."
        ),
    }


def _disagreement_resolution(contacts: Mapping[str, Any] | object) -> dict:
    """Element 5: the disagreement resolution service (CFA 2014 s.57)."""
    name = contact_value(contacts, "disagreement_resolution_name")
    return {
        "name": name,
        "phone": contact_value(contacts, "disagreement_resolution_phone"),
        "email": contact_value(contacts, "disagreement_resolution_email"),
        "text": (
            f"{name} runs a free, independent disagreement resolution service. It can help to "
            "settle disagreements about special educational needs and provision, with us, with "
            "a school or college, or with health services. It is voluntary and separate from "
            "mediation, and using it does not affect your right to appeal."
        ),
    }


def _sendiass(
    contacts: Mapping[str, Any] | object, topic: str = "this decision, mediation and appeals"
) -> dict:
    """Element 6: the SEND information, advice and support service (CFA 2014 s.32)."""
    name = contact_value(contacts, "sendiass_name")
    return {
        "name": name,
        "phone": contact_value(contacts, "sendiass_phone"),
        "email": contact_value(contacts, "sendiass_email"),
        "website": contact_value(contacts, "sendiass_website"),
        "text": (
            f"{name} gives free, impartial and confidential information, advice and support "
            f"about special educational needs and disability, including about {topic}."
        ),
    }


def _cease(child: str) -> dict:
    """Element 7: provision continues while an appeal is pending (CFA 2014 s.45; Regs 31)."""
    return {
        "provision_continues": True,
        "text": (
            f"If you appeal, we will keep maintaining the EHC plan for {child}, and the special "
            "educational provision in it will continue, while your appeal is pending: until it "
            "is decided or withdrawn."
        ),
    }


def _complaints(contacts: Mapping[str, Any] | object, dt: DecisionType) -> dict:
    """The council's complaints route for a decision outside the SEND Tribunal's jurisdiction,
    then the Local Government and Social Care Ombudsman (Local Government Act 1974 Part 3)."""
    ways = [f for f in COMPLAINTS_ROUTE_SLOTS if contact_value(contacts, f)]
    missing = _empty(contacts, ("council_name",))
    if missing or not ways:
        raise MissingComplaintsRoute(dt.key, missing + ([] if ways else list(COMPLAINTS_ROUTE_SLOTS)))
    council = contact_value(contacts, "council_name")
    return {
        "council_name": council,
        "complaints_url": contact_value(contacts, "complaints_url"),
        "send_team_email": contact_value(contacts, "send_team_email"),
        "send_team_phone": contact_value(contacts, "send_team_phone"),
        "text": (
            "If you disagree with this decision, please talk to us first. If we cannot sort it "
            f"out, you can make a complaint through the {council} complaints procedure."
        ),
        "ombudsman_text": (
            "If you are still unhappy when our complaints procedure has finished, you can ask the "
            "Local Government and Social Care Ombudsman to look at your complaint: www.lgo.org.uk."
        ),
    }

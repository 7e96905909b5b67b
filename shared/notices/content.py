"""Freeze everything a decision letter needs into one JSON-serialisable dict.

The dict is stored on `Notice.content` when the decision is made. Rendering (HTML, PDF, email)
reads only this dict, so a later change of council contacts or of the registry's wording never
rewrites a letter already issued (statutory-rules.md section 4: "The notice records its own
issue date; the appeal deadline is computed from it"). Dates are ISO strings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from shared.domain.clocks import decision_not_to_issue_due, draft_response_window, final_plan_due
from shared.domain.dates import add_months
from shared.domain.posting import deemed_served_by_post
from shared.notices.appeal_rights import MissingNoticeSlot, build_appeal_rights, contact_value
from shared.notices.decision_types import DecisionType, Route, get_decision_type

__all__ = ["REQUEST_DATED_TYPES", "SCHEMA_VERSION", "NoticeContentError", "build_notice_content",
           "redate_notice_content"]

# The decisions of an EHC needs assessment whose letters give the dates counted from the day the
# request was received (`request_received_on` in `extra`): the 16 and 20 weeks of the assessment.
REQUEST_DATED_TYPES = ("agree_to_assess", "decide_to_issue_plan", "issue_draft_plan")

# Bump when the shape of the dict changes, so old notices can still be rendered knowingly.
SCHEMA_VERSION = 1


class NoticeContentError(ValueError):
    """The officer's part of a notice (decision, reasons, names, reference) is missing or invalid."""


def build_notice_content(
    decision_type_key: str,
    *,
    contacts: Mapping[str, Any] | object,
    issued_on: date,
    child_name: str,
    recipient_name: str,
    decision: str,
    reasons: Sequence[str],
    case_reference: str,
    extra: Mapping[str, Any] | None = None,
) -> dict:
    """Build the frozen content of one decision notice.

    Element 1 of statutory-rules.md section 4 (the decision and the reasons) comes from the
    officer; elements 2 to 7 from `build_appeal_rights`. Raises `NoticeContentError` when the
    decision is empty, or when the reasons are empty for a decision the family can challenge
    (every appealable and complaints-route type); raises `MissingAppealRightsSlot` (or another
    `MissingNoticeSlot`) when council contacts the notice needs are empty.

    `extra` holds type-specific facts for the letter, e.g. `request_received_on` (a date),
    `named_institution`, `review_meeting_on`, `cease_on`, `signed_by`, `recipient_address`
    (a list of lines), `account_url`, and `key_dates` (a list of {"label", "date"}).
    """
    dt = get_decision_type(decision_type_key)
    if isinstance(issued_on, datetime) or not isinstance(issued_on, date):
        raise NoticeContentError("issued_on must be a datetime.date")
    child = _required_text(child_name, "child_name")
    recipient = _required_text(recipient_name, "recipient_name")
    reference = _required_text(case_reference, "case_reference")
    decision_text = _required_text(decision, "decision")
    reason_list = _clean_reasons(reasons)
    if dt.reasons_required and not reason_list:
        raise NoticeContentError(f"a {dt.key!r} notice must give the reasons for the decision")

    rights = build_appeal_rights(contacts, dt, issued_on, child_name=child)
    council = _council(contacts, dt)
    extras = _jsonable(dict(extra or {}), "extra")
    deadline = rights["time_limit"]["rely_on"] if dt.route is Route.TRIBUNAL else None
    statutory_last_day = rights["time_limit"]["statutory_last_day"] if dt.route is Route.TRIBUNAL else None

    content = {
        "schema_version": SCHEMA_VERSION,
        "decision_type": dt.key,
        "title": dt.title,
        "legal_basis": dt.legal_basis,
        "route": dt.route.value,
        "appealable": dt.appealable,
        "is_cease": dt.is_cease,
        "summary": dt.summary.format(child=child),
        "issued_on": issued_on.isoformat(),
        "case_reference": reference,
        "child_name": child,
        "recipient_name": recipient,
        "council": council,
        "decision": decision_text,
        "reasons": reason_list,
        "appeal_rights": rights if dt.route is Route.TRIBUNAL else None,
        "complaints": rights.get("complaints"),
        "support": rights.get("sendiass") if dt.route is Route.NONE else None,
        "appeal_deadline": deadline,
        "key_dates": _key_dates(dt, issued_on, deadline, statutory_last_day, extras),
        "extra": extras,
    }
    json.dumps(content)  # the content must survive a JSONB column unchanged
    return content


def _required_text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise NoticeContentError(f"{name} must not be empty")
    return value.strip()


def _clean_reasons(reasons: Sequence[str]) -> list[str]:
    # A bare string would otherwise be read as one reason per character.
    if isinstance(reasons, str) or not isinstance(reasons, Sequence):
        raise NoticeContentError("reasons must be a list of strings, one reason each")
    cleaned = []
    for reason in reasons:
        if not isinstance(reason, str):
            raise NoticeContentError("each reason must be a string")
        if reason.strip():
            cleaned.append(reason.strip())
    return cleaned


def _council(contacts: Mapping[str, Any] | object, dt: DecisionType) -> dict:
    """The letterhead. Every notice needs the council's name; the rest is shown when present
    (appealable notices have already insisted on all of it)."""
    name = contact_value(contacts, "council_name")
    if not name:
        raise MissingNoticeSlot(dt.key, ["council_name"])
    address = contact_value(contacts, "send_team_address")
    return {
        "name": name,
        "address_lines": [line.strip() for line in address.splitlines() if line.strip()],
        "email": contact_value(contacts, "send_team_email"),
        "phone": contact_value(contacts, "send_team_phone"),
    }


def _key_dates(dt: DecisionType, issued_on: date, deadline: str | None, statutory_last_day: str | None,
               extras: dict) -> list[dict]:
    """The dates the family most needs, in the order a letter lists them. A deadline the family
    must meet is flagged, so letters and emails show its day of the week."""
    dates = [{"label": "Date of this letter", "date": issued_on.isoformat()}]
    if deadline and deadline != statutory_last_day:
        # Tribunal Rules r.20 gives the period; r.12(2)/(3) the later day the family can rely on.
        dates.append({"label": "The 2-month appeal period ends on", "date": statutory_last_day})
    if deadline:
        dates.append(
            {"label": "Last day for the Tribunal to receive an appeal", "date": deadline, "deadline": True}
        )
    dates += _assessment_dates(dt, extras.get("request_received_on"))
    if dt.key == "final_plan":
        # CFA 2014 s.44(1): the first review within 12 months of the plan being made.
        dates.append(
            {
                "label": "First annual review of the plan due by",
                "date": add_months(issued_on, 12).isoformat(),
            }
        )
    if dt.key == "issue_draft_plan" and extras.get("respond_by"):
        # SEND Regulations 2014 reg 13(1): at least 15 days beginning with the day of service.
        dates.append({"label": "Send us your comments, and the school you would like named, by",
                      "date": extras["respond_by"], "deadline": True})
    if dt.is_cease and extras.get("cease_on"):
        dates.append({"label": "The plan will stop, if you do not appeal, on", "date": extras["cease_on"]})
    for item in extras.get("key_dates", []):
        if not isinstance(item, Mapping) or not item.get("label") or not item.get("date"):
            raise NoticeContentError("each extra key date needs a label and a date")
        date.fromisoformat(item["date"])  # refuse a date that is not one
        dates.append(
            {"label": str(item["label"]), "date": item["date"], "deadline": bool(item.get("deadline"))}
        )
    return dates


def _assessment_dates(dt: DecisionType, received: str | None) -> list[dict]:
    """The statutory dates of the assessment still ahead when a letter of `REQUEST_DATED_TYPES`
    is sent, counted from the day the request was received: the decision whether to issue a
    plan within 16 weeks (SEND Regulations 2014 reg 10(1), `clocks.decision_not_to_issue_due`)
    and the final plan within 20 weeks (reg 13(2), `clocks.final_plan_due`)."""
    if dt.key not in REQUEST_DATED_TYPES or not received:
        return []
    received_on = date.fromisoformat(received)
    sixteen = {"label": "We will tell you whether we will issue an EHC plan by",
               "date": decision_not_to_issue_due(received_on).isoformat()}
    twenty = {"label": "If we issue a plan, you will have the final plan by",
              "date": final_plan_due(received_on).isoformat()}
    if dt.key == "agree_to_assess":
        return [{"label": "We received the request on", "date": received}, sixteen, twenty]
    return [{**twenty, "label": "We must issue the final EHC plan by"}]


def redate_notice_content(content: Mapping[str, Any], *, contacts: Mapping[str, Any] | object, issued_on: date,
                          recipient_name: str | None = None,
                          recipient_address: Sequence[str] | None = None) -> dict:
    """The same letter dated `issued_on`: a postal letter is dated the day it is posted, and its
    appeal deadline and every date counted from the letter are counted again from that day
    (statutory-rules.md section 4). The decision, reasons and facts are kept; the name and
    address may be completed when an officer recorded them after the decision."""
    extra = dict(content.get("extra") or {})
    if content["decision_type"] == "issue_draft_plan" and extra.get("respond_by"):
        # Reg 13(1): the family's 15 days begin with the day the draft is served, which for a
        # posted copy is the day it is deemed delivered (Interpretation Act 1978 s.7).
        extra["respond_by"] = draft_response_window(deemed_served_by_post(issued_on))[1]
    if recipient_address is not None:
        extra["recipient_address"] = list(recipient_address)
    return build_notice_content(
        content["decision_type"], contacts=contacts, issued_on=issued_on, child_name=content["child_name"],
        recipient_name=recipient_name or content["recipient_name"], decision=content["decision"],
        reasons=content["reasons"], case_reference=content["case_reference"], extra=extra)


def _jsonable(value: Any, where: str) -> Any:
    """A JSON-safe copy: dates become ISO strings, tuples lists; anything else unknown is refused."""
    if isinstance(value, datetime):
        raise NoticeContentError(f"{where}: use a date, not a datetime")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            raise NoticeContentError(f"{where}: keys must be strings")
        return {k: _jsonable(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, f"{where}[]") for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise NoticeContentError(f"{where}: {type(value).__name__} cannot be stored in a notice")

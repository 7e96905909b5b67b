"""A school attendance order once it is made: amended or revoked (EA 1996 ss.437(4), 440-442;
statutory-rules.md section 5; docs/home-education.md).

An order stays in force while the child is of compulsory school age unless the council revokes
it (s.437(4)). One function per decision, each in the caller's transaction: it checks the case's
version (a stale form is a `Conflict`), moves the case through `move_case` (a step the EHE
lifecycle does not allow from the case's status is an `IllegalTransition`: every one of them
needs the "school_attendance_order" status, or "council_consent_required" on a new case that
carries an order from an earlier one), writes the chronology and, for a decision, queues
one letter to each parent (and copies to the schools) through the notice pipeline with the
council's complaints route (never the SEND Tribunal). A letter that cannot be built (no council
contacts, no email for the parents) refuses the whole decision.

- `record_revocation_request`: the parent's application to revoke the order on the ground that
  arrangements have been made for the child to receive suitable education otherwise than at
  school (s.442), with the day it arrived and what the parent says about the education.
- `revoke_school_attendance_order`: on that application the council must revoke "unless they are
  of the opinion that no satisfactory arrangements have been made for the education of the
  child otherwise than at school" (s.442(2) as we read it; the brief numbers it s.442(2)-(3):
  check); without an application, on the council's own initiative (s.437(4)(a): "revoked by the
  authority"), e.g. after a later suitability judgement. The case goes back to "suitable" and
  stays on the EHE register. Letter `ehe_sao_revoked`, copy to the school named.
- `refuse_revocation`: the council is of that opinion. The parent may refer the question to the
  Secretary of State, who gives a direction deciding it (s.442(3)-(4) as we read it; the brief
  says s.442(4): check). For a child with an EHC plan (s.442(5)-(6), check): no referral when
  the plan names a school or other institution; otherwise the direction may require the council
  to amend the plan. Letter `ehe_sao_revocation_refused`; the order stays in force.
- `amend_school_named`: the parent applied for a place at a different school, the child was
  offered one and the parent asks for that school to be named: the council "shall comply with
  the request" (s.440(2); s.440(3)-(4) add conditions for a school not maintained by a local
  authority, which the officer confirms: check). Only for a child without an EHC plan: for a
  child with one the school named in the plan governs and the order follows the plan (s.441,
  check). Letter `ehe_sao_amended`, copies to both schools (s.437(5): the school named is told).
"""

from __future__ import annotations

from datetime import date

from shared.db import db
from shared.domain import ehe as rules
from shared.models import Case, EheNotification, Notice, User
from shared.queries.schools import school_by_id
from shared.services.cases import check_version, move_case
from shared.services.decisions import queue_notice
from shared.services.ehe import _officer, _reason_lines, _to_parents, notification_for
from shared.services.errors import ServiceError

TEXT_LIMIT = 5000


def _order_in_force(case: Case, notification: EheNotification) -> None:
    if case.status not in rules.ORDER_STATUSES or not rules.sao_in_force(notification.sao_issued_on,
                                                                           notification.sao_revoked_on):
        raise ServiceError("There is no school attendance order in force for this child.")


def _pending(n: EheNotification) -> bool:
    return rules.sao_revocation_pending(n.sao_issued_on, n.sao_revoked_on, n.sao_revocation_requested_on,
                                        n.sao_revocation_refused_on)


def _order_extra(notification: EheNotification, actor: User, **more) -> dict:
    return {**_officer(actor), "school_name": notification.sao_school_name,
            "order_made_on": notification.sao_issued_on, **more}


def record_revocation_request(case: Case, *, received_on: date, arrangements: str, actor: User,
                              expected_version: int | None, today: date) -> None:
    """Record the parent's application to revoke the school attendance order on the ground that
    arrangements have been made for the child to receive suitable education otherwise than at
    school (EA 1996 s.442), with the day it arrived and what the parent says about the education
    arranged. One application waits for a decision at a time; a new one after a refusal is a new
    application (the council must consider it afresh)."""
    check_version(case, expected_version)
    notification = notification_for(case)
    _order_in_force(case, notification)
    if _pending(notification):
        raise ServiceError("An application to revoke the order is already waiting for a decision.")
    if received_on > today:
        raise ServiceError("The date the application arrived must be today or in the past.")
    if received_on < notification.sao_issued_on:
        raise ServiceError(f"The application must have arrived on or after the day the order was made "
                           f"({notification.sao_issued_on:%-d %B %Y}).")
    if not arrangements.strip():
        raise ServiceError("Say what the parents tell us about the education they have arranged.")
    if len(arrangements) > TEXT_LIMIT:
        raise ServiceError(f"Keep it to {TEXT_LIMIT} characters.")
    move_case(case, "record_sao_revocation_request", actor=actor, expected_version=expected_version,
              summary=f"Application to revoke the school attendance order received on {received_on:%-d %B %Y} "
                      f"(s.442). The parents say: {arrangements.strip()}",
              data={"received_on": received_on.isoformat(), "arrangements": arrangements.strip()})
    notification.sao_revocation_requested_on = received_on
    notification.sao_revocation_request = arrangements.strip()
    notification.sao_revocation_refused_on, notification.sao_revocation_refusal_reasons = None, ""
    db.session.flush()


def revoke_school_attendance_order(case: Case, *, reasons: str, actor: User, expected_version: int | None,
                                   today: date) -> list[Notice]:
    """Revoke the order: on the parent's application waiting for a decision (EA 1996 s.442: the
    council must, unless of the opinion that no satisfactory arrangements have been made for the
    child's education otherwise than at school), or on the council's own initiative (s.437(4)(a)),
    with reasons either way. The case goes back to "suitable" (still on the register), or, on a
    case waiting for the council's consent, keeps waiting for that decision; a letter
    `ehe_sao_revoked` to each parent and a copy to the school named."""
    check_version(case, expected_version)
    notification = notification_for(case)
    _order_in_force(case, notification)
    reason_list = _reason_lines(reasons)
    if not reason_list:
        raise ServiceError("Give the reasons for revoking the order.")
    on_request = _pending(notification)
    child = case.child.full_name
    how = (f"on the parents' application of {notification.sao_revocation_requested_on:%-d %B %Y}" if on_request
           else "on the council's own initiative")
    move_case(case, "revoke_school_attendance_order", actor=actor, expected_version=expected_version,
              summary=f"School attendance order revoked on {today:%-d %B %Y} {how}. Reasons: {'; '.join(reason_list)}",
              data={"on_request": on_request, "reasons": reason_list})
    notification.sao_revoked_on, notification.sao_revoked_on_request = today, on_request
    notification.sao_revocation_reasons = "\n".join(reason_list)
    school = notification.sao_school_name or "the school named in it"
    decision = (f"We have revoked the school attendance order for {child}. You no longer have to register {child} "
                f"as a pupil at {school}.")
    extra = _order_extra(notification, actor, on_request=on_request,
                         requested_on=notification.sao_revocation_requested_on if on_request else None,
                         decision_heading="Our decision", reasons_heading="Why we revoked the order",
                         key_dates=[{"label": "School attendance order revoked on", "date": today.isoformat()}])
    return _to_parents(case, notification, "ehe_sao_revoked", copy_to=notification.sao_school, decision=decision,
                       reasons=reason_list, actor=actor, issued_on=today, extra=extra)


def refuse_revocation(case: Case, *, reasons: str, plan_names_school: bool | None, actor: User,
                      expected_version: int | None, today: date) -> list[Notice]:
    """Refuse the parent's application: the council is of the opinion that no satisfactory
    arrangements have been made for the child's education otherwise than at school (EA 1996
    s.442). The letter `ehe_sao_revocation_refused` tells the parent they may refer the question
    to the Secretary of State; for a child with an EHC plan, `plan_names_school` (asked of the
    officer) decides the wording: no referral when the plan names a school or other institution,
    otherwise the direction may require the plan to be amended (s.442(5)-(6), check). The order
    stays in force; no copy to the school (the order is unchanged)."""
    check_version(case, expected_version)
    notification = notification_for(case)
    _order_in_force(case, notification)
    if not _pending(notification):
        raise ServiceError("Record the parents' application to revoke the order first.")
    reason_list = _reason_lines(reasons)
    if not reason_list:
        raise ServiceError("Give the reasons for refusing to revoke the order.")
    if notification.has_ehc_plan and plan_names_school is None:
        raise ServiceError("Say whether the child's EHC plan names a school or other institution.")
    names_school = bool(notification.has_ehc_plan and plan_names_school)
    requested_on = notification.sao_revocation_requested_on
    child = case.child.full_name
    move_case(case, "refuse_sao_revocation", actor=actor, expected_version=expected_version,
              summary=f"Refused to revoke the school attendance order (application of {requested_on:%-d %B %Y}): no "
                      f"satisfactory arrangements for the education otherwise than at school. "
                      f"Reasons: {'; '.join(reason_list)}",
              data={"reasons": reason_list, "requested_on": requested_on.isoformat(),
                    "ehc_plan": notification.has_ehc_plan, "plan_names_school": names_school})
    notification.sao_revocation_refused_on = today
    notification.sao_revocation_refusal_reasons = "\n".join(reason_list)
    decision = (f"We have decided not to revoke the school attendance order for {child}. In our opinion no "
                f"satisfactory arrangements have been made for {child}'s education otherwise than at school, so the "
                "order stays in force."
                + ("" if names_school else " If you disagree, you can refer the question to the Secretary of State "
                   "(section 442 of the Education Act 1996)."))
    extra = _order_extra(notification, actor, requested_on=requested_on, ehc_plan=notification.has_ehc_plan,
                         plan_names_school=names_school, reasons_heading="Why we have not revoked the order")
    return _to_parents(case, notification, "ehe_sao_revocation_refused", decision=decision, reasons=reason_list,
                       actor=actor, issued_on=today, extra=extra)


def amend_school_named(case: Case, *, school_id, requested_on: date, place_offered: bool, actor: User,
                       expected_version: int | None, today: date) -> list[Notice]:
    """Substitute the school the parent asks for in the order (EA 1996 s.440(2)): the parent applied
    for a place there, the child was offered one, and the parent asked the council to name it;
    the council must comply. Not for a child with an EHC plan: the order names the school in the
    plan and follows it (s.441, check). A letter `ehe_sao_amended` to each parent and copies to
    the school named before and the school named now (s.437(5))."""
    check_version(case, expected_version)
    notification = notification_for(case)
    _order_in_force(case, notification)
    if notification.has_ehc_plan:
        raise ServiceError("This child has an EHC plan: the school attendance order names the school in the plan "
                           "and changes only when the plan does (section 441).")
    school = school_by_id(school_id)
    if school is None:
        raise ServiceError("Select the school the parents asked for.")
    if school.id == notification.sao_school_id or (notification.sao_school_id is None
                                                   and school.name == notification.sao_school_name):
        raise ServiceError(f"The order already names {school.name}: select a different school.")
    if requested_on > today:
        raise ServiceError("The date the parents asked must be today or in the past.")
    if requested_on < notification.sao_issued_on:
        raise ServiceError(f"The request must have been made on or after the day the order was made "
                           f"({notification.sao_issued_on:%-d %B %Y}).")
    if not place_offered:
        raise ServiceError("The school named can be changed only once the school has offered the child a place "
                           "(section 440).")
    previous = notification.sao_school  # a School when the order was sent or last amended here
    previous_name = notification.sao_school_name
    child = case.child.full_name
    move_case(case, "amend_school_attendance_order", actor=actor, expected_version=expected_version,
              summary=f"School attendance order amended on {today:%-d %B %Y} at the parents' request of "
                      f"{requested_on:%-d %B %Y} (s.440): now names {school.name} instead of {previous_name}",
              data={"school_id": str(school.id), "previous_school_name": previous_name,
                    "requested_on": requested_on.isoformat()})
    notification.sao_previous_school_name = previous_name
    notification.sao_school_id, notification.sao_school_name = school.id, school.name
    notification.sao_amended_on = today
    decision = (f"We have amended the school attendance order for {child}. It now requires you to register {child} "
                f"as a pupil at {school.name}" + (f" instead of {previous_name}." if previous_name else "."))
    reasons = [f"You applied for a place for {child} at {school.name} and {child} was offered a place.",
               f"On {requested_on:%-d %B %Y} you asked us to name {school.name} in the order instead "
               "(section 440 of the Education Act 1996). The law requires us to do so."]
    extra = _order_extra(notification, actor, previous_school_name=previous_name, requested_on=requested_on,
                         reasons_heading="Why we changed the order",
                         key_dates=[{"label": "School attendance order amended on", "date": today.isoformat()}])
    notices = _to_parents(case, notification, "ehe_sao_amended", copy_to=school, decision=decision,
                          reasons=reasons, actor=actor, issued_on=today, extra=extra)
    if previous is not None and previous.id != school.id and previous.email:  # the school no longer named
        notices.append(queue_notice(case, "ehe_sao_amended", name=previous.name, email=previous.email, user=None,
                                    decision=decision, reasons=reasons, actor=actor, issued_on=today, extra=extra))
    return notices

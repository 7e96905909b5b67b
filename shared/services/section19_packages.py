"""Changing or ending a Section 19 package without closing the case (EA 1996 s.19;
docs/section-19.md). A change ends the current package the day before the new one starts and
costs the new one again; an ending leaves the case open (awaiting a new provider, or a phased
return). A reduction in hours, or an ending, is a decision for the family: a `section_19_decision`
notice (the council's complaints route, never the SEND Tribunal) to the family, with copies to the
school and to a health professional who referred. One function per action, in the caller's
transaction, with a chronology event written by `move_case`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from shared.db import db
from shared.domain import section19 as rules
from shared.domain.school_days import SchoolCalendar
from shared.models import Case, Notice, S19Delivery, S19Package, S19Provider, User
from shared.services.cases import check_version, move_case
from shared.services.errors import ServiceError
from shared.services.section19 import (
    current_package,
    group_available,
    new_package,
    referral_of,
    tell_family,
)


def _package_in_place(case: Case) -> S19Package:
    package = current_package(case)
    if package is None or package.ends_on is not None or case.status not in ("package_in_place", "reintegrating"):
        raise ServiceError("There is no package in place to change or end.")
    return package


def _hours(hours: Decimal) -> str:
    """12.5, or 10 (not 10.0), for letters and the chronology."""
    return f"{Decimal(hours):.1f}".removesuffix(".0")


def _describe(package: S19Package) -> str:
    hours = "full-time" if package.full_time else "reduced hours"
    return (f"{package.provider.name} ({package.delivery.label.lower()}), {_hours(package.hours_per_week)} hours a "
            f"week ({hours})")


def _tell_family(case: Case, *, decision: str, reasons: list[str], actor: User, today: date) -> list[Notice]:
    return tell_family(case, referral_of(case), decision=decision, reasons=reasons, actor=actor, today=today)


def change_package(case: Case, *, provider: S19Provider, hours_per_week: Decimal, full_time: bool,
                   reduced_reason: str, individual_reason: str, effective_on: date, reason: str,
                   review_every_weeks: int, calendar: SchoolCalendar, actor: User, expected_version: int | None,
                   today: date) -> tuple[S19Package, list[Notice]]:
    """Replace the current package from `effective_on`: it ends the day before; the new one has
    its own hours, provider and delivery (group before individual, reduced hours only with the
    health reason, as when commissioning), its weekly cost worked out again from the provider's
    rate, and its next review `review_every_weeks` school weeks after it starts. A reduction tells
    the family in writing."""
    check_version(case, expected_version)
    current = _package_in_place(case)
    if not provider.active:
        raise ServiceError("This provider is no longer in use: choose another.")
    problems = {**rules.package_problems(individual=provider.delivery == S19Delivery.INDIVIDUAL,
                                         group_available=group_available(), individual_reason=individual_reason,
                                         full_time=full_time, reduced_reason=reduced_reason,
                                         hours_per_week=hours_per_week),
                **rules.change_problems(current_starts_on=current.starts_on, effective_on=effective_on, reason=reason)}
    if problems:
        raise ServiceError(next(iter(problems.values())))
    before = _describe(current)
    current.ends_on, current.end_reason = effective_on - timedelta(days=1), f"Replaced: {reason.strip()}"
    package = new_package(case, provider=provider, hours_per_week=hours_per_week, full_time=full_time,
                          reduced_reason=reduced_reason, individual_reason=individual_reason, starts_on=effective_on,
                          statutory_start_on=None, review_every_weeks=review_every_weeks, calendar=calendar,
                          actor=actor, replaces_id=current.id, change_reason=reason.strip())
    cost = package.weekly_cost
    reduction = rules.is_reduction(old_hours=current.hours_per_week, old_full_time=current.full_time,
                                   new_hours=package.hours_per_week, new_full_time=full_time)
    summary = (f"Package changed from {effective_on:%-d %B %Y}: was {before} until {current.ends_on:%-d %B %Y}; "
               f"now {_describe(package)}, £{cost} a week (was £{current.weekly_cost}). Reason: {reason.strip()}")
    move_case(case, "change_package", actor=actor, summary=summary,
              data={"old_package_id": str(current.id), "weekly_cost": str(cost), "reduction": reduction,
                    "effective_on": effective_on.isoformat()})
    db.session.flush()
    notices: list[Notice] = []
    if reduction:
        child = case.child.full_name
        decision = (f"From {effective_on:%-d %B %Y} we are reducing the education we arrange for {child} under "
                    f"section 19 of the Education Act 1996 to {_hours(package.hours_per_week)} hours a week"
                    + ("" if full_time else ", part-time for health reasons") + f", with {provider.name}.")
        reasons = [reason.strip()] + ([package.reduced_reason] if not full_time else [])
        notices = _tell_family(case, decision=decision, reasons=reasons, actor=actor, today=today)
    return package, notices


def end_package(case: Case, *, ends_on: date, reason: str, actor: User, expected_version: int | None,
                today: date) -> list[Notice]:
    """End the current package on `ends_on` (its last day) without closing the case: the case
    waits for a new package (or, when the return is already being planned, carries on with it).
    The family is told in writing, with copies to the school and a health referrer."""
    check_version(case, expected_version)
    package = _package_in_place(case)
    problems = rules.end_problems(starts_on=package.starts_on, ends_on=ends_on, reason=reason)
    if problems:
        raise ServiceError(next(iter(problems.values())))
    package.ends_on, package.end_reason = ends_on, reason.strip()
    summary = f"Package ended: {_describe(package)}, last day {ends_on:%-d %B %Y}. Reason: {reason.strip()}"
    move_case(case, "end_package", actor=actor, summary=summary,
              data={"package_id": str(package.id), "ends_on": ends_on.isoformat()})
    db.session.flush()
    child = case.child.full_name
    decision = (f"The education we arranged for {child} under section 19 of the Education Act 1996 with "
                f"{package.provider.name} ends on {ends_on:%-d %B %Y}. {child}'s case stays open: we will tell you "
                "what happens next.")
    return _tell_family(case, decision=decision, reasons=[reason.strip()], actor=actor, today=today)

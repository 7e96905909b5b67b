"""Section 19 in the back-office: the caseload, a case's referral and package, the decision,
commissioning, reviews, the return to school, closing, and the provider catalogue."""

from __future__ import annotations

import uuid
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from backoffice.section19_forms import (
    ChangePackageForm,
    CloseForm,
    EndPackageForm,
    PackageForm,
    ProviderForm,
    ReintegrationForm,
    ReviewForm,
    S19DecisionForm,
)
from shared.db import db
from shared.domain import section19 as rules
from shared.domain.dates import today_in_england
from shared.models import Case, CaseKind, S19Delivery
from shared.queries import section19 as q
from shared.queries.calendar import school_calendar
from shared.queries.cases import case_for_user
from shared.services import section19 as s19
from shared.services import section19_packages as s19_packages
from shared.services.errors import Conflict, ServiceError
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


def _case(case_id: uuid.UUID) -> Case:
    case = case_for_user(current_user, case_id) or abort(404)
    if case.kind != CaseKind.SECTION_19:
        abort(404)
    return case


class _FieldErrors(ServiceError):
    """The form's fields already carry the messages."""


def _back(case: Case):
    return redirect(url_for("backoffice.s19_case", case_id=case.id))


@requires("backoffice:s19_caseload:read")
def s19_caseload():
    status = request.args.get("status", "open")
    if status not in q.STATUS_FILTERS:
        status = "open"
    today = today_in_england()
    return render_page("backoffice/section19/caseload.html", page_title="Section 19 caseload",
                       rows=q.caseload(current_user, today, status=status), chosen=status,
                       filters=q.STATUS_FILTERS)


@requires("backoffice:case:read")
def s19_case(case_id: uuid.UUID):
    case = _case(case_id)
    today = today_in_england()
    dates, notes = q.s19_key_dates(case, today)
    return render_page("backoffice/section19/case.html", page_title=f"Section 19: {case.child.full_name}",
                       case=case, referral=q.referral_for_case(case), package=q.package_for_case(case),
                       history=q.package_history(case), starts_late=q.starts_late(q.package_for_case(case)),
                       review_overdue=q.review_overdue(case, q.package_for_case(case), today),
                       key_dates=dates, notes=notes, reasons=s19.REVIEW_OUTCOMES, outcomes=s19.CLOSE_OUTCOMES,
                       decisions=s19.DECISIONS, referrer_types=s19.REFERRER_TYPES)


def _action(case: Case, form, template: str, title: str, run, done: str, *, error_field: str, **extra):
    """Validate, call one service, redirect; on a refusal show the form again with its answers."""
    if form.validate_on_submit():
        try:
            run(form)
        except Conflict:
            raise
        except _FieldErrors:
            db.session.rollback()
        except ServiceError as error:
            db.session.rollback()
            getattr(form, error_field).errors.append(str(error))
        else:
            flash(done, "success")
            return _back(case)
    return render_page(template, page_title=title, case=case, form=form, **extra)


@requires("backoffice:case:write")
@commits
def s19_decision(case_id: uuid.UUID):
    case = _case(case_id)
    if case.status != "referred":
        abort(404)
    form = S19DecisionForm(version=case.version)

    def run(f):
        s19.decide_referral(case, outcome=f.decision.data, reasons=f.reasons.data or "",
                            other_route=f.other_route.data or "", actor=current_user,
                            expected_version=f.version.data, today=today_in_england())

    return _action(case, form, "backoffice/section19/decision.html", "Decide the Section 19 referral", run,
                   "Decision recorded. The notice is being sent to the family and the school.", error_field="decision")


@requires("backoffice:case:write")
@commits
def s19_package(case_id: uuid.UUID):
    case = _case(case_id)
    if case.status not in ("accepted", "package_ended"):
        abort(404)
    calendar = school_calendar()
    referral = q.referral_for_case(case)
    try:
        statutory, note = rules.statutory_start(calendar, s19.facts_for(referral, case))
    except rules.CALENDAR_ERRORS:
        statutory, note = None, "We cannot work out the statutory start date: " + q.CALENDAR_HELP
    form = PackageForm(version=case.version, review_every_weeks=q.review_weeks())
    options, group_available = _provider_choices(form)
    warning = None
    if form.is_submitted() and form.starts_on.data and statutory and form.starts_on.data > statutory:
        warning = (f"This start date is after the statutory date ({statutory:%-d %B %Y}). The package will be "
                   "recorded as starting late.")

    def run(f):
        provider = _chosen_provider(f, group_available)
        s19.commission_package(case, provider=provider, hours_per_week=Decimal(f.hours_per_week.data),
                               full_time=f.full_time.data == "full", reduced_reason=f.reduced_reason.data or "",
                               individual_reason=f.individual_reason.data or "", starts_on=f.starts_on.data,
                               review_every_weeks=f.review_every_weeks.data, calendar=calendar,
                               actor=current_user, expected_version=f.version.data)

    done = "Package commissioned." + (" It starts after the statutory date: this is recorded." if warning else "")
    return _action(case, form, "backoffice/section19/package.html", "Commission a package", run, done,
                   error_field="provider", statutory=statutory, note=note, warning=warning,
                   group_available=group_available, providers=options)


def _provider_choices(form) -> tuple[list, bool]:
    options = q.providers(active_only=True)
    form.provider.choices = [("", "Choose a provider")] + [
        (str(p.id), f"{p.name}: {p.delivery.label.lower()}, £{p.hourly_rate} an hour") for p in options]
    return options, any(p.delivery == S19Delivery.GROUP for p in options)


def _chosen_provider(f, group_available: bool, extra_problems: dict | None = None):
    """The provider chosen, with the package rules' problems put on their fields."""
    try:
        provider = q.provider(uuid.UUID(f.provider.data))
    except ValueError:
        provider = None
    if provider is None:
        raise ServiceError("Choose a provider")
    problems = {**rules.package_problems(
        individual=provider.delivery == S19Delivery.INDIVIDUAL, group_available=group_available,
        individual_reason=f.individual_reason.data or "", full_time=f.full_time.data == "full",
        reduced_reason=f.reduced_reason.data or "", hours_per_week=f.hours_per_week.data), **(extra_problems or {})}
    if problems:
        for name, message in problems.items():
            getattr(f, name).errors.append(message)
        raise _FieldErrors()
    return provider


@requires("backoffice:case:write")
@commits
def s19_change_package(case_id: uuid.UUID):
    case = _case(case_id)
    current = q.package_for_case(case)
    if case.status not in ("package_in_place", "reintegrating") or current is None or current.ends_on is not None:
        abort(404)
    form = ChangePackageForm(version=case.version, review_every_weeks=current.review_every_weeks)
    if request.method == "GET":
        form.provider.data, form.hours_per_week.data = str(current.provider_id), current.hours_per_week
        form.full_time.data = "full" if current.full_time else "reduced"
        form.reduced_reason.data, form.individual_reason.data = current.reduced_reason, current.individual_reason
    options, group_available = _provider_choices(form)

    def run(f):
        provider = _chosen_provider(f, group_available, rules.change_problems(
            current_starts_on=current.starts_on, effective_on=f.effective_on.data, reason=f.change_reason.data or ""))
        s19_packages.change_package(
            case, provider=provider, hours_per_week=Decimal(f.hours_per_week.data),
            full_time=f.full_time.data == "full", reduced_reason=f.reduced_reason.data or "",
            individual_reason=f.individual_reason.data or "", effective_on=f.effective_on.data,
            reason=f.change_reason.data or "", review_every_weeks=f.review_every_weeks.data,
            calendar=school_calendar(), actor=current_user, expected_version=f.version.data, today=today_in_england())

    return _action(case, form, "backoffice/section19/change_package.html", "Change the package", run,
                   "Package changed. A reduction in hours is being sent to the family and the school.",
                   error_field="provider", current=current, group_available=group_available, providers=options)


@requires("backoffice:case:write")
@commits
def s19_end_package(case_id: uuid.UUID):
    case = _case(case_id)
    current = q.package_for_case(case)
    if case.status not in ("package_in_place", "reintegrating") or current is None or current.ends_on is not None:
        abort(404)
    form = EndPackageForm(version=case.version)

    def run(f):
        problems = rules.end_problems(starts_on=current.starts_on, ends_on=f.ends_on.data,
                                      reason=f.end_reason.data or "")
        if problems:
            for name, message in problems.items():
                getattr(f, name).errors.append(message)
            raise _FieldErrors()
        s19_packages.end_package(case, ends_on=f.ends_on.data, reason=f.end_reason.data or "", actor=current_user,
                                 expected_version=f.version.data, today=today_in_england())

    return _action(case, form, "backoffice/section19/end_package.html", "End the package", run,
                   "Package ended. The case stays open. The letter is being sent to the family and the school.",
                   error_field="end_reason", current=current)


@requires("backoffice:case:write")
@commits
def s19_review(case_id: uuid.UUID):
    case = _case(case_id)
    if case.status not in ("package_in_place", "reintegrating"):
        abort(404)
    form = ReviewForm(version=case.version)

    def run(f):
        s19.record_review(case, reviewed_on=f.reviewed_on.data, outcome=f.outcome.data, notes=f.notes.data or "",
                          calendar=school_calendar(), actor=current_user, expected_version=f.version.data,
                          today=today_in_england())

    return _action(case, form, "backoffice/section19/review.html", "Review the package", run, "Review recorded.",
                   error_field="outcome", package=q.package_for_case(case))


@requires("backoffice:case:write")
@commits
def s19_reintegration(case_id: uuid.UUID):
    case = _case(case_id)
    if case.status not in ("package_in_place", "package_ended"):
        abort(404)
    referral = q.referral_for_case(case)
    form = ReintegrationForm(version=case.version,
                             receiving_school=referral.school.name if referral and referral.school else None)

    def run(f):
        s19.plan_reintegration(case, target_on=f.target_on.data, receiving_school=f.receiving_school.data,
                               notes=f.notes.data or "", actor=current_user, expected_version=f.version.data,
                               today=today_in_england())

    return _action(case, form, "backoffice/section19/reintegration.html", "Plan the return to school", run,
                   "The plan for the return to school is saved.", error_field="receiving_school")


@requires("backoffice:case:write")
@commits
def s19_close(case_id: uuid.UUID):
    case = _case(case_id)
    if case.status not in ("accepted", "package_in_place", "package_ended", "reintegrating"):
        abort(404)
    form = CloseForm(version=case.version)

    def run(f):
        s19.close_s19_case(case, outcome=f.outcome.data, notes=f.notes.data or "", actor=current_user,
                           expected_version=f.version.data)

    return _action(case, form, "backoffice/section19/close.html", "Close the Section 19 case", run, "Case closed.",
                   error_field="outcome")


# --- the provider catalogue ---------------------------------------------------------------------

@requires("backoffice:providers:write")
def s19_providers():
    return render_page("backoffice/section19/providers.html", page_title="Section 19 providers",
                       providers=q.providers())


def _provider_form(provider=None):
    form = ProviderForm(obj=provider) if provider is not None and request.method == "GET" else ProviderForm()
    if provider is not None and request.method == "GET":
        form.delivery.data = provider.delivery.value
    if form.validate_on_submit():
        values = {"name": form.name.data, "provider_type": form.provider_type.data, "delivery": form.delivery.data,
                  "hourly_rate": form.hourly_rate.data, "active": bool(form.active.data), "actor": current_user}
        try:
            if provider is None:
                s19.add_provider(**values)
            else:
                s19.update_provider(provider, **values)
        except ServiceError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            flash("Provider saved.", "success")
            return redirect(url_for("backoffice.s19_providers"))
    title = "Add a provider" if provider is None else f"Change {provider.name}"
    action = (url_for("backoffice.s19_provider_new") if provider is None
              else url_for("backoffice.s19_provider_edit", provider_id=provider.id))
    return render_page("backoffice/section19/provider_form.html", page_title=title, form=form, action=action)


@requires("backoffice:providers:write")
@commits
def s19_provider_new():
    return _provider_form()


@requires("backoffice:providers:write")
@commits
def s19_provider_edit(provider_id: uuid.UUID):
    return _provider_form(q.provider(provider_id) or abort(404))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/section-19", view_func=s19_caseload)
    bp.add_url_rule("/section-19/cases/<uuid:case_id>", view_func=s19_case)
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/decision", view_func=s19_decision, methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/package", view_func=s19_package, methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/package/change", view_func=s19_change_package,
                    methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/package/end", view_func=s19_end_package,
                    methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/review", view_func=s19_review, methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/return", view_func=s19_reintegration,
                    methods=["GET", "POST"])
    bp.add_url_rule("/section-19/cases/<uuid:case_id>/close", view_func=s19_close, methods=["GET", "POST"])
    bp.add_url_rule("/section-19/providers", view_func=s19_providers)
    bp.add_url_rule("/section-19/providers/new", view_func=s19_provider_new, methods=["GET", "POST"])
    bp.add_url_rule("/section-19/providers/<uuid:provider_id>", view_func=s19_provider_edit,
                    methods=["GET", "POST"])

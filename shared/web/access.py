"""Every route declares who may use it.

A view is stamped with an `AccessRule` by one of the decorators below. A `before_request` hook
enforces the rule, and refuses (fails closed) any endpoint that has none; a test walks the URL
map and fails on any route without a rule. Permissions are named `area:resource:action`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from shared.models.people import Role
from shared.queries.school_memberships import awaits_approval

R = Role

# The print queue (letters by post): every team that sends letters prints and posts its own
# (docs/decisions/0005-letters-by-post.md); administrators see no cases, so no letters.
PRINT_QUEUE = ("backoffice:print_queue:read", "backoffice:print_queue:write")

# Read and write are separate permissions. Staff read access to a case is further narrowed by
# the case's kind in shared.access.cases; these are the coarse gates on routes.
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    R.PARENT: frozenset({"portal:case:read", "portal:case:write", "portal:document:write",
                         "portal:consent:write"}),
    R.YOUNG_PERSON: frozenset({"portal:case:read", "portal:case:write", "portal:document:write",
                               "portal:consent:write"}),
    # School staff use these only while their school membership is approved (`enforce_access`);
    # the school members pages also need the membership to be the school's lead.
    R.SCHOOL_STAFF: frozenset({"portal:case:read", "portal:case:write", "portal:document:write",
                               "portal:s19_referral:write", "portal:school_access:read",
                               "portal:school_members:read", "portal:school_members:write"}),
    R.SENDIASS_ADVISER: frozenset({"portal:case:read"}),
    # A health professional makes Section 19 referrals and sees only the referrals they made
    # (shared/queries/cases.py); no `portal:case:write`, so no EHC request or EHE forms.
    R.HEALTH_PROFESSIONAL: frozenset({"portal:case:read", "portal:document:write",
                                      "portal:s19_referral:write"}),
    # EHC officers already see every EHC assessment case, so the timeliness report shows them
    # nothing new (docs/permissions.md). Each team's register (the triage queue, the home
    # education register, the children missing education register, the Section 19 caseload) is
    # the team's own: anyone else would open an empty page, so they are refused it.
    R.EHC_OFFICER: frozenset({"backoffice:case:read", "backoffice:case:write",
                              "backoffice:notice:read", "backoffice:reports:read",
                              "backoffice:triage:read", *PRINT_QUEUE}),
    R.EHE_PRACTITIONER: frozenset({"backoffice:case:read", "backoffice:case:write",
                                   "backoffice:notice:read", "backoffice:ehe_associates:write",
                                   "backoffice:cme_reports:write", "backoffice:ehe_register:read",
                                   "backoffice:cme_register:read", *PRINT_QUEUE}),
    R.S19_LEAD: frozenset({"backoffice:case:read", "backoffice:case:write", "backoffice:notice:read",
                           "backoffice:providers:write", "backoffice:s19_caseload:read", *PRINT_QUEUE}),
    R.MANAGER: frozenset({"backoffice:case:read", "backoffice:case:write", "backoffice:notice:read",
                          "backoffice:reports:read", "backoffice:providers:write",
                          "backoffice:ehe_associates:write", "backoffice:budgets:write",
                          "backoffice:cme_reports:write", "backoffice:school_members:read",
                          "backoffice:school_members:write", "backoffice:triage:read",
                          "backoffice:ehe_register:read", "backoffice:cme_register:read",
                          "backoffice:s19_caseload:read", *PRINT_QUEUE}),
    R.ADMINISTRATOR: frozenset({"backoffice:config:read", "backoffice:config:write",
                                "backoffice:users:read", "backoffice:users:write",
                                "backoffice:notice:read", "backoffice:school_members:read",
                                "backoffice:school_members:write"}),
}


@dataclass(frozen=True)
class AccessRule:
    """Who may use a view. `permission` None with `public` False means any signed-in user of
    the given `area` ("portal" or "backoffice")."""

    public: bool = False
    permission: str | None = None
    area: str | None = None
    dev_only: bool = False


def _stamp(rule: AccessRule) -> Callable:
    def decorate(view: Callable) -> Callable:
        view.access_rule = rule
        return view

    return decorate


def public(view: Callable) -> Callable:
    """Anyone, signed in or not: start pages, sign-in, health checks, static help pages."""
    return _stamp(AccessRule(public=True))(view)


def dev_only(view: Callable) -> Callable:
    """Anyone, but only when the app is not in production (the demo's sent-mail page)."""
    return _stamp(AccessRule(public=True, dev_only=True))(view)


def signed_in(area: str) -> Callable:
    """Any signed-in user of the area: a portal user in the portal, staff in the back-office."""
    return _stamp(AccessRule(area=area))


def requires(permission: str) -> Callable:
    """A signed-in user whose role holds `permission`."""
    area = permission.split(":", 1)[0]
    return _stamp(AccessRule(permission=permission, area=area))


def open_before_approval(view: Callable) -> Callable:
    """A portal view a school staff account may use while its membership awaits approval (the
    page that says so, signing out). Every other portal view sends such an account there."""
    view.open_before_approval = True
    return view


def has_permission(user, permission: str) -> bool:
    return bool(user and user.is_authenticated and permission in ROLE_PERMISSIONS.get(user.role, ()))


def can(permission: str) -> bool:
    """Whether the signed-in person holds `permission`: templates show a link or button only to
    those the route behind it would let in."""
    return has_permission(current_user, permission)


def rule_for_endpoint(endpoint: str | None) -> AccessRule | None:
    if endpoint is None:
        return None
    if endpoint == "static":
        return AccessRule(public=True)
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def enforce_access():
    """before_request: apply the endpoint's rule, or refuse when it has none."""
    if request.endpoint is None:
        return None  # 404/405 handled by Flask
    rule = rule_for_endpoint(request.endpoint)
    if rule is None:
        current_app.logger.error("Route %s has no access rule; refusing", request.endpoint)
        abort(403)
    if rule.dev_only and current_app.config["SETTINGS"].is_production:
        abort(404)
    if rule.public:
        return None
    if not current_user.is_authenticated:
        target = "backoffice.sign_in" if rule.area == "backoffice" else "portal.sign_in"
        return redirect(url_for(target, next=request.full_path if request.method == "GET" else None))
    if rule.area == "backoffice" and not current_user.is_staff:
        abort(403)
    if rule.area == "portal" and current_user.is_staff:
        abort(403)
    if (rule.area == "portal" and not getattr(current_app.view_functions[request.endpoint], "open_before_approval", False)
            and awaits_approval(current_user)):
        return redirect(url_for("portal.school_access"))
    if rule.permission and not has_permission(current_user, rule.permission):
        abort(403)
    return None


"""Values every template can use."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from shared.queries.school_memberships import awaits_approval, lead_membership
from shared.web.access import can, has_permission
from shared.web.security import csp_nonce


def init_context(app: Flask) -> None:
    settings = app.config["SETTINGS"]

    @app.context_processor
    def inject():
        area = "backoffice" if request.blueprint == "backoffice" else "portal"
        signed_in = current_user.is_authenticated
        prefix = "/staff" if area == "backoffice" else ""
        return {
            "nav_items": _nav_items(area, request.path) if signed_in else [],
            "sign_out_url": f"{prefix}/sign-out",
            "service_url": "/staff/admin/users" if _is_admin() else f"{prefix}/",
            "contact_url": "/contact",
            "session_timeout": {
                "idle_seconds": settings.session_idle_minutes * 60, "warning_seconds": 120,
                "keep_alive_url": "/session/keep-alive", "timed_out_url": f"{prefix}/sign-in",
            } if signed_in else None,
            "csp_nonce": csp_nonce,
            "can": can,
            "service_name": settings.service_name if area == "portal" else "SEND back-office",
            "council_name": settings.council_name,
            "area": area,
            "scanning_off": not settings.scanning_enabled,
            "is_staff": bool(current_user.is_authenticated and current_user.is_staff),
            "idle_timeout_seconds": settings.session_idle_minutes * 60,
            "session_lifetime_hours": settings.session_absolute_hours,
            "is_production": settings.is_production,
        }


# The menus: (text, address, who sees it). "Who" is a permission ("area:resource:action") or a
# set of roles; items appear in this order. An item behind a permission names the one the route
# requires, so nobody is shown a page that would refuse them (tests/integration/test_team_lists.py).
PORTAL_NAV = [
    ("Your cases", "/cases", {"parent", "young_person", "school_staff", "sendiass_adviser"}),
    ("Your referrals", "/cases", {"health_professional"}),  # only the Section 19 referrals they made
    ("Refer a child under Section 19", "/section-19/refer", {"health_professional"}),
    ("Consultations", "/consultations", {"school_staff"}),  # the council consulting the school (CFA s.39)
    ("Section 19 referral", "/section-19/refer", {"school_staff"}),
    ("Home education", "/home-education/notify", {"parent"}),
    ("Home education return", "/home-education/deletion", {"school_staff"}),
    ("Children missing education", "/children-missing-education", {"school_staff"}),
]
STAFF_NAV = [
    ("Triage", "/staff/triage", "backoffice:triage:read"),
    ("Open cases", "/staff/", None),
    ("Notices", "/staff/notices", None),
    ("Letters to post", "/staff/print-queue", "backoffice:print_queue:read"),
    ("Section 19", "/staff/section-19", "backoffice:s19_caseload:read"),
    ("Home education", "/staff/home-education", "backoffice:ehe_register:read"),
    ("Children missing education", "/staff/children-missing-education", "backoffice:cme_register:read"),
    ("EHE associates budget", "/staff/home-education/budget", "backoffice:ehe_associates:write"),
    ("Reports", "/staff/reports/timeliness", "backoffice:reports:read"),
    ("School staff access", "/staff/school-memberships", "backoffice:school_members:read"),
]
ADMIN_NAV = [("Users", "/staff/admin/users", None), ("Council contacts", "/staff/admin/contacts", None),
             ("School calendar", "/staff/admin/calendar", None), ("Notices", "/staff/notices", None),
             ("School staff access", "/staff/school-memberships", None)]


def _shown(who) -> bool:
    if who is None:
        return True
    if isinstance(who, str):
        return has_permission(current_user, who)
    return current_user.role.value in who


# A school staff account whose membership is not approved has one page (decision 0006); a school's
# lead also manages the school's staff.
AWAITING_APPROVAL_NAV = [("Your school access", "/school-access", None)]
SCHOOL_LEAD_NAV = [("School staff", "/school-staff", None)]


def _nav_items(area: str, path: str) -> list[dict]:
    if area == "portal" and awaits_approval(current_user):
        items = AWAITING_APPROVAL_NAV
    elif area == "portal":
        lead = current_user.role.value == "school_staff" and lead_membership(current_user) is not None
        items = PORTAL_NAV + (SCHOOL_LEAD_NAV if lead else [])
    else:
        items = ADMIN_NAV if _is_admin() else STAFF_NAV
    shown = [(text, href) for text, href, who in items if _shown(who)]
    # The longest address the page is under is the current item ("/staff/home-education/budget"
    # is not also "/staff/home-education").
    matches = [href for _, href in shown if path == href or (href != "/staff/" and path.startswith(href))]
    current = max(matches, key=len, default=None)
    return [{"text": text, "href": href, "active": href == current} for text, href in shown]


def _is_admin() -> bool:
    return bool(current_user.is_authenticated and current_user.role.value == "administrator")

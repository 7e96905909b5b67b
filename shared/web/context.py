"""Values every template can use."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from shared.web.access import has_permission
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
            "service_name": settings.service_name if area == "portal" else "SEND back-office",
            "council_name": settings.council_name,
            "area": area,
            "scanning_off": not settings.scanning_enabled,
            "is_staff": bool(current_user.is_authenticated and current_user.is_staff),
            "idle_timeout_seconds": settings.session_idle_minutes * 60,
            "is_production": settings.is_production,
        }


# The menus: (text, address, who sees it). "Who" is a permission ("area:resource:action") or a
# set of roles; items appear in this order.
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
    ("Triage", "/staff/triage", None),
    ("Open cases", "/staff/", None),
    ("Notices", "/staff/notices", None),
    ("Letters to post", "/staff/print-queue", "backoffice:print_queue:read"),
    ("Section 19", "/staff/section-19", {"s19_lead", "manager"}),
    ("Home education", "/staff/home-education", {"ehe_practitioner", "manager"}),
    ("Children missing education", "/staff/children-missing-education", {"ehe_practitioner", "manager"}),
    ("EHE associates budget", "/staff/home-education/budget", "backoffice:ehe_associates:write"),
    ("Reports", "/staff/reports/timeliness", "backoffice:reports:read"),
]
ADMIN_NAV = [("Users", "/staff/admin/users", None), ("Council contacts", "/staff/admin/contacts", None),
             ("School calendar", "/staff/admin/calendar", None), ("Notices", "/staff/notices", None)]


def _shown(who) -> bool:
    if who is None:
        return True
    if isinstance(who, str):
        return has_permission(current_user, who)
    return current_user.role.value in who


def _nav_items(area: str, path: str) -> list[dict]:
    if area == "portal":
        items = PORTAL_NAV
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

"""Values every template can use."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

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


PORTAL_NAV = [("Your cases", "/cases")]
SCHOOL_NAV = [*PORTAL_NAV, ("Consultations", "/consultations"), ("Section 19 referral", "/section-19/refer")]  # the council consulting the school (CFA s.39)
STAFF_NAV = [("Triage", "/staff/triage"), ("Open cases", "/staff/"), ("Notices", "/staff/notices")]
S19_NAV = [*STAFF_NAV, ("Section 19", "/staff/section-19")]
EHE_PORTAL_NAV = {"parent": [("Home education", "/home-education/notify")],
                  "school_staff": [("Home education return", "/home-education/deletion")]}
ADMIN_NAV = [("Users", "/staff/admin/users"), ("Council contacts", "/staff/admin/contacts"),
             ("School calendar", "/staff/admin/calendar"), ("Notices", "/staff/notices")]


def _nav_items(area: str, path: str) -> list[dict]:
    if area == "portal":
        items = SCHOOL_NAV if current_user.role.value == "school_staff" else PORTAL_NAV
        items = [*items, *EHE_PORTAL_NAV.get(current_user.role.value, [])]
    else:
        items = ADMIN_NAV if _is_admin() else (
            S19_NAV if current_user.role.value in ("s19_lead", "manager") else STAFF_NAV)
        if current_user.role.value in ("ehe_practitioner", "manager"):
            items = [*items, ("Home education", "/staff/home-education")]
    return [{"text": text, "href": href, "active": path == href or (href != "/staff/" and path.startswith(href))}
            for text, href in items]


def _is_admin() -> bool:
    return bool(current_user.is_authenticated and current_user.role.value == "administrator")

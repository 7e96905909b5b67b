"""Security headers on every response and the per-request CSP nonce.

The Content Security Policy allows no inline script or style: every script tag carries the
request's nonce, and the page checks in the test client verify it.
"""

from __future__ import annotations

import secrets

from flask import Flask, g, request
from flask_login import current_user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _content_security_policy(nonce: str, upload_origin: str) -> str:
    form_action = "'self'" + (f" {upload_origin}" if upload_origin else "")
    connect = "'self'" + (f" {upload_origin}" if upload_origin else "")
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        f"form-action {form_action}",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ])


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def init_security(app: Flask) -> None:
    settings = app.config["SETTINGS"]
    upload_origin = _origin(settings.s3_public_endpoint_url or settings.s3_endpoint_url)

    @app.after_request
    def set_headers(response):
        response.headers["Content-Security-Policy"] = _content_security_policy(csp_nonce(), upload_origin)
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if current_user and current_user.is_authenticated and request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

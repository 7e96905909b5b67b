"""Settings, read from the environment only.

Every setting has a typed field here and a row in the README's settings table. Development
and test runs get embedded defaults; production refuses to start with a missing secret, or
without a virus scanner.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

DEV_SECRET = "dev-only-secret-key-not-for-production"


class ConfigError(RuntimeError):
    """Raised when the environment cannot make a safe configuration."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return int(value) if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    secret_key: str = DEV_SECRET
    database_url: str = ""
    redis_url: str = ""
    s3_endpoint_url: str = ""
    s3_public_endpoint_url: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_bucket: str = "evidence"
    s3_region: str = "us-east-1"
    clamd_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "SEND Service <send@northbridge.example.gov.uk>"
    mail_sink_dir: str = ""
    notify_api_key: str = ""
    notify_base_url: str = ""
    notify_email_template_id: str = ""
    public_base_url: str = "http://127.0.0.1:8000"
    session_idle_minutes: int = 20
    # A session ends this long after sign-in whatever its use (shared/web/sessions.py).
    session_absolute_hours: int = 12
    # /healthz answers 503 when the oldest undelivered outbox row is older than this, or when no
    # RQ worker has sent a heartbeat within WORKER_HEARTBEAT_SECONDS (shared/web/health.py).
    outbox_max_age_seconds: int = 600
    worker_heartbeat_seconds: int = 120
    upload_max_bytes: int = 20 * 1024 * 1024
    upload_url_seconds: int = 900
    council_name: str = "Northbridge Council"
    service_name: str = "SEND services"
    secure_cookies: bool = False
    # Section 19 (docs/section-19.md): the council's own target for deciding a referral, in school
    # days after receipt (not statute: a placeholder to confirm), and how often a package is
    # reviewed, in school weeks.
    s19_referral_decision_school_days: int = 5
    s19_review_weeks: int = 6
    # Elective home education (docs/home-education.md): the Children's Wellbeing and Schools Act
    # 2026 regime (children-not-in-school register, s.47 consent), off until it is in force.
    ehe_cwsa_2026: bool = False
    # Days the parents have to answer a request for the register information (new EA 1996 s.436D):
    # left to regulations we could not confirm, so a setting (check).
    ehe_information_days: int = 15
    # Days before that date the parents are reminded (never before the request was sent;
    # shared/domain/ehe_information.py): the council's practice, not statute.
    ehe_information_reminder_days: int = 5
    extra: dict = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def scanning_enabled(self) -> bool:
        return bool(self.clamd_url)

    @property
    def mail_transport(self) -> str:
        if self.notify_api_key:
            return "notify"
        return "smtp"


_ENV_NAMES = {f.name: f.name.upper() for f in fields(Settings) if f.name != "extra"}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from the environment and refuse an unsafe production configuration."""
    env = os.environ if environ is None else environ
    values: dict = {}
    for f in fields(Settings):
        if f.name == "extra":
            continue
        raw = env.get(_ENV_NAMES[f.name])
        if raw is None:
            continue
        if f.type in ("int", int):
            values[f.name] = _int(raw, f.default)
        elif f.type in ("bool", bool):
            values[f.name] = _bool(raw, f.default)
        else:
            values[f.name] = raw
    settings = Settings(**values)
    check_settings(settings)
    return settings


def check_settings(settings: Settings) -> None:
    """Production must have its own secret, a database, a queue, a store and a virus scanner."""
    if not settings.is_production:
        return
    problems = []
    if settings.secret_key == DEV_SECRET or len(settings.secret_key) < 32:
        problems.append("SECRET_KEY must be set to at least 32 random characters")
    for name in ("database_url", "redis_url", "s3_endpoint_url"):
        if not getattr(settings, name):
            problems.append(f"{name.upper()} must be set")
    if not settings.clamd_url:
        problems.append("CLAMD_URL must be set: production never accepts uploads it cannot scan")
    if not settings.smtp_host and not settings.notify_api_key:
        problems.append("SMTP_HOST or NOTIFY_API_KEY must be set")
    if problems:
        raise ConfigError("Unsafe production configuration: " + "; ".join(problems))

"""Settings come from the environment; production refuses an unsafe configuration."""

import pytest

from shared.config import ConfigError, load_settings

SAFE = {"APP_ENV": "production", "SECRET_KEY": "x" * 40, "DATABASE_URL": "postgresql://db/send",
        "REDIS_URL": "redis://queue", "S3_ENDPOINT_URL": "https://s3", "CLAMD_URL": "tcp://clamd:3310",
        "SMTP_HOST": "smtp"}


def test_development_runs_with_embedded_defaults():
    settings = load_settings({})
    assert settings.app_env == "development" and not settings.scanning_enabled


def test_types_are_parsed():
    settings = load_settings({"SMTP_PORT": "2525", "SMTP_STARTTLS": "yes", "SESSION_IDLE_MINUTES": "30"})
    assert (settings.smtp_port, settings.smtp_starttls, settings.session_idle_minutes) == (2525, True, 30)


def test_session_lifetime_and_health_thresholds_have_defaults_and_can_be_set():
    defaults = load_settings({})
    assert (defaults.session_absolute_hours, defaults.outbox_max_age_seconds,
            defaults.worker_heartbeat_seconds) == (12, 600, 120)
    settings = load_settings({"SESSION_ABSOLUTE_HOURS": "8", "OUTBOX_MAX_AGE_SECONDS": "300",
                              "WORKER_HEARTBEAT_SECONDS": "90"})
    assert (settings.session_absolute_hours, settings.outbox_max_age_seconds,
            settings.worker_heartbeat_seconds) == (8, 300, 90)


def test_production_with_everything_set_starts():
    assert load_settings(SAFE).is_production


@pytest.mark.parametrize("missing", ["CLAMD_URL", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_ENDPOINT_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in SAFE.items() if k != missing}
    with pytest.raises(ConfigError, match=missing if missing != "SECRET_KEY" else "SECRET_KEY"):
        load_settings(env)


def test_production_without_a_mail_transport_refuses():
    env = {k: v for k, v in SAFE.items() if k != "SMTP_HOST"}
    with pytest.raises(ConfigError, match="SMTP_HOST or NOTIFY_API_KEY"):
        load_settings(env)
    assert load_settings({**env, "NOTIFY_API_KEY": "key"}).mail_transport == "notify"

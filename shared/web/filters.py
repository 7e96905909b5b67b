"""Template filters: dates the GOV.UK way ("23 November 2026")."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from shared.domain.dates import LONDON


def long_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # an ISO date frozen in a notice's JSON content
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".lower().replace(
        local.strftime("%B").lower(), local.strftime("%B"))


def init_filters(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(long_datetime)
    app.add_template_filter(status_label)


def status_label(case) -> str:
    from shared.domain.lifecycles import status_label as label

    return label(case.kind, case.status)

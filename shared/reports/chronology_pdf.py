"""A case's chronology as a tagged, accessible PDF, for a tribunal bundle, a complaint or an
MP's letter (users-and-journeys.md journey 10)."""

from __future__ import annotations

from datetime import datetime

from flask import render_template

from shared.db import utcnow
from shared.domain.lifecycles import status_label
from shared.models import Case
from shared.queries.chronology import chronology


def chronology_pdf(case: Case, *, council_name: str, produced_for: str, staff: bool) -> bytes:
    """`staff` includes the staff-only events; the family's, school's and adviser's copy leaves
    them out."""
    from weasyprint import HTML

    html = render_template("shared/reports/chronology.html", case=case,
                           entries=list(reversed(chronology(case, 5000, staff=staff))),
                           status=status_label(case.kind, case.status), council_name=council_name,
                           produced_at=utcnow(), produced_for=produced_for)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def chronology_filename(case: Case, at: datetime | None = None) -> str:
    return f"chronology-{case.reference}-{(at or utcnow()):%Y-%m-%d}.pdf"

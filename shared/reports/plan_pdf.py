"""An EHC plan version as a web fragment and as a tagged, accessible PDF (PDF/UA-1).

The same template renders the officer's preview, the family's page and the PDF sent with the
draft and final notices, so what is previewed is what is sent (SEND Regulations 2014 reg 12:
each section separately identified).
"""

from __future__ import annotations

from flask import current_app

from shared.domain import plan_content
from shared.models import Case
from shared.models.plans import PlanStage, PlanVersion

STAGE_TITLES = {PlanStage.WORKING: "Working copy: not sent to the family",
                PlanStage.DRAFT: "Draft plan", PlanStage.FINAL: "Final plan"}


def plan_context(version: PlanVersion) -> dict:
    """What `shared/plans/_plan_sections.html` needs."""
    return {"plan": version.content, "labels": plan_content.link_labels(version.content),
            "areas": plan_content.AREA_LABELS, "sections": plan_content.SECTIONS,
            "links_text": plan_content.links_text, "version": version,
            "stage_title": STAGE_TITLES[version.stage]}


def plan_html(case: Case, version: PlanVersion, *, council_name: str) -> str:
    # The app's Jinja environment (its filters) without request context processors: the worker
    # renders plans outside any request.
    template = current_app.jinja_env.get_template("shared/plans/plan_document.html")
    return template.render(case=case, council_name=council_name, heading_level=2, **plan_context(version))


def plan_pdf(case: Case, version: PlanVersion, *, council_name: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=plan_html(case, version, council_name=council_name)).write_pdf(pdf_variant="pdf/ua-1")


def plan_filename(case: Case, version: PlanVersion) -> str:
    stage = {PlanStage.WORKING: "working-copy", PlanStage.DRAFT: "draft", PlanStage.FINAL: "final"}[version.stage]
    return f"ehc-plan-{case.reference}-{stage}-v{version.number}.pdf"

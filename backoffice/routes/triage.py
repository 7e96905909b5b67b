"""The triage queue: new and open EHC needs assessment requests by their next statutory date.

Every control is a real form or link. With HTMX the filter form replaces only the results, and
assigning a case from its row replaces only that row: the row's form posts to the ordinary
assign endpoint with `next` pointing at the row's own address, which the browser follows.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import Blueprint, abort, request, url_for
from flask_login import current_user

from backoffice.forms_triage import TriageFilterForm
from backoffice.pagination import page_number, pagination
from shared.models import CaseKind
from shared.queries.cases import handles_kind
from shared.queries.staff import officers_for_kind
from shared.queries.triage import TriageFilters, schools_in_queue, triage_queue, triage_row
from shared.web.access import requires
from shared.web.filters import LONDON
from shared.web.pages import htmx, render_page
from shared.web.signin import safe_next

TRIAGE_PATH = "/staff/triage"


def _today():
    return datetime.now(LONDON).date()


def _fragment(name: str) -> str | None:
    # A history restore (the back button after a cache miss) needs the whole page.
    return None if htmx.history_restore_request else name


def _filter_args(filters: TriageFilters) -> dict[str, str]:
    """The query string of a filtered queue, without the defaults."""
    values = {"q": filters.q, "stage": filters.stage, "officer": filters.officer,
              "school": filters.school, "due": "" if filters.due == "all" else filters.due}
    return {key: value for key, value in values.items() if value}


@requires("backoffice:triage:read")
def triage():
    officers = officers_for_kind(CaseKind.EHC_ASSESSMENT)
    form = TriageFilterForm(formdata=request.args)
    form.set_choices(officers, schools_in_queue(current_user))
    filters = form.filters()
    result = triage_queue(current_user, filters, today=_today(), page=page_number())
    args = _filter_args(filters)
    back = url_for("backoffice.triage", **args, **({"page": result.page} if result.page > 1 else {}))
    return render_page("backoffice/triage.html", fragment=_fragment("backoffice/fragments/triage_results_update.html"),
                       page_title="Triage queue", filter_form=form, result=result, officers=officers,
                       back=back, pagination=pagination("backoffice.triage", args, result.page, result.pages,
                                             "Pages of the triage queue"),
                       filtered=bool(args), may_record=handles_kind(current_user, CaseKind.EHC_ASSESSMENT))


@requires("backoffice:triage:read")
def triage_case_row(case_id: uuid.UUID):
    """One row of the queue: what an assignment made from the row comes back to with HTMX, and
    without HTMX a small page of its own."""
    row = triage_row(current_user, case_id, today=_today()) or abort(404)
    back = safe_next(request.args.get("back"), TRIAGE_PATH)
    if not back.startswith(TRIAGE_PATH):
        back = TRIAGE_PATH
    return render_page("backoffice/triage_row.html", fragment=_fragment("backoffice/fragments/triage_row_update.html"),
                       page_title=f"Triage queue: {row.case.reference}", row=row,
                       officers=officers_for_kind(CaseKind.EHC_ASSESSMENT), back=back)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/triage", view_func=triage)
    bp.add_url_rule("/triage/cases/<uuid:case_id>/row", view_func=triage_case_row)

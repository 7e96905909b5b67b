"""Recording a request that arrived by post or email."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from backoffice.contact_forms import IntakeForm
from shared.domain.dates import today_in_england
from shared.models import CaseKind
from shared.queries.cases import handles_kind
from shared.queries.schools import all_schools, school_by_urn
from shared.services.errors import ServiceError
from shared.services.family_contacts import ContactDetails
from shared.services.intake import PaperRequest, record_paper_request
from shared.services.submissions import claim, previous_result
from shared.web.access import requires
from shared.web.pages import render_page
from shared.web.transactions import commits


@requires("backoffice:case:write")
@commits
def record_request():
    if not handles_kind(current_user, CaseKind.EHC_ASSESSMENT):
        abort(403)  # only the teams that handle EHC cases
    form = IntakeForm()
    form.school.choices = [("", "Not known")] + [(s.urn, f"{s.name} ({s.urn})") for s in all_schools()]
    if form.validate_on_submit():
        earlier = previous_result(form.submission_key.data)
        if earlier is not None:  # the same form posted twice: show what the first made
            return redirect(url_for("backoffice.case_page", case_id=earlier.result_id))
        upn = "".join(form.upn.data.split()).upper() if form.upn.data else None
        request = PaperRequest(form.first_name.data, form.last_name.data, form.date_of_birth.data, upn,
                               school_by_urn(form.school.data) if form.school.data else None,
                               form.received_on.data, form.channel.data, form.requester.data.strip(),
                               (form.summary.data or "").strip(), _contact(form))
        try:
            case, joined = record_paper_request(request, actor=current_user, today=today_in_england())
        except ServiceError as error:
            form.received_on.errors.append(str(error))
        else:
            claim(form.submission_key.data, user_id=current_user.id, result_type="case", result_id=str(case.id))
            flash(f"A request for {case.child.full_name} is already open ({case.reference}): this one was added to it."
                  if joined else f"Request recorded as {case.reference}.", "success")
            return redirect(url_for("backoffice.case_page", case_id=case.id))
    return render_page("backoffice/intake.html", page_title="Record a request received by post or email", form=form)


def _contact(form: IntakeForm) -> ContactDetails | None:
    if not (form.contact_name.data or "").strip():
        return None
    return ContactDetails(name=form.contact_name.data, email=form.contact_email.data or "",
                          address_line_1=form.contact_address_line_1.data or "",
                          address_line_2=form.contact_address_line_2.data or "", town=form.contact_town.data or "",
                          postcode=form.contact_postcode.data or "", prefers_post=bool(form.contact_prefers_post.data))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/requests/new", view_func=record_request, methods=["GET", "POST"])

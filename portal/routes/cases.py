"""A family's (or school's, or adviser's) view of their cases."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort
from flask_login import current_user

from portal.routes.plans import case_plan
from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Role
from shared.queries.cases import case_for_user, visible_cases
from shared.queries.chronology import chronology
from shared.queries.ehe import family_panel
from shared.queries.key_dates import key_dates_for
from shared.queries.referrer_view import readable_documents, readable_notices, sees_whole_case
from shared.services.exceptions import exceptions_for_case
from shared.web.access import requires
from shared.web.pages import render_page


def reader_of(user) -> str:
    """Whom the case page's words are for: the parent, the young person, or someone else who may
    see the case (a school, a SENDIASS adviser, a referrer)."""
    return {Role.PARENT: "parent", Role.YOUNG_PERSON: "young_person"}.get(user.role, "other")


@requires("portal:case:read")
def dashboard():
    cases = list(db.session.scalars(visible_cases(current_user).limit(200)))
    return render_page("portal/dashboard.html", page_title="Your cases", cases=cases)


@requires("portal:case:read")
def case_page(case_id: uuid.UUID):
    case = case_for_user(current_user, case_id) or abort(404)
    today = today_in_england()
    dates, next_step = key_dates_for(case, today, reader=reader_of(current_user))
    return render_page("portal/case.html", page_title=f"{case.kind.label} for {case.child.full_name}",
                       case=case, key_dates=dates, next_step=next_step, exceptions=exceptions_for_case(case), documents=readable_documents(case, current_user),
                       notices=readable_notices(case, current_user), whole_case=sees_whole_case(current_user),
                       events=chronology(case) if sees_whole_case(current_user) else [], ehe_panel=family_panel(case, current_user, today),
                       **case_plan(case, current_user, today))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/cases", view_func=dashboard)
    bp.add_url_rule("/cases/<uuid:case_id>", view_func=case_page)

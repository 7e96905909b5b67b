"""One form per case action in the back-office, the same way for each kind of casework
(children missing education, elective home education): an action names its form, the service
call that runs it and the message shown when it is done; the view validates the form, runs the
service in the request's transaction and goes back to the case, or shows the form again with the
service's refusal on the field it concerns (a stale save is a `Conflict`, handled for all pages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, url_for

from shared.db import db
from shared.domain.dates import today_in_england
from shared.models import Case
from shared.services.errors import Conflict, ServiceError


@dataclass(frozen=True)
class CaseAction:
    slug: str
    title: str
    form: type
    states: frozenset[str]  # where it can be used; empty means any open state
    run: Callable  # run(case, form, today): one service call
    done: str
    error_field: str
    intro: str = ""

    def available(self, case: Case) -> bool:
        if case.closed_at is not None:
            return False
        return not self.states or case.status in self.states


def submit_action(case: Case, action: CaseAction, form, *, case_endpoint: str):
    """On a valid post, run the action: the redirect to the case page (`case_endpoint`) once done,
    or None with the refusal on the form's `error_field` (the page shows the form again)."""
    if form.validate_on_submit():
        try:
            action.run(case, form, today_in_england())
        except Conflict:
            raise
        except ServiceError as error:
            db.session.rollback()
            getattr(form, action.error_field).errors.append(str(error))
        else:
            flash(action.done, "success")
            return redirect(url_for(case_endpoint, case_id=case.id))
    return None

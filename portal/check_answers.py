"""The "Check your answers" page after a one-page form (a school's children missing education
report, a home education notification or deletion return, a Section 19 referral): the answers wait
in the session; sending them calls one service, once per idempotency key (the same form posted
again goes to the case the first post made), and a refusal is shown on the send button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, request, session, url_for

from shared.db import db
from shared.models import Case
from shared.services.errors import ServiceError


def check_and_send(form, *, session_key: str, form_endpoint: str, sent_endpoint: str,
                   earlier: Callable[[str], Case | None], load: Callable[[dict], Any],
                   send: Callable[[Any, str], Case], page: Callable[[Any], Any]):
    """`form`: the send form (its submission key); `earlier(key)`: the case a post with this key
    already made; `load(stored)`: the answers from the session; `send(answers, key)`: the
    service that makes the case; `page(answers)`: the check page. Without answers in the session,
    back to the form (`form_endpoint`); once sent, to the confirmation (`sent_endpoint`)."""
    if request.method == "POST" and form.validate_on_submit():
        made = earlier(form.submission_key.data)
        if made is not None:  # the same form posted again: the case it made
            return redirect(url_for(sent_endpoint, case_id=made.id))
    stored = session.get(session_key)
    if not stored:
        return redirect(url_for(form_endpoint))
    answers = load(stored)
    if request.method == "POST" and form.validate_on_submit():
        try:
            with db.session.begin_nested():
                case = send(answers, form.submission_key.data)
        except ServiceError as error:
            form.submit.errors = [str(error)]
        else:
            session.pop(session_key, None)
            return redirect(url_for(sent_endpoint, case_id=case.id))
    return page(answers)

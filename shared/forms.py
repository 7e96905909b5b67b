"""Form pieces both front doors use: GOV.UK widgets and the idempotency key of a submission."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField


class IdempotentForm(FlaskForm):
    """A form whose POST may arrive twice (a double click, a retry): the hidden key makes the
    second arrival find the record the first one made, instead of making another."""

    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.submission_key.data:
            self.submission_key.data = uuid.uuid4().hex


def submit_field(label: str = "Continue") -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())

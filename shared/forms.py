"""Form pieces both front doors use: GOV.UK widgets and the idempotency key of a submission."""

from __future__ import annotations

import uuid
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from wtforms import Field, HiddenField, SubmitField
from wtforms.validators import StopValidation


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


class GovDateField(Field):
    """A GOV.UK date input (day, month, year boxes under one name).

    The widget needs exactly three parts to render, so the parts are always padded to three:
    a POST that carries none of them (a crafted request, a broken browser) gets "Enter ..." and
    never a 500. Messages follow the GOV.UK date input pattern."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, *, required_message: str | None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message  # None: the date may be left out

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.raw_data is not None:
            parts = [str(part).strip() for part in self.raw_data][:3]
            self.raw_data = parts + [""] * (3 - len(parts))

    def process_formdata(self, valuelist):
        parts = [str(part).strip() for part in (valuelist or [])][:3]
        parts += [""] * (3 - len(parts))
        self.data = None
        if not any(parts):
            return
        name = self.label.text
        missing = [unit for unit, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{name} must include a {' and a '.join(missing)}")
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise ValueError(f"{name} must be a real date, with the year in 4 digits")
        try:
            self.data = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValueError(f"{name} must be a real date") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required_message:
            raise StopValidation(self.required_message)

    def _value(self):
        return " ".join(self.raw_data) if self.raw_data else (self.data.strftime("%d %m %Y") if self.data else "")

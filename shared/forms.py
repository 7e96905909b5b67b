"""Form pieces both front doors use: the base form, GOV.UK widgets and the idempotency key of a
submission."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, FormField, HiddenField, SubmitField
from wtforms.validators import StopValidation

from shared.control_characters import has_control_characters, without_control_characters


def control_character_message(label: str) -> str:
    return (f"{label or 'This answer'} must not contain hidden control characters. We have "
            "removed them: check the answer and try again")


class GovForm(FlaskForm):
    """The base of every form in the service.

    Answers holding control characters (a NUL byte, above all, which PostgreSQL refuses and
    which used to end in a 500 wherever an answer reached a query) are cleaned before any field
    sees them, so no validator, query or template meets them; the form then fails validation
    with an error on each field concerned, shown in the error summary with the answers kept (a
    form-level error when the answer belongs to no field of the form).
    A test checks that every FlaskForm in the app derives from this class.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            formdata = super().wrap_formdata(form, formdata)
            form._control_character_fields = set()
            if formdata is None or not hasattr(formdata, "items"):
                return formdata
            pairs = list(formdata.items(multi=True))
            dirty = {key for key, value in pairs if isinstance(value, str) and has_control_characters(value)}
            if not dirty:
                return formdata
            form._control_character_fields = dirty
            return MultiDict([(key, without_control_characters(value) if isinstance(value, str) else value)
                              for key, value in pairs])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dirty = getattr(self, "_control_character_fields", set())
        if not dirty:
            return valid
        named = set()
        for field in _all_fields(self):
            if field.name in dirty:
                field.errors = [control_character_message(field.label.text), *field.errors]
                named.add(field.name)
        if dirty - named:
            # An answer the route reads itself (the rows of a plan section, say): the form as a
            # whole fails, so that answer is never saved either.
            self.form_errors.append(control_character_message("An answer"))
        return False


def _all_fields(form) -> Iterator[Field]:
    """Every field of a form, including those inside FormField and FieldList."""
    for field in form:
        if isinstance(field, FormField):
            yield from _all_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                yield from (_all_fields(entry.form) if isinstance(entry, FormField) else [entry])
        else:
            yield field


class IdempotentForm(GovForm):
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

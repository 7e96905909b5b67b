"""The child in a report, notification or referral (children missing education, home education,
Section 19), the same in the portal and the back-office: the fields (each call makes a new one, so
a form keeps the order it lists them in) and the checks across them. Rendered together by the
`child_fields` macro in templates/shared/components/child_fields.html."""

from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from shared.domain.dates import age_on, today_in_england
from shared.forms import GovDateField

UPN_PATTERN = re.compile(r"^[A-Z][0-9]{12}$")


def first_name() -> StringField:
    return StringField("Child's first name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the child's first name"), Length(max=100)])


def last_name() -> StringField:
    return StringField("Child's last name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the child's last name"), Length(max=100)])


def date_of_birth() -> GovDateField:
    return GovDateField("Date of birth", required_message="Enter the child's date of birth",
                        description="For example, 27 3 2014")


def _upn_format(form, field) -> None:
    """An optional UPN, when given, is a letter then 12 numbers."""
    value = (field.data or "").strip().upper()
    if value and not UPN_PATTERN.match(value):
        raise ValidationError("Enter a UPN as a letter then 12 numbers, or leave it empty")


def upn(description: str = "A letter then 12 numbers") -> StringField:
    """The optional UPN, checked by the field itself so that no form can forget it."""
    return StringField("Unique pupil number (UPN) (optional)", widget=GovTextInput(), description=description,
                       validators=[Optional(), Length(max=13), _upn_format])


def check_age(field, max_age: int) -> bool:
    """The date of birth is in the past and the child aged `max_age` or under; else an error on
    the field."""
    today = today_in_england()
    if field.data and (field.data >= today or age_on(field.data, today) > max_age):
        field.errors.append(f"Date of birth must be in the past, and the child aged {max_age} or under")
        return False
    return True


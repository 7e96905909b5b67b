"""Back-office forms and checks shared by the casework of several kinds (children missing
education, elective home education). Each form carries the case's version (a stale save is a
conflict)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from backoffice.forms import VersionedForm
from shared.domain.dates import today_in_england
from shared.forms import submit_field

TEXT_LIMIT = 5000


def not_future(field) -> bool:
    """A date field's answer must be today or in the past: adds the error to the field."""
    if field.data and field.data > today_in_england():
        field.errors.append(f"{field.label.text} must be today or in the past")
        return False
    return True


class StartEnquiriesForm(VersionedForm):
    submit = submit_field("Start enquiries")


class SafeguardingForm(VersionedForm):
    concern = TextAreaField("Describe the safeguarding concern", widget=GovTextArea(),
                            description="Also refer it through the council's safeguarding procedure.",
                            validators=[DataRequired("Describe the safeguarding concern"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record concern")

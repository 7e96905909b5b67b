"""Back-office forms for elective home education (docs/home-education.md). Each carries the
case's version (a stale save is a conflict)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import DecimalField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from backoffice.forms import VersionedForm
from shared.domain.dates import today_in_england
from shared.forms import GovDateField, submit_field
from shared.models import CheckInKind, CheckInOutcome

TEXT_LIMIT = 5000


def _not_future(field) -> bool:
    if field.data and field.data > today_in_england():
        field.errors.append(f"{field.label.text} must be today or in the past")
        return False
    return True


class ConsentForm(VersionedForm):
    decision = RadioField("Does the council consent to the child's name being deleted?", widget=GovRadioInput(),
                          choices=[("give", "Yes, give consent"), ("refuse", "No, refuse consent")],
                          validators=[DataRequired("Select whether the council consents")])
    reasons = TextAreaField("Reasons for the decision", widget=GovTextArea(),
                            description="These go into the letter to the parents and the school. Put each reason on "
                                        "its own line.",
                            validators=[DataRequired("Give the reasons for the decision"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record decision and send notice")


class StartEnquiriesForm(VersionedForm):
    submit = submit_field("Start enquiries")


class CheckInForm(VersionedForm):
    held_on = GovDateField("Date of the check-in", required_message="Enter the date of the check-in")
    kind = RadioField("How was it made?", widget=GovRadioInput(), choices=[(k.value, k.label) for k in CheckInKind],
                      validators=[DataRequired("Select how the check-in was made")])
    outcome = RadioField("Outcome", widget=GovRadioInput(), choices=[(o.value, o.label) for o in CheckInOutcome],
                         validators=[DataRequired("Select the outcome of the check-in")])
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    next_check_in_on = GovDateField("Next check-in (optional)", required_message=None,
                                    description="Usually next term. For example, 12 1 2027")
    submit = submit_field("Record check-in")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = _not_future(self.held_on) and ok
        if self.held_on.data and self.next_check_in_on.data and self.next_check_in_on.data <= self.held_on.data:
            self.next_check_in_on.errors.append("The next check-in must be after this one")
            ok = False
        return ok


class SafeguardingForm(VersionedForm):
    concern = TextAreaField("Describe the safeguarding concern", widget=GovTextArea(),
                            description="Also refer it through the council's safeguarding procedure.",
                            validators=[DataRequired("Describe the safeguarding concern"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record concern")


class SuitableForm(VersionedForm):
    reasons = TextAreaField("Why does the education appear suitable?", widget=GovTextArea(),
                            validators=[DataRequired("Say why the education appears suitable"),
                                        Length(max=TEXT_LIMIT)])
    submit = submit_field("Record judgement")


class S437Form(VersionedForm):
    served_on = GovDateField("Date the notice was served", required_message="Enter the date the notice was served",
                             description="For a posted notice, the day it is treated as served")
    days = IntegerField("Days the parent has to respond", widget=GovTextInput(),
                        description="At least 15 days, beginning with the day of service",
                        validators=[InputRequired("Enter the number of days"),
                                    NumberRange(min=15, max=365, message="Enter at least 15 days")])
    reasons = TextAreaField("Why does it appear the child is not receiving suitable education?",
                            widget=GovTextArea(), validators=[DataRequired("Give the reasons"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record the notice")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _not_future(self.served_on) and ok


class AttendanceOrderForm(VersionedForm):
    school_name = StringField("School named in the order", widget=GovTextInput(),
                              validators=[DataRequired("Enter the school the order names"), Length(max=200)])
    issued_on = GovDateField("Date of the order", required_message="Enter the date of the order")
    submit = submit_field("Record the order")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _not_future(self.issued_on) and ok


class ReturnForm(VersionedForm):
    school_name = StringField("School the child has joined", widget=GovTextInput(),
                              validators=[DataRequired("Enter the school the child has joined"), Length(max=200)])
    returned_on = GovDateField("Date the child started", required_message="Enter the date the child started")
    submit = submit_field("Record return to school")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _not_future(self.returned_on) and ok


class RegisterDetailsForm(VersionedForm):
    hours_by_parents = DecimalField("Hours a week taught by the parents", widget=GovTextInput(), places=1,
                                    validators=[Optional(), NumberRange(min=0, max=168,
                                                                        message="Enter hours from 0 to 168")])
    hours_by_others = DecimalField("Hours a week taught by others", widget=GovTextInput(), places=1,
                                   validators=[Optional(), NumberRange(min=0, max=168,
                                                                       message="Enter hours from 0 to 168")])
    other_providers = TextAreaField("Other providers", widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    submit = submit_field("Save register details")

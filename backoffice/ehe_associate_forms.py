"""Back-office forms for EHE associates, their visits and the budget (docs/ehe-associates.md).
Visit forms carry the case's version (a stale save is a conflict)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import DecimalField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from backoffice.forms import VersionedForm
from shared.domain.dates import today_in_england
from shared.forms import GovDateField, GovForm, IdempotentForm, submit_field
from shared.models import CheckInOutcome

TEXT_LIMIT = 5000


class AssociateForm(IdempotentForm):
    name = StringField("Full name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the associate's name"), Length(max=200)])
    email = EmailField("Email address", widget=GovTextInput(),
                       description="Visits are sent here: the child's name, address, parents' contact details and date",
                       validators=[DataRequired("Enter the associate's email address"),
                                   Email("Enter an email address in the correct format, like name@example.com"),
                                   Length(max=254)])
    phone = StringField("Phone number (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    visit_fee = DecimalField("Fee for each visit, in pounds", widget=GovTextInput(), places=2,
                             description="For example, 120.00",
                             validators=[InputRequired("Enter the fee for each visit"),
                                         NumberRange(min=0, max=100000, message="Enter a fee from 0 to 100000")])
    mileage_rate = DecimalField("Mileage rate, in pounds a mile", widget=GovTextInput(), places=2,
                                description="For example, 0.45",
                                validators=[InputRequired("Enter the mileage rate"),
                                            NumberRange(min=0, max=10, message="Enter a mileage rate from 0 to 10")])
    submit = submit_field("Save associate")


class ActiveForm(GovForm):
    """Stop (or restart) allocating visits to an associate: the button only."""


class BudgetForm(IdempotentForm):
    amount = DecimalField("Budget for the year, in pounds", widget=GovTextInput(), places=2,
                          description="For example, 25000",
                          validators=[InputRequired("Enter the budget"),
                                      NumberRange(min=0, max=100000000, message="Enter a budget from 0 to 100000000")])
    submit = submit_field("Set the budget")


class AllocateForm(VersionedForm, IdempotentForm):
    associate = SelectField("Associate", widget=GovSelect(), validators=[DataRequired("Choose an associate")])
    planned_on = GovDateField("Planned date of the visit", required_message="Enter the planned date of the visit",
                              description="For example, 12 1 2027")
    estimated_miles = DecimalField("Estimated miles (optional)", widget=GovTextInput(), places=1,
                                   description="The return journey, for the estimate. Leave empty for none",
                                   validators=[Optional(), NumberRange(min=0, max=1000,
                                                                       message="Enter miles from 0 to 1000")])
    submit = submit_field("Allocate the visit")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.planned_on.data and self.planned_on.data < today_in_england():
            self.planned_on.errors.append("The planned date must be today or in the future")
            ok = False
        return ok


class RecordVisitForm(VersionedForm):
    visited_on = GovDateField("Date of the visit", required_message="Enter the date of the visit")
    outcome = RadioField("Outcome", widget=GovRadioInput(), choices=[(o.value, o.label) for o in CheckInOutcome],
                         validators=[DataRequired("Select the outcome of the visit")])
    actual_miles = DecimalField("Miles travelled", widget=GovTextInput(), places=1,
                                description="The return journey the associate claims. Enter 0 for none",
                                validators=[InputRequired("Enter the miles travelled"),
                                            NumberRange(min=0, max=1000, message="Enter miles from 0 to 1000")])
    report_notes = TextAreaField("What the associate reported", widget=GovTextArea(),
                                 validators=[DataRequired("Enter what the associate reported"),
                                             Length(max=TEXT_LIMIT)])
    next_check_in_on = GovDateField("Next check-in (optional)", required_message=None,
                                    description="Usually next term. For example, 12 1 2027")
    submit = submit_field("Record the visit")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.visited_on.data and self.visited_on.data > today_in_england():
            self.visited_on.errors.append("The date of the visit must be today or in the past")
            ok = False
        if self.visited_on.data and self.next_check_in_on.data and self.next_check_in_on.data <= self.visited_on.data:
            self.next_check_in_on.errors.append("The next check-in must be after the visit")
            ok = False
        return ok


class CancelVisitForm(VersionedForm):
    reason = TextAreaField("Why is the visit cancelled?", widget=GovTextArea(),
                           description="For the case record. The associate is told the visit is cancelled, not why.",
                           validators=[DataRequired("Give the reason for cancelling the visit"),
                                       Length(max=TEXT_LIMIT)])
    submit = submit_field("Cancel the visit")

"""Back-office forms for children missing education (docs/children-missing-education.md). Each
action form carries the case's version (a stale save is a conflict); the officer's report carries
an idempotency key (posted twice, it makes one report)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from backoffice.case_forms import TEXT_LIMIT, not_future
from backoffice.forms import VersionedForm
from shared import child_fields
from shared.domain.cme import AGENCIES, OTHER_SOURCES, OUTCOMES
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.cme import MAX_AGE

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, message: str) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=YES_NO, validators=[DataRequired(message)])


class OtherReportForm(IdempotentForm):
    other_source = SelectField("Who told us about the child?", widget=GovSelect(),
                               choices=[("", "Select who told us")] + list(OTHER_SOURCES.items()),
                               validate_choice=False, validators=[DataRequired("Select who told us about the child")])
    source_details = TextAreaField("What they told us", widget=GovTextArea(),
                                   description="Who it was (name, role, organisation), how to reach them and what "
                                               "they said",
                                   validators=[DataRequired("Enter what they told us"), Length(max=TEXT_LIMIT)])
    first_name = child_fields.first_name()
    last_name = child_fields.last_name()
    date_of_birth = child_fields.date_of_birth()
    upn = child_fields.upn(description="")
    address = TextAreaField("Last known home address", widget=GovTextArea(),
                            validators=[DataRequired("Enter the last known home address"), Length(max=500)])
    parent_names = StringField("Names of the parents or carers", widget=GovTextInput(),
                               validators=[DataRequired("Enter the names of the parents or carers, or 'Not known'"),
                                           Length(max=300)])
    parent_email = EmailField("Parents' email address (optional)", widget=GovTextInput(),
                              validators=[Optional(), Email("Enter an email address in the correct format, like "
                                                            "name@example.com"), Length(max=254)])
    parent_phone = StringField("Parents' phone number (optional)", widget=GovTextInput(),
                               validators=[Optional(), Length(max=40)])
    school_name = StringField("Last known school (optional)", widget=GovTextInput(),
                              validators=[Optional(), Length(max=200)])
    has_ehc_plan = _yes_no("Does the child have an EHC plan?", "Select whether the child has an EHC plan")
    has_sen = _yes_no("Does the child have special educational needs?",
                      "Select whether the child has special educational needs")
    has_social_worker = _yes_no("Does the child have a social worker?", "Select whether the child has a social worker")
    safeguarding_known = _yes_no("Is there a safeguarding concern?", "Select whether there is a safeguarding concern")
    safeguarding_notes = TextAreaField("If yes, describe it", widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    submit = submit_field("Record the report")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = child_fields.check_age(self.date_of_birth, MAX_AGE) and ok
        if self.safeguarding_known.data == "yes" and not (self.safeguarding_notes.data or "").strip():
            self.safeguarding_notes.errors.append("Describe the safeguarding concern")
            ok = False
        return ok


class ReviewForm(VersionedForm):
    reviewed_on = GovDateField("Date of the review", required_message="Enter the date of the review")
    agencies = SelectMultipleField("Agencies contacted", widget=GovCheckboxesInput(), choices=list(AGENCIES.items()),
                                   validators=[Optional()])
    barriers = TextAreaField("Barriers to a school place", widget=GovTextArea(),
                             description="For example, no place offered, a school's resistance, transport, health",
                             validators=[Length(max=TEXT_LIMIT)])
    actions = TextAreaField("Actions agreed", widget=GovTextArea(),
                            description="Who will do what: challenge to a school, support package, referral",
                            validators=[DataRequired("Enter the actions agreed"), Length(max=TEXT_LIMIT)])
    next_review_on = GovDateField("Next review (optional)", required_message=None,
                                  description="Leave empty for the usual weekly review")
    submit = submit_field("Record review")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = not_future(self.reviewed_on) and ok
        if self.reviewed_on.data and self.next_review_on.data and self.next_review_on.data <= self.reviewed_on.data:
            self.next_review_on.errors.append("The next review must be after this one")
            ok = False
        return ok


class CloseForm(VersionedForm):
    outcome = RadioField("Outcome", widget=GovRadioInput(), choices=list(OUTCOMES.items()),
                         validators=[DataRequired("Select the outcome")])
    closed_on = GovDateField("Date of the outcome", required_message="Enter the date of the outcome")
    school_name = StringField("If on roll: the school", widget=GovTextInput(), validators=[Length(max=200)])
    council_name = StringField("If moved: the council the child has moved to", widget=GovTextInput(),
                               validators=[Length(max=200)])
    council_told_on = GovDateField("If moved: the date that council was told", required_message=None)
    details = TextAreaField("Details", widget=GovTextArea(), description="Required for 'Other'",
                            validators=[Length(max=TEXT_LIMIT)])
    submit = submit_field("Close the case")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = not_future(self.closed_on) and ok
        checks = {"on_roll": (self.school_name, "Enter the school the child is on roll at"),
                  "moved_council": (self.council_name, "Enter the council the child has moved to"),
                  "other": (self.details, "Say what happened")}
        if self.outcome.data in checks:
            field, message = checks[self.outcome.data]
            if not (field.data or "").strip():
                field.errors.append(message)
                ok = False
        if self.outcome.data == "moved_council":
            if self.council_told_on.data is None and not self.council_told_on.errors:
                self.council_told_on.errors.append("Enter the date that council was told")
                ok = False
            ok = not_future(self.council_told_on) and ok
        return ok

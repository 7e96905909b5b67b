"""Home education forms (journey 6): a parent's notification and a school's deletion return, each
one page, then "Check your answers"."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from shared import child_fields
from shared.domain.dates import today_in_england
from shared.domain.ehe import CONTACT_PREFERENCES, DFE_REASONS
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.ehe import MAX_AGE

TEXT_LIMIT = 5000
YES_NO = [("yes", "Yes"), ("no", "No")]
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class _ChildAndFamily(IdempotentForm):
    first_name = child_fields.first_name()
    last_name = child_fields.last_name()
    date_of_birth = child_fields.date_of_birth()
    address = TextAreaField("Child's home address", widget=GovTextArea(),
                            validators=[DataRequired("Enter the child's home address"), Length(max=500)])
    parent_names = StringField("Names of the parents or carers", widget=GovTextInput(),
                               validators=[DataRequired("Enter the names of the parents or carers"),
                                           Length(max=300)])
    parent_phone = StringField("Phone number (optional)", widget=GovTextInput(),
                               validators=[Optional(), Length(max=40)])
    has_ehc_plan = RadioField("Does the child have an education, health and care (EHC) plan?", widget=GovRadioInput(),
                              choices=YES_NO, validators=[DataRequired("Select whether the child has an EHC plan")])
    has_sen = RadioField("Does the child have special educational needs (SEN support)?", widget=GovRadioInput(),
                         choices=YES_NO, validators=[DataRequired("Select whether the child has special "
                                                                  "educational needs")])
    # The Children's Wellbeing and Schools Act 2026 regime only (shown when the setting is on).
    hours_by_parents = DecimalField("Hours a week the child is taught by the parents (optional)",
                                    widget=GovTextInput(), places=1,
                                    validators=[Optional(), NumberRange(min=0, max=168, message=(
                                        "Enter hours a week from 0 to 168"))])
    hours_by_others = DecimalField("Hours a week the child is taught by someone else (optional)",
                                   widget=GovTextInput(), places=1,
                                   validators=[Optional(), NumberRange(min=0, max=168, message=(
                                       "Enter hours a week from 0 to 168"))])
    other_providers = TextAreaField("Who else teaches the child (tutors, online schools, groups) (optional)",
                                    widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])

    @staticmethod
    def _not_future(field, message: str) -> bool:
        if field.data and field.data > today_in_england():
            field.errors.append(message)
            return False
        return True


class ParentNotificationForm(_ChildAndFamily):
    parent_email = EmailField("Your email address", widget=GovTextInput(),
                              validators=[DataRequired("Enter your email address"), Email(EMAIL_FORMAT),
                                          Length(max=254)])
    school = SelectField("The school the child left", widget=GovSelect(), validate_choice=False,
                         validators=[DataRequired("Select the school the child left, or 'Not at a school'")])
    left_school_on = GovDateField("Date the child left the school (optional)", required_message=None,
                                  description="For example, 2 11 2026")
    reasons = SelectMultipleField("Why have you decided to home educate? (optional)", widget=GovCheckboxesInput(),
                                  choices=list(DFE_REASONS.items()), validators=[Optional()])
    other_reason = TextAreaField("Anything else about your reasons (optional)", widget=GovTextArea(),
                                 validators=[Length(max=TEXT_LIMIT)])
    education_description = TextAreaField("Tell us about the education you will provide (optional)",
                                          widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    contact_preferences = SelectMultipleField("How should we contact you?", widget=GovCheckboxesInput(),
                                              choices=list(CONTACT_PREFERENCES.items()),
                                              validators=[DataRequired("Select how we should contact you")])
    submit = submit_field("Continue")

    def prepare(self, schools) -> None:
        self.school.choices = [("", "Select a school"), ("none", "Not at a school")] + [
            (s.urn, f"{s.name} (URN {s.urn})") for s in schools]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = child_fields.check_age(self.date_of_birth, MAX_AGE) and ok
        return self._not_future(self.left_school_on, "The date the child left must be today or in the past") and ok


class DeletionReturnForm(_ChildAndFamily):
    upn = child_fields.upn()
    parent_email = EmailField("Parents' email address", widget=GovTextInput(),
                              validators=[DataRequired("Enter the parents' email address"), Email(EMAIL_FORMAT),
                                          Length(max=254)])
    deleted_on = GovDateField("Date of deletion from the admission register",
                              required_message="Enter the date of deletion",
                              description="For a special school: the date you would delete the name. You must not "
                                          "delete it until the council consents.")
    safeguarding_known = RadioField("Does the school have any safeguarding concerns about the child?",
                                    widget=GovRadioInput(), choices=YES_NO,
                                    validators=[DataRequired("Select whether the school has safeguarding concerns")])
    safeguarding_notes = TextAreaField("If yes, describe them", widget=GovTextArea(),
                                       validators=[Length(max=TEXT_LIMIT)])
    s47_enquiries = RadioField("Is the child subject to enquiries or action under section 47 of the Children "
                               "Act 1989?", widget=GovRadioInput(), choices=YES_NO, validators=[Optional()])
    submit = submit_field("Continue")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = child_fields.check_age(self.date_of_birth, MAX_AGE) and ok
        if self.safeguarding_known.data == "yes" and not (self.safeguarding_notes.data or "").strip():
            self.safeguarding_notes.errors.append("Describe the safeguarding concerns")
            ok = False
        return ok


class SendNotificationForm(IdempotentForm):
    submit = submit_field("Send notification")

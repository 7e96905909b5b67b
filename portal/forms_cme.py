"""The school's children missing education report (docs/children-missing-education.md): one page,
then "Check your answers"."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from shared import child_fields
from shared.domain.cme import DELETION_GROUNDS, illness_notification_due
from shared.domain.dates import today_in_england
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.cme import MAX_AGE

TEXT_LIMIT = 5000
YES_NO = [("yes", "Yes"), ("no", "No")]
KINDS = [("deletion", "We have deleted the pupil from our admission register and do not know where they have gone"),
         ("illness", "The pupil has been absent through illness for 15 school days or more")]


def _yes_no(label: str, message: str) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=YES_NO, validators=[DataRequired(message)])


class CmeReportForm(IdempotentForm):
    kind = RadioField("What are you telling us about?", widget=GovRadioInput(), choices=KINDS,
                      validators=[DataRequired("Select what you are telling us about")])
    first_name = child_fields.first_name()
    last_name = child_fields.last_name()
    date_of_birth = child_fields.date_of_birth()
    upn = child_fields.upn()
    address = TextAreaField("Last known home address", widget=GovTextArea(),
                            validators=[DataRequired("Enter the last known home address"), Length(max=500)])
    parent_names = StringField("Names of the parents or carers", widget=GovTextInput(),
                               validators=[DataRequired("Enter the names of the parents or carers"), Length(max=300)])
    parent_email = EmailField("Parents' email address (optional)", widget=GovTextInput(),
                              validators=[Optional(), Email("Enter an email address in the correct format, like "
                                                            "name@example.com"), Length(max=254)])
    parent_phone = StringField("Parents' phone number (optional)", widget=GovTextInput(),
                               validators=[Optional(), Length(max=40)])
    deletion_ground = SelectField("Ground for deleting the pupil's name", widget=GovSelect(),
                                  choices=[("", "Select the ground")] + list(DELETION_GROUNDS.items()),
                                  validate_choice=False)
    deleted_on = GovDateField("Date of deletion", required_message=None, description="For example, 2 11 2026")
    days_absent = IntegerField("School days missed through illness", widget=GovTextInput(),
                               description="Consecutive or added together", validators=[
                                   Optional(), NumberRange(min=0, max=400, message="Enter a number of school days")])
    expected_return_on = GovDateField("Expected return to school (optional)", required_message=None,
                                      description="If you know it. For example, 5 1 2027")
    has_ehc_plan = _yes_no("Does the child have an education, health and care (EHC) plan?",
                           "Select whether the child has an EHC plan")
    has_sen = _yes_no("Does the child have special educational needs (SEN support)?",
                      "Select whether the child has special educational needs")
    has_social_worker = _yes_no("Does the child have a social worker?", "Select whether the child has a social worker")
    safeguarding_known = _yes_no("Does the school have any safeguarding concerns about the child?",
                                 "Select whether the school has safeguarding concerns")
    safeguarding_notes = TextAreaField("If yes, describe them", widget=GovTextArea(),
                                      validators=[Length(max=TEXT_LIMIT)])
    notes = TextAreaField("Anything else we should know (optional)", widget=GovTextArea(),
                          description="For example, what the school has done to find the child",
                          validators=[Length(max=TEXT_LIMIT)])
    submit = submit_field("Continue")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        today = today_in_england()
        ok = child_fields.check_age(self.date_of_birth, MAX_AGE) and ok
        if self.kind.data == "deletion":
            ok = self._deletion(today) and ok
        elif self.kind.data == "illness":
            ok = self._illness(today) and ok
        if self.safeguarding_known.data == "yes" and not (self.safeguarding_notes.data or "").strip():
            self.safeguarding_notes.errors.append("Describe the safeguarding concerns")
            ok = False
        return ok

    def _deletion(self, today) -> bool:
        ok = True
        if self.deletion_ground.data not in DELETION_GROUNDS:
            self.deletion_ground.errors.append("Select the ground for deleting the pupil's name")
            ok = False
        if self.deleted_on.data is None and not self.deleted_on.errors:
            self.deleted_on.errors.append("Enter the date of deletion")
            ok = False
        elif self.deleted_on.data and self.deleted_on.data > today:
            self.deleted_on.errors.append("Date of deletion must be today or in the past")
            ok = False
        return ok

    def _illness(self, today) -> bool:
        if self.days_absent.errors:
            return False
        if self.days_absent.data is None:
            self.days_absent.errors.append("Enter the school days missed through illness")
            return False
        if not illness_notification_due(self.days_absent.data):
            self.days_absent.errors.append("Tell us once the pupil has missed 15 school days or more through illness")
            return False
        if self.expected_return_on.data and self.expected_return_on.data < today:
            self.expected_return_on.errors.append("Expected return must be today or in the future")
            return False
        return True


class SendReportForm(IdempotentForm):
    submit = submit_field("Send report")

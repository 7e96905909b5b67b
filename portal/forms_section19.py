"""The Section 19 referral form (journey 7): one page, then "Check your answers"."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from shared import child_fields
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.section19 import MAX_AGE, NOT_ON_ROLL, REFERRER_TYPES

TEXT_LIMIT = 5000


class ReferralForm(IdempotentForm):
    referrer_type = RadioField("Who is making the referral?", widget=GovRadioInput(),
                               choices=list(REFERRER_TYPES.items()),
                               validators=[DataRequired("Select who is making the referral")])
    referrer_job_title = StringField("Your job title (and, for a health professional, their name and role)",
                                     widget=GovTextInput(),
                                     validators=[DataRequired("Enter your job title"), Length(max=200)])
    first_name = child_fields.first_name()
    last_name = child_fields.last_name()
    date_of_birth = child_fields.date_of_birth()
    upn = child_fields.upn()
    address = TextAreaField("Child's home address", widget=GovTextArea(),
                            validators=[DataRequired("Enter the child's home address"), Length(max=500)])
    reason = RadioField("Why can the child not attend school?", widget=GovRadioInput(), choices=[
        ("illness", "Illness or health needs"), ("permanent_exclusion", "Permanent exclusion"),
        ("other", "Another reason")], validators=[DataRequired("Select why the child cannot attend school")])
    expected_absence_days = IntegerField("For illness: how many more school days is the child expected to miss?",
                                         widget=GovTextInput(), description="Your best estimate. Medical evidence is "
                                         "not needed for us to act.",
                                         validators=[Optional(), NumberRange(min=0, max=400, message=(
                                             "Enter a number of school days from 0 to 400"))])
    exclusion_first_day = GovDateField("For a permanent exclusion: the first day of the exclusion",
                                       required_message=None, description="For example, 23 10 2026")
    other_reason = TextAreaField("For another reason: describe it", widget=GovTextArea(),
                                 validators=[Length(max=TEXT_LIMIT)])
    days_missed = IntegerField("School days missed so far", widget=GovTextInput(),
                               description="Consecutive or not",
                               validators=[InputRequired("Enter the school days missed so far"),
                                           NumberRange(min=0, max=400, message="Enter a number from 0 to 400")])
    school_view = TextAreaField("The school's view", widget=GovTextArea(),
                                description="What the school has tried and why it cannot provide education now",
                                validators=[DataRequired("Enter the school's view"), Length(max=TEXT_LIMIT)])
    parent_name = StringField("Parent or carer's name", widget=GovTextInput(),
                              validators=[DataRequired("Enter the parent or carer's name"), Length(max=200)])
    parent_email = EmailField("Parent or carer's email address", widget=GovTextInput(),
                              description="We send our decision to this address",
                              validators=[DataRequired("Enter the parent or carer's email address"),
                                          Email("Enter an email address in the correct format, like "
                                                "name@example.com"), Length(max=254)])
    parent_views = TextAreaField("The parent's views", widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    parent_told = RadioField("Has the parent been told about this referral?", widget=GovRadioInput(),
                             choices=[("yes", "Yes"), ("no", "No")],
                             validators=[DataRequired("Select whether the parent has been told")])
    parent_consents = RadioField("Does the parent agree to the referral?", widget=GovRadioInput(),
                                 choices=[("yes", "Yes"), ("no", "No")],
                                 validators=[DataRequired("Select whether the parent agrees")])
    submit = submit_field("Continue")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = child_fields.check_age(self.date_of_birth, MAX_AGE) and ok
        if self.reason.data == "illness" and self.expected_absence_days.data is None \
                and not self.expected_absence_days.errors:
            self.expected_absence_days.errors.append("Enter how many more school days the child is expected to miss")
            ok = False
        if self.reason.data == "permanent_exclusion" and self.exclusion_first_day.data is None \
                and not self.exclusion_first_day.errors:
            self.exclusion_first_day.errors.append("Enter the first day of the permanent exclusion")
            ok = False
        if self.reason.data == "other" and not (self.other_reason.data or "").strip():
            self.other_reason.errors.append("Describe why the child cannot attend school")
            ok = False
        if self.parent_told.data == "no":
            self.parent_told.errors.append("Tell the parent about the referral before you send it")
            ok = False
        return ok


class HealthReferralForm(ReferralForm):
    """A health professional's referral: the referrer type and job title come from their account,
    and they choose the child's school from the list (or say the child is on no school's roll)."""

    referrer_type = None
    referrer_job_title = None
    school = SelectField("The child's school", widget=GovSelect(), validate_choice=False,
                         description="The school whose roll the child is on. We tell the school about the referral.",
                         validators=[DataRequired("Select the child's school, or 'Not on a school roll'")])
    school_view = TextAreaField("Why the child cannot attend school now", widget=GovTextArea(),
                                description="Your view of the child's health needs and what they mean for school",
                                validators=[DataRequired("Enter why the child cannot attend school now"),
                                            Length(max=TEXT_LIMIT)])

    def prepare(self, schools) -> None:
        self.school.choices = [("", "Select a school"), (NOT_ON_ROLL, "Not on a school roll")] + [
            (s.urn, f"{s.name} (URN {s.urn})") for s in schools]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        urns = {value for value, _ in self.school.choices or []} - {""}
        if self.school.data and self.school.data not in urns:
            self.school.errors.append("Select the child's school from the list, or 'Not on a school roll'")
            ok = False
        return ok


class SendReferralForm(IdempotentForm):
    submit = submit_field("Send referral")

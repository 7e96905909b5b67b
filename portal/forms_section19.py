"""The Section 19 referral form (journey 7): one page, then "Check your answers"."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import EmailField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from portal.forms_ehc_request import UPN_PATTERN
from shared.domain.dates import age_on, today_in_england
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.section19 import MAX_AGE, REFERRER_TYPES

TEXT_LIMIT = 5000


class ReferralForm(IdempotentForm):
    referrer_type = RadioField("Who is making the referral?", widget=GovRadioInput(),
                               choices=list(REFERRER_TYPES.items()),
                               validators=[DataRequired("Select who is making the referral")])
    referrer_job_title = StringField("Your job title (and, for a health professional, their name and role)",
                                     widget=GovTextInput(),
                                     validators=[DataRequired("Enter your job title"), Length(max=200)])
    first_name = StringField("Child's first name", widget=GovTextInput(),
                             validators=[DataRequired("Enter the child's first name"), Length(max=100)])
    last_name = StringField("Child's last name", widget=GovTextInput(),
                            validators=[DataRequired("Enter the child's last name"), Length(max=100)])
    date_of_birth = GovDateField("Date of birth", required_message="Enter the child's date of birth",
                                 description="For example, 27 3 2014")
    upn = StringField("Unique pupil number (UPN) (optional)", widget=GovTextInput(),
                      description="A letter then 12 numbers", validators=[Optional(), Length(max=13)])
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
        today = today_in_england()
        if self.date_of_birth.data and (self.date_of_birth.data >= today or age_on(self.date_of_birth.data, today)
                                        > MAX_AGE):
            self.date_of_birth.errors.append("Date of birth must be in the past, and the child aged 18 or under")
            ok = False
        upn = (self.upn.data or "").strip().upper()
        if upn and not UPN_PATTERN.match(upn):
            self.upn.errors.append("Enter a UPN as a letter then 12 numbers, or leave it empty")
            ok = False
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


class SendReferralForm(IdempotentForm):
    submit = submit_field("Send referral")

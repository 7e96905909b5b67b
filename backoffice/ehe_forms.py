"""Back-office forms for elective home education (docs/home-education.md). Each carries the
case's version (a stale save is a conflict)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import DecimalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from backoffice.case_forms import TEXT_LIMIT, not_future
from backoffice.forms import VersionedForm
from shared.forms import GovDateField, submit_field
from shared.models import CheckInKind, CheckInOutcome


class ConsentForm(VersionedForm):
    decision = RadioField("Does the council consent to the child's name being deleted?", widget=GovRadioInput(),
                          choices=[("give", "Yes, give consent"), ("refuse", "No, refuse consent")],
                          validators=[DataRequired("Select whether the council consents")])
    reasons = TextAreaField("Reasons for the decision", widget=GovTextArea(),
                            description="These go into the letter to the parents and the school. Put each reason on "
                                        "its own line.",
                            validators=[DataRequired("Give the reasons for the decision"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record decision and send notice")


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
        ok = not_future(self.held_on) and ok
        if self.held_on.data and self.next_check_in_on.data and self.next_check_in_on.data <= self.held_on.data:
            self.next_check_in_on.errors.append("The next check-in must be after this one")
            ok = False
        return ok


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
        return not_future(self.served_on) and ok


class S437SendForm(VersionedForm):
    days = IntegerField("Days the parents have to respond", widget=GovTextInput(),
                        description="At least 15 days, beginning with the day the letter is sent. Give more if the "
                                    "parents get letters by post.",
                        validators=[InputRequired("Enter the number of days"),
                                    NumberRange(min=15, max=365, message="Enter at least 15 days")])
    reasons = TextAreaField("Why does it appear the child is not receiving suitable education?", widget=GovTextArea(),
                            description="These go into the letter to the parents. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Send the notice")


class SchoolChoiceForm(VersionedForm):
    """A form that names schools: the route fills the choices from the school list."""

    def set_schools(self, choices: list[tuple[str, str]]) -> None:
        for field in self:
            if isinstance(field, SelectField):
                field.choices = [("", "Select a school" if field.flags.required else "None")] + choices


class SaoIntentionForm(SchoolChoiceForm):
    school_id = SelectField("School the council intends to name", widget=GovSelect(),
                            validators=[DataRequired("Select the school the council intends to name")])
    alternative_1 = SelectField("Another suitable school (optional)", widget=GovSelect(), validators=[Optional()])
    alternative_2 = SelectField("A further suitable school (optional)", widget=GovSelect(), validators=[Optional()])
    reasons = TextAreaField("Why have the parents not satisfied the council?", widget=GovTextArea(),
                            description="These go into the letter to the parents. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Send the notice of intention")


class SaoSendForm(SchoolChoiceForm):
    school_id = SelectField("School the order names", widget=GovSelect(),
                            description="The school in the notice of intention, or the one the parents chose in "
                                        "their 15 days",
                            validators=[DataRequired("Select the school the order names")])
    reasons = TextAreaField("Why is the council making the order?", widget=GovTextArea(),
                            description="These go into the letter to the parents. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Send the order")


class InformationRequestForm(VersionedForm):
    submit = submit_field("Send the request")


class AttendanceOrderForm(VersionedForm):
    school_name = StringField("School named in the order", widget=GovTextInput(),
                              validators=[DataRequired("Enter the school the order names"), Length(max=200)])
    issued_on = GovDateField("Date of the order", required_message="Enter the date of the order")
    submit = submit_field("Record the order")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return not_future(self.issued_on) and ok


class ReturnForm(VersionedForm):
    school_name = StringField("School the child has joined", widget=GovTextInput(),
                              validators=[DataRequired("Enter the school the child has joined"), Length(max=200)])
    returned_on = GovDateField("Date the child started", required_message="Enter the date the child started")
    submit = submit_field("Record return to school")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return not_future(self.returned_on) and ok


class RegisterDetailsForm(VersionedForm):
    hours_by_parents = DecimalField("Hours a week taught by the parents", widget=GovTextInput(), places=1,
                                    validators=[Optional(), NumberRange(min=0, max=168,
                                                                        message="Enter hours from 0 to 168")])
    hours_by_others = DecimalField("Hours a week taught by others", widget=GovTextInput(), places=1,
                                   validators=[Optional(), NumberRange(min=0, max=168,
                                                                       message="Enter hours from 0 to 168")])
    other_providers = TextAreaField("Other providers", widget=GovTextArea(), validators=[Length(max=TEXT_LIMIT)])
    submit = submit_field("Save register details")


# --- a school attendance order in force: revoked (EA 1996 s.442) or amended (s.440) ----------------

YES_NO = [("yes", "Yes"), ("no", "No")]


class SaoRevocationRequestForm(VersionedForm):
    received_on = GovDateField("Date the application arrived", required_message="Enter the date the application arrived",
                               description="For example, 27 3 2027")
    arrangements = TextAreaField("What do the parents say about the education they have arranged?",
                                 widget=GovTextArea(),
                                 description="The education the parents say they have arranged for the child otherwise "
                                             "than at school: who teaches, what, and for how long",
                                 validators=[DataRequired("Say what the parents tell us about the education they have "
                                                          "arranged"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Record the application")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return not_future(self.received_on) and ok


class SaoRevokeForm(VersionedForm):
    reasons = TextAreaField("Why is the council revoking the order?", widget=GovTextArea(),
                            description="These go into the letter to the parents and the school. Put each reason on "
                                        "its own line.",
                            validators=[DataRequired("Give the reasons for revoking the order"), Length(max=TEXT_LIMIT)])
    submit = submit_field("Revoke the order and send the letter")


class SaoRefuseForm(VersionedForm):
    reasons = TextAreaField("Why has no satisfactory education been arranged otherwise than at school?",
                            widget=GovTextArea(),
                            description="These go into the letter to the parents. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons for refusing to revoke the order"),
                                        Length(max=TEXT_LIMIT)])
    plan_names_school = RadioField("Does the child's EHC plan name a school or other institution?",
                                   widget=GovRadioInput(), choices=YES_NO,
                                   description="When it does, the parents cannot refer the refusal to the Secretary "
                                               "of State (section 442), and the letter says so",
                                   validators=[DataRequired("Select whether the EHC plan names a school or other "
                                                            "institution")])
    submit = submit_field("Refuse and send the letter")


class SaoAmendForm(SchoolChoiceForm):
    school_id = SelectField("School the parents asked for", widget=GovSelect(),
                            validators=[DataRequired("Select the school the parents asked for")])
    requested_on = GovDateField("Date the parents asked for the change", required_message="Enter the date the parents "
                                "asked for the change", description="For example, 27 3 2027")
    place_offered = RadioField("Has the school offered the child a place?", widget=GovRadioInput(), choices=YES_NO,
                               description="For a school not maintained by a local authority, the conditions of "
                                           "section 440(3) or (4) must be met too",
                               validators=[DataRequired("Select whether the school has offered the child a place")])
    submit = submit_field("Amend the order and send the letter")

    def set_schools(self, choices: list[tuple[str, str]]) -> None:
        self.school_id.choices = [("", "Select a school")] + choices  # not the radios (a RadioField is a select)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.place_offered.data == "no":
            self.place_offered.errors.append("The school named can be changed only once the school has offered the "
                                             "child a place")
            ok = False
        return not_future(self.requested_on) and ok

"""Portal forms about the EHC plan: the family's response to the draft, the school's answer to a
consultation."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from shared.forms import IdempotentForm, submit_field
from shared.models.plans import ConsultationAnswer

PREFERENCE_CHOICES = [("school", "A school or college from the list"),
                      ("other", "Another school, college or setting"),
                      ("none", "No preference at the moment")]


class DraftResponseForm(IdempotentForm):
    comments = TextAreaField("Your comments on the draft plan (optional)", widget=GovTextArea(),
                             description="Anything you think is wrong or missing, section by section if you can. "
                                         "For example: a need in section B that is not described, or provision "
                                         "in section F that does not say how much or how often.",
                             validators=[Optional(), Length(max=20000, message="Your comments must be 20,000 "
                                                                               "characters or fewer")])
    preference = RadioField("Which school or setting would you like named in the plan?", widget=GovRadioInput(),
                            choices=PREFERENCE_CHOICES,
                            validators=[DataRequired("Select which school or setting you would like named, or "
                                                     "'No preference at the moment'")])
    school = SelectField("School or college", widget=GovSelect(), validate_choice=False)
    other_setting = StringField("Name of the school, college or setting", widget=GovTextInput(),
                                description="And its town, if you know it.",
                                validators=[Length(max=300, message="The name must be 300 characters or fewer")])
    meeting = RadioField("Would you like a meeting about the draft plan?", widget=GovRadioInput(),
                         choices=[("yes", "Yes"), ("no", "No")],
                         validators=[DataRequired("Select yes if you would like a meeting about the draft plan")])
    submit = submit_field("Send your response")

    def prepare(self, schools) -> None:
        self.school.choices = [("", "Select a school or college")] + [
            (school.urn, f"{school.name} (URN {school.urn})") for school in schools]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.preference.data == "school" and not self.school.data:
            self.school.errors = [*self.school.errors, "Select the school or college you would like named"]
            valid = False
        if self.preference.data == "other" and not (self.other_setting.data or "").strip():
            self.other_setting.errors = [*self.other_setting.errors,
                                         "Enter the name of the school, college or setting"]
            valid = False
        return valid


class ConsultationAnswerForm(IdempotentForm):
    answer = RadioField("Can your school or college meet the child's needs?", widget=GovRadioInput(),
                        choices=[(a.value, a.label) for a in ConsultationAnswer],
                        validators=[DataRequired("Select your answer")])
    details = TextAreaField("Details", widget=GovTextArea(),
                            description="Required unless you can meet the child's needs as the plan stands: the "
                                        "changes or resources you would need, or why admitting the child would be "
                                        "unsuitable or incompatible with the efficient education of others or the "
                                        "efficient use of resources.",
                            validators=[Length(max=20000, message="Details must be 20,000 characters or fewer")])
    submit = submit_field("Send your answer")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.answer.data and self.answer.data != ConsultationAnswer.CAN_MEET.value \
                and not (self.details.data or "").strip():
            self.details.errors = [*self.details.errors, "Explain your answer: the changes or resources you would "
                                                         "need, or why admitting the child would be unsuitable"]
            valid = False
        return valid

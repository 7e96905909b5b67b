"""Back-office forms for Section 19 (docs/section-19.md)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from backoffice.forms import VersionedForm
from shared.forms import GovDateField, IdempotentForm, submit_field
from shared.services.section19 import CLOSE_OUTCOMES, DECISIONS, REVIEW_OUTCOMES


class S19DecisionForm(VersionedForm):
    decision = RadioField("What has the council decided?", widget=GovRadioInput(), choices=list(DECISIONS.items()),
                          validators=[DataRequired("Select a decision")])
    other_route = StringField("Which route instead?", widget=GovTextInput(),
                              description="Only for another route. For example: an EHC needs assessment, EOTAS",
                              validators=[Optional(), Length(max=200)])
    reasons = TextAreaField("Reasons for the decision", widget=GovTextArea(),
                            description="These go into the letter to the family and the school. Put each reason on "
                                        "its own line. Needed unless you accept the referral.",
                            validators=[Length(max=5000)])
    submit = submit_field("Record decision and send notice")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.decision.data in ("direct_to_school", "another_route") and not (self.reasons.data or "").strip():
            self.reasons.errors.append("Give the reasons for the decision")
            ok = False
        if self.decision.data == "another_route" and not (self.other_route.data or "").strip():
            self.other_route.errors.append("Say which route the child's education should take instead")
            ok = False
        return ok


class ProviderForm(IdempotentForm):
    name = StringField("Provider name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the provider's name"), Length(max=200)])
    provider_type = StringField("Type of provider", widget=GovTextInput(),
                                description="For example: hospital education service, tuition agency, "
                                            "alternative provision academy",
                                validators=[DataRequired("Enter the type of provider"), Length(max=100)])
    delivery = RadioField("Group or individual", widget=GovRadioInput(),
                          choices=[("group", "Group"), ("individual", "Individual (one to one)")],
                          validators=[DataRequired("Select group or individual")])
    hourly_rate = DecimalField("Hourly rate in pounds", widget=GovTextInput(), places=2,
                               description="For example, 45.50",
                               validators=[InputRequired("Enter the hourly rate"),
                                           NumberRange(min=0, max=10000, message="Enter an hourly rate from 0 to 10000")])
    active = BooleanField("In use: can be chosen for new packages", widget=GovCheckboxInput(), default=True)
    submit = submit_field("Save provider")


class PackageForm(VersionedForm):
    provider = SelectField("Provider", widget=GovSelect(), validators=[DataRequired("Choose a provider")])
    individual_reason = TextAreaField("Why is a group not suitable?", widget=GovTextArea(),
                                      description="Needed when you choose an individual provider while a group "
                                                  "is available",
                                      validators=[Length(max=2000)])
    hours_per_week = DecimalField("Hours a week", widget=GovTextInput(), places=1,
                                  validators=[InputRequired("Enter the hours a week"),
                                              NumberRange(min=0.5, max=40, message="Hours a week must be from 0.5 to 40")])
    full_time = RadioField("Full-time or reduced hours", widget=GovRadioInput(),
                           choices=[("full", "Full-time"), ("reduced", "Reduced hours, for health reasons")],
                           validators=[DataRequired("Select full-time or reduced hours")])
    reduced_reason = TextAreaField("The health reason for reduced hours", widget=GovTextArea(),
                                   description="Only for reduced hours: why full-time education would not be in the "
                                               "child's interests",
                                   validators=[Length(max=2000)])
    starts_on = GovDateField("Start date", required_message="Enter the start date",
                             description="For example, 9 11 2026")
    review_every_weeks = IntegerField("Review every (school weeks)", widget=GovTextInput(),
                                      validators=[InputRequired("Enter how often the package is reviewed"),
                                                  NumberRange(min=1, max=26, message="Review every 1 to 26 weeks")])
    submit = submit_field("Commission the package")


class ReviewForm(VersionedForm):
    reviewed_on = GovDateField("Date of the review", required_message="Enter the date of the review",
                               description="For example, 18 12 2026")
    outcome = RadioField("Outcome", widget=GovRadioInput(), choices=list(REVIEW_OUTCOMES.items()),
                         validators=[DataRequired("Select the outcome of the review")])
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Length(max=5000)])
    submit = submit_field("Record the review")


class ReintegrationForm(VersionedForm):
    target_on = GovDateField("Target date to return", required_message="Enter the target date",
                             description="For example, 4 1 2027")
    receiving_school = StringField("School the child will return to", widget=GovTextInput(),
                                   validators=[DataRequired("Enter the school the child will return to"),
                                               Length(max=200)])
    notes = TextAreaField("The plan for the return", widget=GovTextArea(),
                          description="For example: a phased timetable, who supports the child, the first meeting",
                          validators=[Length(max=5000)])
    submit = submit_field("Save the plan for the return")


class CloseForm(VersionedForm):
    outcome = RadioField("Outcome", widget=GovRadioInput(), choices=list(CLOSE_OUTCOMES.items()),
                         validators=[DataRequired("Select the outcome")])
    notes = TextAreaField("Notes", widget=GovTextArea(), description="Needed for \"Other\"",
                          validators=[Length(max=2000)])
    submit = submit_field("Close the case")


class ChangePackageForm(PackageForm):
    """A new package replacing the current one: the current one ends the day before."""

    starts_on = None
    effective_on = GovDateField("Date the change takes effect", required_message="Enter the date the change takes "
                                "effect", description="The current package ends the day before. For example, 4 1 2027")
    change_reason = TextAreaField("Reason for the change", widget=GovTextArea(),
                                  description="A reduction in hours goes into the letter to the family and the school",
                                  validators=[Length(max=2000)])  # required by the rules (change_problems)
    submit = submit_field("Change the package")


class EndPackageForm(VersionedForm):
    ends_on = GovDateField("Last day of the package", required_message="Enter the last day of the package",
                           description="For example, 18 12 2026")
    end_reason = TextAreaField("Reason for ending the package", widget=GovTextArea(),
                               description="This goes into the letter to the family and the school. The case stays "
                                           "open: for example, awaiting a new provider, or a phased return",
                               validators=[DataRequired("Give the reason for ending the package"), Length(max=2000)])
    submit = submit_field("End the package and send the letter")

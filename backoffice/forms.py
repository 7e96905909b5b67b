"""Back-office forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from shared.auth.passwords import MIN_LENGTH
from shared.forms import GovDateField, GovForm, IdempotentForm, submit_field
from shared.models.advice import AdviceKind
from shared.models.config import CouncilContacts
from shared.models.people import STAFF_ROLES, Role


class StaffSignInForm(IdempotentForm):
    email = EmailField("Email address", widget=GovTextInput(), validators=[DataRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[DataRequired("Enter your password")])
    submit = submit_field("Continue")


class CodeForm(IdempotentForm):
    code = StringField("Security code", widget=GovTextInput(),
                       description="The 6-digit code from your authenticator app",
                       validators=[DataRequired("Enter the security code"),
                                   Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="Enter the 6-digit code")])
    submit = submit_field("Sign in")


class VersionedForm(GovForm):
    """A form that edits a versioned record: the version it was loaded at travels with it."""

    version = IntegerField(widget=HiddenField.widget)


class AssignForm(VersionedForm):
    officer = SelectField("Assign to", widget=GovSelect(), validators=[DataRequired("Choose an officer")])
    submit = submit_field("Assign")


class AssessmentDecisionForm(VersionedForm):
    decision = RadioField("Will the council carry out an EHC needs assessment?", widget=GovRadioInput(),
                          choices=[("agree", "Yes, carry out an assessment"),
                                   ("refuse", "No, do not assess")],
                          validators=[DataRequired("Select whether the council will assess")])
    reasons = TextAreaField("Reasons for the decision", widget=GovTextArea(),
                            description="These go into the letter to the family. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons for the decision"), Length(max=5000)])
    submit = submit_field("Record decision and send notice")


class PlanDecisionForm(VersionedForm):
    decision = RadioField("Will the council issue an EHC plan?", widget=GovRadioInput(),
                          choices=[("issue", "Yes, write a draft EHC plan"), ("not_issue", "No, do not issue a plan")],
                          validators=[DataRequired("Select whether the council will issue a plan")])
    reasons = TextAreaField("Reasons for the decision", widget=GovTextArea(),
                            description="These go into the letter to the family. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons for the decision"), Length(max=5000)])
    submit = submit_field("Record decision and send notice")


class NewUserForm(IdempotentForm):
    full_name = StringField("Full name", widget=GovTextInput(), validators=[DataRequired("Enter their full name")])
    email = EmailField("Email address", widget=GovTextInput(),
                       validators=[DataRequired("Enter their email address"),
                                   Email("Enter an email address in the correct format, like name@example.com")])
    role = RadioField("Role", widget=GovRadioInput(),
                      choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES],
                      validators=[DataRequired("Choose a role")])
    password = PasswordField("Temporary password", widget=GovPasswordInput(),
                             validators=[DataRequired("Set a temporary password"),
                                         Length(min=MIN_LENGTH, message=f"At least {MIN_LENGTH} characters")])
    submit = submit_field("Create account")


CONTACT_FIELDS = [
    ("council_name", "Council name"), ("send_team_email", "SEND team email"),
    ("send_team_phone", "SEND team phone"), ("send_team_address", "SEND team postal address"),
    ("mediation_adviser_name", "Mediation adviser: organisation"),
    ("mediation_adviser_phone", "Mediation adviser: phone"),
    ("mediation_adviser_email", "Mediation adviser: email"),
    ("mediation_adviser_website", "Mediation adviser: website"),
    ("disagreement_resolution_name", "Disagreement resolution service: organisation"),
    ("disagreement_resolution_phone", "Disagreement resolution service: phone"),
    ("disagreement_resolution_email", "Disagreement resolution service: email"),
    ("sendiass_name", "SENDIASS: name"), ("sendiass_phone", "SENDIASS: phone"),
    ("sendiass_email", "SENDIASS: email"), ("sendiass_website", "SENDIASS: website"),
    ("tribunal_guidance_url", "Tribunal guidance web address"),
    ("complaints_url", "Council complaints web address"),
    ("health_commissioner_name", "Health commissioner (receives every final plan): organisation"),
    ("health_commissioner_email", "Health commissioner: email"),
]


class ContactsForm(VersionedForm):
    """Every field is required: an empty one would stop appealable notices from being built.
    Each is checked for what it is (see `contact_validators`), no longer than its column."""

    submit = submit_field("Save contacts")


#: A UK phone number as people write it: digits and spaces, perhaps a leading + and brackets.
_PHONE = r"^\+?[0-9 ()]+$"
_PHONE_DIGITS = range(10, 14)  # 0800 123456 has 10 digits, 01632 960001 has 11, +44 1632 960001 has 12
_TEXT_MAX = 500  # the postal address is free text in the database; a real one is far shorter


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _phone_message(label: str) -> str:
    return f"{label} must be a UK phone number, like 01632 960 001 or +44 1632 960 001"


def _phone_digits(form, field) -> None:
    if field.data and sum(ch.isdigit() for ch in field.data) not in _PHONE_DIGITS:
        raise ValidationError(_phone_message(field.label.text))


def contact_validators(name: str, label: str) -> list:
    """Required, no longer than the column, and the right shape for an email address, phone
    number or web address (the kind is read from the field's name)."""
    most = getattr(CouncilContacts.__table__.c[name].type, "length", None) or _TEXT_MAX
    checks = [DataRequired(f"Enter the {label.lower()}"),
              Length(max=most, message=f"{label} must be {most} characters or fewer")]
    if name.endswith("_email"):
        checks.append(Email(f"Enter the {label.lower()} in the correct format, like name@example.com"))
    elif name.endswith("_phone"):
        checks += [Regexp(_PHONE, message=_phone_message(label)), _phone_digits]
    elif name.endswith(("_website", "_url")):
        checks.append(URL(require_tld=True,
                          message=f"{label} must be a full web address, like https://www.example.gov.uk"))
    return checks


for _name, _label in CONTACT_FIELDS:
    setattr(ContactsForm, _name, StringField(_label, widget=GovTextInput(), filters=[_strip],
                                             validators=contact_validators(_name, _label)))


class AdviceRequestForm(GovForm):
    kind = RadioField("Whose advice?", widget=GovRadioInput(),
                      choices=[(k.value, k.label) for k in AdviceKind],
                      validators=[DataRequired("Select whose advice you are asking for")])
    name = StringField("Name of the person or team", widget=GovTextInput(),
                       validators=[DataRequired("Enter who you are asking"), Length(max=200)])
    email = EmailField("Their email address", widget=GovTextInput(),
                       description="We email them a secure link to upload their advice. They do not need an account.",
                       validators=[DataRequired("Enter their email address"),
                                   Email("Enter an email address in the correct format, like name@example.com")])
    submit = submit_field("Send advice request")


class ExceptionForm(GovForm):
    reason = RadioField("Why may a deadline be missed?", widget=GovRadioInput(), choices=[
        ("school_or_college_closed", "(a) Advice was asked of a school or college around a closure of at least 4 weeks"),
        ("early_years_provider_closed", "(b) Advice was asked of an early years provider closed for at least 4 weeks"),
        ("exceptional_personal_circumstances", "(c) Exceptional personal circumstances of the child, parent or young person"),
        ("absent_from_area", "(d) The child, parent or young person was away from the area for at least 4 weeks"),
        ("missed_appointment", "The child missed an appointment with an advice giver (excuses only that advice)"),
    ], validators=[DataRequired("Select the reason")])
    advice = SelectField("Whose appointment was missed?", widget=GovSelect(), validate_choice=False,
                         description="Only for a missed appointment")
    starts_on = GovDateField("Start date", required_message="Enter the start date",
                             description="For a missed appointment, the day of the appointment. For example, 27 3 2026")
    ends_on = GovDateField("End date (if it has ended)", required_message=None,
                           description="Leave empty if it is still going on")
    note = TextAreaField("What happened", widget=GovTextArea(),
                         description="For the case record. The family is told the reason and the dates, not this note.",
                         validators=[DataRequired("Say what happened"), Length(max=2000)])
    submit = submit_field("Record the exception")


class PaperRequestForm(IdempotentForm):
    first_name = StringField("First name", widget=GovTextInput(),
                             validators=[DataRequired("Enter the child's first name"), Length(max=100)])
    last_name = StringField("Last name", widget=GovTextInput(),
                            validators=[DataRequired("Enter the child's last name"), Length(max=100)])
    date_of_birth = GovDateField("Date of birth", required_message="Enter the date of birth",
                                 description="For example, 27 3 2015")
    upn = StringField("Unique pupil number (UPN), if known", widget=GovTextInput(),
                      validators=[Optional(), Regexp(r"^\s*[A-Za-z]\s*(\d\s*){12}$",
                                                     message="A UPN is a letter followed by 12 numbers")])
    school = SelectField("School or setting", widget=GovSelect(), validate_choice=False)
    received_on = GovDateField("Date the council received it", required_message="Enter the date it was received",
                               description="The clock starts on this day. For example, 2 11 2026")
    channel = RadioField("How did it arrive?", widget=GovRadioInput(), choices=[("post", "By post"), ("email", "By email")],
                         validators=[DataRequired("Select how the request arrived")])
    requester = StringField("Who asked, and their relationship to the child", widget=GovTextInput(),
                            description="For example, Sam Parent, mother with parental responsibility",
                            validators=[DataRequired("Enter who asked"), Length(max=300)])
    summary = TextAreaField("Summary of the request (optional)", widget=GovTextArea(),
                            validators=[Optional(), Length(max=2000)])
    submit = submit_field("Record the request")

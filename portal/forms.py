"""Portal forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovTextInput
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from shared.auth.passwords import MIN_LENGTH
from shared.forms import IdempotentForm, submit_field
from shared.models import Role


class SignInForm(IdempotentForm):
    email = EmailField("Email address", widget=GovTextInput(),
                       validators=[DataRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[DataRequired("Enter your password")])
    submit = submit_field("Sign in")


class SignUpForm(IdempotentForm):
    full_name = StringField("Full name", widget=GovTextInput(),
                            validators=[DataRequired("Enter your full name"), Length(max=200)])
    email = EmailField("Email address", widget=GovTextInput(),
                       description="We will send you a link to confirm it",
                       validators=[DataRequired("Enter your email address"),
                                   Email("Enter an email address in the correct format, like name@example.com")])
    role = RadioField(
        "Who are you?", widget=GovRadioInput(),
        choices=[(Role.PARENT.value, "A parent or carer"),
                 (Role.YOUNG_PERSON.value, "A young person aged 16 to 25, asking for myself"),
                 (Role.SCHOOL_STAFF.value, "Staff at a school, college or early years setting"),
                 (Role.HEALTH_PROFESSIONAL.value, "A health professional making a Section 19 referral")],
        validators=[DataRequired("Select who you are")])
    school_urn = StringField("School URN (school staff only)", widget=GovTextInput(),
                             description="The 6 or 7 digit unique reference number of your school. "
                                         "Use your school email address.",
                             validators=[Optional(), Length(min=6, max=7, message="A URN has 6 or 7 digits")])
    organisation = StringField("Organisation (health professionals only)", widget=GovTextInput(),
                               description="For example: an NHS trust, CAMHS, the school nursing service",
                               validators=[Optional(), Length(max=200)])
    job_title = StringField("Job title (health professionals only)", widget=GovTextInput(),
                            validators=[Optional(), Length(max=200)])
    password = PasswordField("Create a password", widget=GovPasswordInput(),
                             description=f"At least {MIN_LENGTH} characters",
                             validators=[DataRequired("Create a password"),
                                         Length(min=MIN_LENGTH, message=f"Your password must be at least {MIN_LENGTH} characters")])
    confirm = PasswordField("Confirm your password", widget=GovPasswordInput(),
                            validators=[DataRequired("Confirm your password"),
                                        EqualTo("password", "The passwords do not match")])
    submit = submit_field("Create account")


class AdviserAccessForm(IdempotentForm):
    email = EmailField("Your adviser's email address", widget=GovTextInput(),
                       description="They will see everything listed above. They cannot change anything.",
                       validators=[DataRequired("Enter your adviser's email address"),
                                   Email("Enter an email address in the correct format, like name@example.com")])
    submit = submit_field("Give access")

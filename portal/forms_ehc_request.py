"""Forms of the "Request an EHC needs assessment" journey, one per task-list section.

Each section form is saved to the draft as the strings the person typed (`answers_from_form`)
and read back as form data (`formdata_from_answers`), so a half-finished page comes back exactly
as it was left. A section is "completed" only when its form validated when it was saved.
"""

from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from shared.child_fields import UPN_PATTERN
from shared.forms import GovDateField, GovForm, IdempotentForm, submit_field
from shared.models import Role
from shared.postal_address import address_fields, check_address_fields
from shared.services.ehc_requests import MAX_AGE, YOUNG_PERSON_MIN_AGE, age_on, today_in_england

TEXT_LIMIT = 5000


class SectionForm(GovForm):
    """A task-list section. `prepare` receives the signed-in user (some sections depend on the
    role) before the form is rendered or validated."""

    def prepare(self, user, **context) -> None:
        self.user = user


def yes_no(label: str, message: str, description: str | None = None) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=[("yes", "Yes"), ("no", "No")],
                      description=description, validators=[DataRequired(message)])


def textarea(label: str, message: str | None = None, description: str | None = None) -> TextAreaField:
    checks = [DataRequired(message)] if message else [Optional()]
    return TextAreaField(label, widget=GovTextArea(), description=description,
                         validators=[*checks, Length(max=TEXT_LIMIT, message=f"{label} must be {TEXT_LIMIT} characters or fewer")])


class ChildForm(SectionForm):
    first_name = StringField("First name", widget=GovTextInput(),
                             validators=[DataRequired("Enter the first name"), Length(max=100, message="First name must be 100 characters or fewer")])
    last_name = StringField("Last name", widget=GovTextInput(),
                            validators=[DataRequired("Enter the last name"), Length(max=100, message="Last name must be 100 characters or fewer")])
    date_of_birth = GovDateField("Date of birth", description="For example, 27 3 2015",
                                 required_message="Enter the date of birth")
    upn = StringField("Unique pupil number (UPN) (optional)", widget=GovTextInput(),
                      description="13 characters: a letter then 12 numbers. It is on school reports. "
                                  "Leave it empty if you do not know it.",
                      filters=[lambda value: re.sub(r"\s+", "", value).upper() if value else value],
                      validators=[Optional()])

    def validate_date_of_birth(self, field):
        if field.data is None:  # not a date: its own message is already there
            return
        today = today_in_england()
        if field.data >= today:
            raise ValidationError("Date of birth must be in the past")
        if age_on(field.data, today) > MAX_AGE:
            raise ValidationError(f"The child or young person must be aged {MAX_AGE} or under: "
                                  "an EHC plan can only be made for someone under 26")
        if getattr(self, "user", None) is not None and self.user.role == Role.YOUNG_PERSON \
                and age_on(field.data, today) < YOUNG_PERSON_MIN_AGE:
            raise ValidationError(f"You must be aged {YOUNG_PERSON_MIN_AGE} to {MAX_AGE} to ask for "
                                  "yourself. A parent or your school can ask for a younger child")

    def validate_upn(self, field):
        if field.data and not UPN_PATTERN.match(field.data):
            raise ValidationError("Enter a UPN of 13 characters: a letter then 12 numbers, like A123456789012")


BY_POST = "Send me letters by post as well as by email"
PARENT_BY_POST = "The parent would like letters by post"


class PostalAddressSection(SectionForm):
    """A section that asks for a postal address (`prefix` names its fields): needed when letters
    by post are asked for, and checked whenever it was started."""

    address_prefix = ""
    by_post_field = "letters_by_post"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        by_post = bool(getattr(self, self.by_post_field).data)
        return check_address_fields(self, self.address_prefix, required=by_post) and valid


class ParentAboutYouForm(PostalAddressSection):
    parental_responsibility = yes_no(
        "Do you have parental responsibility for the child?",
        "Select yes if you have parental responsibility for the child",
        description="A birth mother, and a father or second parent named on the birth certificate, "
                    "usually have it. So may a guardian, or someone named in a court order.")
    phone = StringField("Phone number (optional)", widget=GovTextInput(),
                        description="In case we need to talk to you about the request",
                        validators=[Optional(), Length(max=40, message="Phone number must be 40 characters or fewer")])
    address_line_1, address_line_2, town, postcode = address_fields("Your")
    letters_by_post = BooleanField(BY_POST, widget=GovCheckboxInput())


class YoungPersonAboutYouForm(PostalAddressSection):
    asking_for_self = yes_no("Are you the young person this request is about?",
                             "Select yes if you are asking for yourself")
    phone = StringField("Phone number (optional)", widget=GovTextInput(),
                        validators=[Optional(), Length(max=40, message="Phone number must be 40 characters or fewer")])
    address_line_1, address_line_2, town, postcode = address_fields("Your")
    letters_by_post = BooleanField(BY_POST, widget=GovCheckboxInput())

    def validate_asking_for_self(self, field):
        if field.data == "no":
            raise ValidationError("To ask for someone else, their parent or their school must make "
                                  "the request. Select yes if you are asking for yourself")


class SchoolAboutYouForm(PostalAddressSection):
    address_prefix = "parent_"
    by_post_field = "parent_letters_by_post"

    job_title = StringField("Your job title", widget=GovTextInput(), description="For example, SENCo",
                            validators=[DataRequired("Enter your job title"), Length(max=100, message="Job title must be 100 characters or fewer")])
    parent_name = StringField("Parent's full name", widget=GovTextInput(),
                              validators=[DataRequired("Enter the parent's full name"), Length(max=200, message="Parent's name must be 200 characters or fewer")])
    parent_email = EmailField("Parent's email address", widget=GovTextInput(),
                              description="We will tell them we have received the request",
                              validators=[DataRequired("Enter the parent's email address"),
                                          Email("Enter the parent's email address in the correct format, like name@example.com"),
                                          Length(max=254)])
    parent_address_line_1, parent_address_line_2, parent_town, parent_postcode = address_fields("Parent's")
    parent_letters_by_post = BooleanField(PARENT_BY_POST, widget=GovCheckboxInput())
    parent_views = textarea("What the parent thinks about the request",
                            "Enter what the parent thinks about the request")
    parent_consents = yes_no("Does the parent agree to the school making this request?",
                             "Select yes if the parent agrees to the request")


class SchoolChoiceForm(SectionForm):
    school = SelectField("School, college or setting", widget=GovSelect(), validate_choice=False,
                         validators=[DataRequired("Select the school, college or setting")])

    def prepare(self, user, schools=(), **context) -> None:
        super().prepare(user)
        self.school.choices = [("", "Select a school or setting"), ("none", "Not at a school or setting")] + [
            (school.urn, f"{school.name} (URN {school.urn})") for school in schools]


class NeedsForm(SectionForm):
    needs = textarea("The child's special educational needs",
                     "Describe the child's special educational needs",
                     "What they find hard, at school or setting and at home")
    sen_support = textarea("Support already given (SEN support)",
                           "Describe the support already given",
                           "What the school or setting has put in place, and for how long")
    apdr = textarea("Assess, plan, do, review (optional)",
                    description="What was tried in each cycle, and what difference it made")


class ViewsForm(SectionForm):
    views = textarea("The child's views, interests and aspirations",
                     "Enter the child's views, interests and aspirations",
                     "In their own words if you can: what they enjoy, what matters to them, what they "
                     "hope for. This starts section A of a plan.")


class HealthCareForm(SectionForm):
    health = textarea("Health professionals involved (optional)",
                      description="For example, a paediatrician, speech and language therapist or CAMHS")
    social_care = textarea("Social care involvement (optional)",
                           description="For example, a social worker or an early help worker")


class ConsentForm(SectionForm):
    consent = BooleanField("I agree that the council may share the information in this request with "
                           "the people it asks for advice: the school or setting, an educational "
                           "psychologist, health and social care",
                           widget=GovCheckboxInput(),
                           validators=[DataRequired("Confirm that you agree to us sharing this information")])


class EvidenceForm(SectionForm):
    has_evidence = yes_no("Do you have reports or other documents to send us?",
                          "Select yes if you have documents to send us")


class SubmitRequestForm(IdempotentForm):
    submit = submit_field("Send request")


def form_for(section: str, role: Role) -> type[SectionForm]:
    if section == "you":
        return {Role.YOUNG_PERSON: YoungPersonAboutYouForm,
                Role.SCHOOL_STAFF: SchoolAboutYouForm}.get(role, ParentAboutYouForm)
    return SECTION_FORMS[section]


SECTION_FORMS: dict[str, type[SectionForm]] = {
    "child": ChildForm, "school": SchoolChoiceForm, "needs": NeedsForm, "views": ViewsForm,
    "health_care": HealthCareForm, "consent": ConsentForm, "evidence": EvidenceForm,
}


def answers_from_form(form: SectionForm) -> dict:
    """The strings a section form holds, to store on the draft (a valid date as an ISO date,
    a date left half-typed as its three parts, a checkbox as "yes" or "")."""
    answers = {}
    for name, field in form._fields.items():
        if name == "csrf_token":
            continue
        if isinstance(field, GovDateField):
            answers[name] = field.data.isoformat() if field.data else list(field.raw_data or ["", "", ""])
        elif isinstance(field, BooleanField):
            answers[name] = "yes" if field.data else ""
        else:
            answers[name] = (field.data or "").strip() if isinstance(field.data, str) or field.data is None \
                else str(field.data)
    return answers


def formdata_from_answers(form_class: type[SectionForm], answers: dict) -> MultiDict:
    """What the browser would post to show these answers again."""
    data = MultiDict()
    for name, value in (answers or {}).items():
        field = getattr(form_class, name, None)
        if field is None:
            continue
        if field.field_class is GovDateField:
            if isinstance(value, str) and value:
                year, month, day = value.split("-")
                value = [str(int(day)), str(int(month)), year]
            for part in (value or ["", "", ""]):
                data.add(name, part)
        elif field.field_class is BooleanField:
            if value:
                data.add(name, "y")
        elif value:
            data.add(name, value)
    return data


def build_form(section: str, user, answers: dict | None, *, for_page: bool = False, **context) -> SectionForm:
    """A section's form filled from stored answers (never from a POST). `for_page`: to render
    as a page, with a CSRF token; otherwise only to show or check the stored answers."""
    form_class = form_for(section, user.role)
    form = form_class(formdata=formdata_from_answers(form_class, answers or {}),
                      **({} if for_page else {"meta": {"csrf": False}}))
    form.prepare(user, **context)
    return form

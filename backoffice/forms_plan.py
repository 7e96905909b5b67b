"""Forms for writing and issuing an EHC plan.

A section editor is one `GovForm` (the version the officer started from, how many rows were
shown, the buttons) and, for sections B, E and F, one small row form per row. Each row form has
the prefix "<section>-<number>", so its fields are named and identified "f-2-how_often",
"b-1-text", "e-1-needs": the anchors `plan_content.Problem.field` points at, so the error summary
links land on the field to fix.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovTextArea, GovTextInput
from wtforms import (
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from backoffice.forms import VersionedForm
from shared.domain.plan_content import AREAS_OF_NEED
from shared.forms import GovForm, submit_field

MAX_ROWS = 200  # far more rows than any section has; a guard against a crafted "rows"


class PlanSectionForm(GovForm):
    """The part of every section editor that is not a row: `based_on` is the plan version the
    officer opened (0 for a plan not yet saved), the optimistic lock of `save_section`."""

    based_on = IntegerField(widget=HiddenInput(), default=0)
    rows = IntegerField(widget=HiddenInput(), default=0, validators=[Optional()])
    add_another = submit_field("Save and add another")
    save = submit_field("Save and return to the plan")


class TextSectionForm(PlanSectionForm):
    text = TextAreaField(widget=GovTextArea(), validators=[Length(max=20000, message="Keep it under 20,000 characters")])


class PlacementForm(PlanSectionForm):
    school = SelectField("School or college from the list", widget=GovSelect(), validate_choice=False,
                         description="Search above to shorten the list. Leave as it is if the school is not listed.")
    other_name = StringField("Or the name of another school or institution", widget=GovTextInput(),
                             description="Only for one not in the list, for example an independent special school "
                                         "in another area", validators=[Length(max=300)])
    setting_type = StringField("Type of school or other institution", widget=GovTextInput(),
                               description="For example, 'Mainstream primary school' or 'Special school for "
                                           "children with autism'. Enough on its own if no school is named yet.",
                               validators=[Length(max=300)])


class NeedRowForm(Form):
    id = HiddenField()
    area = SelectField("Area of need", widget=GovSelect(), validate_choice=False,
                       choices=[("", "Choose the area of need"), *AREAS_OF_NEED])
    text = TextAreaField("The need", widget=GovTextArea())


class OutcomeRowForm(Form):
    id = HiddenField()
    text = TextAreaField("The outcome", widget=GovTextArea(),
                         description="What the child will be able to do, specific enough to tell when it is met")
    by_when = StringField("By when", widget=GovTextInput(), description="For example, 'By the end of Year 4'")
    needs = SelectMultipleField("Which needs does it meet?", widget=GovCheckboxesInput(), validate_choice=False)


class ProvisionRowForm(Form):
    id = HiddenField()
    what = TextAreaField("What the provision is", widget=GovTextArea(),
                         description="Exactly what will be done. Not 'access to' or 'opportunities for'.")
    who = StringField("Who delivers it", widget=GovTextInput(),
                      description="For example, 'A speech and language therapist' or 'A teaching assistant "
                                  "trained in Attention Autism'")
    how_often = StringField("How often", widget=GovTextInput(), description="For example, '3 sessions a week'")
    how_long = StringField("For how long", widget=GovTextInput(),
                           description="For example, '30 minutes each, until the annual review in July 2027'")
    needs = SelectMultipleField("Which needs does it meet?", widget=GovCheckboxesInput(), validate_choice=False)
    outcomes = SelectMultipleField("Which outcomes does it serve?", widget=GovCheckboxesInput(),
                                   validate_choice=False)


ROW_FORMS = {"needs": NeedRowForm, "outcomes": OutcomeRowForm, "provision": ProvisionRowForm}
ROW_LINKS = {"needs": (), "outcomes": ("needs",), "provision": ("needs", "outcomes")}
ROW_TEXT_FIELDS = {"needs": ("area", "text"), "outcomes": ("text", "by_when"),
                   "provision": ("what", "who", "how_often", "how_long")}


class PlanActionForm(VersionedForm):
    """An action on the whole plan: the case version and the plan version the officer saw."""

    based_on = IntegerField(widget=HiddenInput())


class SendDraftForm(PlanActionForm):
    submit = submit_field("Send the draft plan to the family")


class ConsultSchoolForm(PlanActionForm):
    school = SelectField("School or college to consult", widget=GovSelect(), validate_choice=False,
                         validators=[DataRequired("Choose the school or college to consult")])
    submit = submit_field("Consult the school")


class FinalPlanForm(PlanActionForm):
    reasons = TextAreaField("Reasons for the plan", widget=GovTextArea(),
                            description="These go into the letter to the family with the final plan, with their "
                                        "right to appeal. Say why the plan says what it does, including why the "
                                        "school or setting in section I is named. Put each reason on its own line.",
                            validators=[DataRequired("Give the reasons for the plan"), Length(max=5000)])
    submit = submit_field("Issue the final plan")

"""The parent's answer to a request for the children-not-in-school register information (new EA
1996 s.436D, Children's Wellbeing and Schools Act 2026; docs/home-education.md)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import DecimalField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from shared.forms import GovForm, submit_field

TEXT_LIMIT = 2000


class InformationAnswerForm(GovForm):
    hours_by_parents = DecimalField("Hours a week you (or the child's other parent) teach your child",
                                    widget=GovTextInput(), places=1, description="For example, 15 or 12.5",
                                    validators=[InputRequired("Enter the hours a week you teach your child"),
                                                NumberRange(min=0, max=168, message="Enter hours a week from 0 to 168")])
    hours_by_others = DecimalField("Hours a week someone else teaches your child (optional)", widget=GovTextInput(),
                                   places=1, validators=[Optional(), NumberRange(
                                       min=0, max=168, message="Enter hours a week from 0 to 168")])
    other_providers = TextAreaField("Who else teaches your child (optional)", widget=GovTextArea(),
                                    description="For example tutors, online schools, tuition centres or groups, with "
                                                "their names",
                                    validators=[Length(max=TEXT_LIMIT, message="Use 2000 characters or fewer")])
    address = TextAreaField("Your child's new address (optional)", widget=GovTextArea(),
                            description="Only if your child has moved",
                            validators=[Length(max=500, message="Use 500 characters or fewer")])
    submit = submit_field("Send your answers")

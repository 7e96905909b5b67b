"""The triage queue's filter form: a GET form, so a filtered queue is a link that can be shared."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from wtforms import RadioField, SelectField, StringField

from shared.forms import GovForm
from shared.models import School, User
from shared.queries.triage import UNASSIGNED, TriageFilters, stage_choices

DUE_CHOICES = [("all", "Any date"), ("overdue", "Overdue"),
               ("7", "Due in the next 7 days"), ("14", "Due in the next 14 days")]


class TriageFilterForm(GovForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    q = StringField("Search by child's name, reference or UPN", widget=GovTextInput())
    stage = SelectField("Stage", widget=GovSelect(), default="")
    officer = SelectField("Officer", widget=GovSelect(), default="")
    school = SelectField("School", widget=GovSelect(), default="")
    due = RadioField("Next statutory date", widget=GovRadioInput(), choices=DUE_CHOICES, default="all")

    def set_choices(self, officers: list[User], schools: list[School]) -> None:
        self.stage.choices = [("", "All stages")] + stage_choices()
        self.officer.choices = ([("", "Anyone"), (UNASSIGNED, "Not assigned")]
                                + [(str(o.id), o.full_name) for o in officers])
        self.school.choices = [("", "All schools")] + [(str(s.id), s.name) for s in schools]

    def filters(self) -> TriageFilters:
        """The filters asked for; a value that is not one of the choices (an old or edited link)
        counts as "any", so a filter link never fails."""
        for field in (self.stage, self.officer, self.school, self.due):
            if field.data not in {value for value, _ in field.choices}:
                field.data = field.default
        return TriageFilters(stage=self.stage.data or "", officer=self.officer.data or "",
                             school=self.school.data or "", due=self.due.data or "all",
                             q=(self.q.data or "").strip()[:100])

"""Reports: timeliness of EHC needs assessments, including and excluding exception cases
(statutory-rules.md section 1; SEN2's "20-week exceptions apply" flag).

The period is a plain GET form, so a report is a link that can be shared; nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from shared.domain.dates import today_in_england
from shared.forms import GovDateField, GovForm
from shared.queries.timeliness import Period, default_period, timeliness_report
from shared.web.access import requires
from shared.web.pages import render_page

REPORTS_PERMISSION = "backoffice:reports:read"
TIMELINESS_PATH = "/staff/reports/timeliness"


class PeriodForm(GovForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    from_date = GovDateField("From", required_message=None,
                             description="The first day a request was received. For example, 1 4 2026")
    to_date = GovDateField("To", required_message=None,
                           description="The last day a request was received. For example, 31 3 2027")

    def period(self, today) -> Period | None:
        """The period asked for (a date left out takes its default), or None with errors."""
        if not self.validate():
            return None
        default = default_period(today)
        starts_on = self.from_date.data or default.starts_on
        ends_on = self.to_date.data or max(today, starts_on)
        if ends_on < starts_on:
            self.to_date.errors = [*self.to_date.errors, "The end date must be the same as or after the start date"]
            return None
        for field, value in ((self.from_date, starts_on), (self.to_date, ends_on)):
            if field.data is None:  # show the default the report used
                field.raw_data, field.data = None, value
        return Period(starts_on, ends_on)


@requires(REPORTS_PERMISSION)
def timeliness():
    today = today_in_england()
    form = PeriodForm(formdata=request.args)
    period = form.period(today)
    report = timeliness_report(current_user, today=today, period=period) if period else None
    return render_page("backoffice/reports/timeliness.html", page_title="Timeliness of EHC needs assessments",
                       form=form, report=report, today=today)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/reports/timeliness", view_func=timeliness)

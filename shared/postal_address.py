"""A postal address as the forms ask for it (GOV.UK Design System "Addresses" pattern: separate
lines, town, postcode) and the checks every form that asks for one makes.

The same fields are on the portal's EHC request ("About you", and the parent's details a school
gives), the officer's form for a request received by post, and the officer's family contact
form, so letters can be posted to anyone without an account (docs/decisions/0005-letters-by-post.md).
"""

from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import Length, Optional

# The shape of a UK postcode (outward code, a space, inward code): enough to catch a typing
# slip; it does not prove that the postcode exists.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")


def normalise_postcode(value: str | None) -> str:
    """Upper case, one space before the last 3 characters: "sw1a1aa" becomes "SW1A 1AA"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_valid(value: str) -> bool:
    return bool(POSTCODE.match(normalise_postcode(value)))


def address_fields(whose: str) -> tuple[StringField, StringField, StringField, StringField]:
    """Line 1, line 2, town and postcode fields; `whose` names the address in the labels
    ("Your", "Parent's"). Called inside a form's class body, so they keep their place in it."""
    limit = "must be {n} characters or fewer"
    return (
        StringField(f"{whose} address line 1", widget=GovTextInput(),
                    validators=[Optional(), Length(max=200, message=f"Address line 1 {limit.format(n=200)}")]),
        StringField(f"{whose} address line 2 (optional)", widget=GovTextInput(),
                    validators=[Optional(), Length(max=200, message=f"Address line 2 {limit.format(n=200)}")]),
        StringField("Town or city", widget=GovTextInput(),
                    validators=[Optional(), Length(max=100, message=f"Town or city {limit.format(n=100)}")]),
        StringField("Postcode", widget=GovTextInput(), filters=[lambda v: normalise_postcode(v) if v else v],
                    validators=[Optional(), Length(max=10, message="Enter a real postcode, like SW1A 1AA")]),
    )


def address_problems(line_1: str, town: str, postcode: str, *, required: bool) -> dict[str, str]:
    """Field name ("line_1", "postcode") to the message to show, for an address that is
    needed (`required`, e.g. letters by post were asked for) or that was started."""
    problems: dict[str, str] = {}
    started = any((line_1 or "").strip() or (v or "").strip() for v in (town, postcode))
    if not (required or started):
        return problems
    if not (line_1 or "").strip():
        problems["line_1"] = "Enter address line 1, typically the building and street"
    if not (postcode or "").strip():
        problems["postcode"] = "Enter the postcode"
    elif not postcode_valid(postcode):
        problems["postcode"] = "Enter a real postcode, like SW1A 1AA"
    return problems


def check_address_fields(form, prefix: str, *, required: bool) -> bool:
    """Add `address_problems` to a form's fields named `{prefix}address_line_1` and
    `{prefix}postcode`; False when there were any."""
    line_1, town, postcode = (getattr(form, f"{prefix}{name}") for name in ("address_line_1", "town", "postcode"))
    problems = address_problems(line_1.data or "", town.data or "", postcode.data or "", required=required)
    if "line_1" in problems:
        line_1.errors = [*line_1.errors, problems["line_1"]]
    if "postcode" in problems:
        postcode.errors = [*postcode.errors, problems["postcode"]]
    return not problems

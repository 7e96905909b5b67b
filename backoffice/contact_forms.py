"""Forms for the people the council writes to: a family contact on the case, the person who
wrote a request received by post, and the address of a letter waiting to be printed."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from backoffice.forms import PaperRequestForm
from shared.forms import GovDateField, GovForm, IdempotentForm, submit_field
from shared.postal_address import address_fields, check_address_fields

BY_POST = "They want letters by post"


class FamilyContactForm(GovForm):
    """A contact's name, email and postal address. An address is needed when there is no email
    address or letters by post are asked for."""

    name = StringField("Full name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the person's full name"), Length(max=200)])
    email = EmailField("Email address (optional)", widget=GovTextInput(),
                       validators=[Optional(), Email("Enter an email address in the correct format, like "
                                                     "name@example.com"), Length(max=254)])
    address_line_1, address_line_2, town, postcode = address_fields("Postal")
    prefers_post = BooleanField(BY_POST, widget=GovCheckboxInput())
    submit = submit_field("Save contact details")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        needs_address = bool(self.prefers_post.data) or not (self.email.data or "").strip()
        return check_address_fields(self, "", required=needs_address) and valid


class IntakeForm(PaperRequestForm):
    """A request received by post or email, and whom to write to about it (optional here: a
    decision never waits for it, and its letter waits in the print queue for an address)."""

    contact_name = StringField("Name of the parent or young person to write to (optional)", widget=GovTextInput(),
                               validators=[Optional(), Length(max=200)])
    contact_email = EmailField("Their email address (optional)", widget=GovTextInput(),
                               validators=[Optional(), Email("Enter an email address in the correct format, like "
                                                             "name@example.com"), Length(max=254)])
    contact_address_line_1, contact_address_line_2, contact_town, contact_postcode = address_fields("Their")
    contact_prefers_post = BooleanField(BY_POST, widget=GovCheckboxInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        named = bool((self.contact_name.data or "").strip())
        needs_address = named and (bool(self.contact_prefers_post.data) or not (self.contact_email.data or "").strip())
        address_ok = check_address_fields(self, "contact_", required=needs_address)
        if not named and any((getattr(self, f"contact_{n}").data or "").strip()
                             for n in ("email", "address_line_1", "postcode")):
            self.contact_name.errors = [*self.contact_name.errors, "Enter the name of the person to write to"]
            return False
        return address_ok and valid


class LetterAddressForm(GovForm):
    name = StringField("Name on the letter", widget=GovTextInput(),
                       validators=[DataRequired("Enter the name of the person the letter is for"), Length(max=200)])
    address_line_1, address_line_2, town, postcode = address_fields("Postal")
    submit = submit_field("Add the address")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return check_address_fields(self, "", required=True) and valid


class PrintBatchForm(IdempotentForm):
    letter_date = GovDateField("Date to print on the letters", required_message="Enter the date you will post them",
                               description="The day you will post them. For example, 7 12 2026")
    submit = submit_field("Print the letters waiting")


class BatchDateForm(GovForm):
    posted_on = GovDateField("Date posted", required_message="Enter the date the letters were posted",
                             description="For example, 7 12 2026")
    submit = submit_field("Mark as posted")


class RedateBatchForm(GovForm):
    letter_date = GovDateField("New date for the letters", required_message="Enter the day you will post them",
                               description="For example, 8 12 2026")
    submit = submit_field("Date the letters again")

"""The council contacts printed in every notice: each field is checked for what it is, no
longer than its column, and bad input is shown in the error summary with the answers kept."""

from __future__ import annotations

import pytest

from backoffice.forms import CONTACT_FIELDS
from shared.db import db
from shared.models import CouncilContacts, Role

LABELS = dict(CONTACT_FIELDS)
GOOD_PHONES = ["01632 960001", "+44 1632 960 001", "(01632) 960001", "0800 123456", "07700 900982"]
BAD_VALUES = {
    "email": ["send team at council", "send@", "@council.gov.uk", "a b@council.gov.uk"],
    "phone": ["1" * 20, "01632 960001 ext 4", "0163-296-0001", "12345", "01632 960001 01632 960001", "+44+1632"],
    "web": ["northbridge", "ftp:/x", "www example org"],
}


def _kind(name: str) -> str:
    if name.endswith("_email"):
        return "email"
    if name.endswith("_phone"):
        return "phone"
    return "web" if name.endswith(("_website", "_url")) else "text"


@pytest.fixture
def admin(make, signed_in):
    make.contacts()
    return signed_in(make.user(Role.ADMINISTRATOR))


def _post(client, **changes):
    current = db.session.get(CouncilContacts, 1)
    data = {name: getattr(current, name) for name, _ in CONTACT_FIELDS}
    return client.post("/staff/admin/contacts", data={**data, "version": current.version, **changes})


def _refused(client, name: str, value: str, message: str) -> None:
    before = getattr(db.session.get(CouncilContacts, 1), name)
    response = _post(client, **{name: value})
    assert response.status_code == 200, (name, value)
    assert "govuk-error-summary" in response.text
    assert message in response.text, (name, value)
    assert f'href="#{name}"' in response.text
    db.session.expire_all()
    assert getattr(db.session.get(CouncilContacts, 1), name) == before  # nothing saved


@pytest.mark.parametrize("name", [name for name, _ in CONTACT_FIELDS])
def test_each_field_is_no_longer_than_its_column(admin, name):
    column = CouncilContacts.__table__.c[name].type
    most = getattr(column, "length", None) or 500
    value = "x" * (most + 1)
    _refused(admin, name, value, f"{LABELS[name]} must be {most} characters or fewer")


@pytest.mark.parametrize(("name", "value"), [(name, value) for name, _ in CONTACT_FIELDS
                                             for value in BAD_VALUES.get(_kind(name), [])])
def test_each_email_phone_and_web_address_is_checked(admin, name, value):
    message = {"email": "in the correct format, like name@example.com", "phone": "must be a UK phone number",
               "web": "must be a full web address"}[_kind(name)]
    _refused(admin, name, value, message)


@pytest.mark.parametrize("phone", GOOD_PHONES)
def test_uk_phone_numbers_as_people_write_them_are_accepted(admin, phone):
    response = _post(admin, send_team_phone=phone)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CouncilContacts, 1).send_team_phone == phone


def test_good_contacts_are_saved(admin):
    response = _post(admin, send_team_email="send.team@northbridge.example.gov.uk",
                     send_team_address="SEND Team\nTown Hall\nNorthbridge NB1 1AA",
                     complaints_url="https://www.northbridge.example.gov.uk/complaints")
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(CouncilContacts, 1)
    assert saved.send_team_email == "send.team@northbridge.example.gov.uk"
    assert saved.complaints_url == "https://www.northbridge.example.gov.uk/complaints"


def test_an_answer_that_is_refused_is_kept_on_the_page(admin):
    response = _post(admin, sendiass_phone="call us", sendiass_name="Northbridge SENDIASS (new)")
    assert response.status_code == 200
    assert 'value="call us"' in response.text
    assert 'value="Northbridge SENDIASS (new)"' in response.text

"""After sign-in, `next` is followed only to a path on this site (portal and back-office)."""

from urllib.parse import quote

import pyotp
import pytest

from shared.models import Role
from tests.conftest import PASSWORD

# What the attacker puts in the link, already in its URL-encoded form.
VECTORS = ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "%2F%2Fevil.example",
           "/%5Cevil.example", "//evil.example", "/%5C%5Cevil.example", "https%3A//evil.example",
           "javascript%3Aalert(1)", "/%252F%252Fevil.example", "/%E2%80%83/evil.example", "/%00/evil.example",
           "/%20/evil.example", "http%3A%2F%2Fevil.example"]


def _is_local(location: str) -> bool:
    return location.startswith("/") and not location.startswith("//") and all(0x21 <= ord(c) <= 0x7E for c in location)


@pytest.mark.parametrize("vector", VECTORS)
def test_portal_sign_in_never_leaves_the_site(make, client, vector):
    parent = make.user(Role.PARENT)
    response = client.post(f"/sign-in?next={vector}", data={"email": parent.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard" or _is_local(response.headers["Location"])
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("vector", VECTORS)
def test_staff_sign_in_never_leaves_the_site(make, client, vector):
    officer = make.user(Role.EHC_OFFICER)
    first = client.post(f"/staff/sign-in?next={vector}", data={"email": officer.email, "password": PASSWORD})
    assert first.status_code == 302
    code_page = first.headers["Location"]
    response = client.post(code_page, data={"code": pyotp.TOTP(officer.totp_secret).now()})
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"] and _is_local(response.headers["Location"])


def test_a_local_next_is_still_followed(make, client):
    parent = make.user(Role.PARENT)
    target = "/cases?page=2"
    response = client.post(f"/sign-in?next={quote(target)}", data={"email": parent.email, "password": PASSWORD})
    assert response.headers["Location"] == target
    officer = make.user(Role.EHC_OFFICER)
    client.post("/sign-out")
    first = client.post(f"/staff/sign-in?next={quote('/staff/triage?q=a%20b')}",
                        data={"email": officer.email, "password": PASSWORD})
    response = client.post(first.headers["Location"], data={"code": pyotp.TOTP(officer.totp_secret).now()})
    assert response.headers["Location"] == "/staff/triage?q=a%20b"

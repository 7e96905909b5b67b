"""Accounts: verification, throttled sign-in with one message for every failure, sessions the
server can end, and the staff second factor."""

import email
import re
from pathlib import Path

from shared.auth.throttle import MAX_GUESSES
from shared.models import Role
from tests.conftest import PASSWORD
from tests.jobs_helpers import run_jobs


def test_sign_up_needs_email_verification(app, client, settings):
    form = {"full_name": "Pat Carer", "email": "pat@example.com", "role": "parent",
            "password": "a-long-password", "confirm": "a-long-password"}
    assert client.post("/sign-up", data=form).status_code == 302
    refused = client.post("/sign-in", data={"email": "pat@example.com", "password": "a-long-password"})
    assert "Confirm your email address first" in refused.text
    run_jobs(app)
    mails = sorted(Path(settings.mail_sink_dir).glob("*.eml"))
    message = email.message_from_bytes(mails[-1].read_bytes())
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    link = re.search(r"/verify-email/([\w.\-]+)", body).group(1)
    assert client.get(f"/verify-email/{link}").status_code == 200
    assert client.post(f"/verify-email/{link}").status_code == 302
    assert client.post("/sign-in", data={"email": "pat@example.com", "password": "a-long-password"}).status_code == 302


def test_sign_up_errors_keep_answers(client):
    response = client.post("/sign-up", data={"full_name": "Pat", "email": "not-an-email", "role": "parent"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and 'value="Pat"' in response.text


def test_unknown_user_and_wrong_password_look_the_same_and_are_throttled(make, client):
    user = make.user(Role.PARENT)
    wrong = client.post("/sign-in", data={"email": user.email, "password": "nope-nope-nope"})
    unknown = client.post("/sign-in", data={"email": "nobody@example.com", "password": "nope-nope-nope"})
    assert "Enter a correct email address and password" in wrong.text
    assert "Enter a correct email address and password" in unknown.text
    for _ in range(MAX_GUESSES):
        client.post("/sign-in", data={"email": user.email, "password": "nope-nope-nope"})
    locked = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert "tried to sign in too many times" in locked.text


def test_sign_out_ends_the_session_on_the_server(make, client):
    user = make.user(Role.PARENT)
    client.get("/")
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    cookie = client.get_cookie("send_session").value
    signed_in_page = client.get("/cases")
    assert signed_in_page.status_code == 200 and signed_in_page.headers["Cache-Control"] == "no-store"
    client.post("/sign-out")
    client.set_cookie("send_session", cookie)  # replay the old cookie
    assert client.get("/cases").status_code == 302


def test_session_id_rotates_at_sign_in(make, client):
    user = make.user(Role.PARENT)
    client.post("/sign-in", data={"email": "nobody@example.com", "password": "x"})
    client.post("/sign-up", data={})  # any anonymous session
    before = client.get_cookie("send_session")
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    after = client.get_cookie("send_session")
    assert after is not None and (before is None or before.value != after.value)


def test_staff_need_the_second_factor(make, client):
    officer = make.user(Role.EHC_OFFICER)
    client.post("/staff/sign-in", data={"email": officer.email, "password": PASSWORD})
    assert client.get("/staff/").status_code == 302  # not signed in before the code
    bad = client.post("/staff/sign-in/code", data={"code": "000000"})
    assert "security code is not correct" in bad.text

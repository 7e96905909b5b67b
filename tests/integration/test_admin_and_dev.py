"""Administrators create staff accounts; scanning off is visible and safe; the demo mail page."""

from dataclasses import replace

import pyotp
from sqlalchemy import select

from shared.db import db
from shared.models import Document, DocumentStatus, Role, User
from tests.jobs_helpers import worker_process


def test_administrator_creates_a_staff_account_that_can_sign_in(make, signed_in, client):
    admin_client = signed_in(make.user(Role.ADMINISTRATOR))
    response = admin_client.post("/staff/admin/users/new", data={
        "full_name": "New Officer", "email": "new.officer@northbridge.example.gov.uk",
        "role": "ehc_officer", "password": "temporary-password-1"}, follow_redirects=True)
    assert "authenticator key" in response.text
    user = db.session.scalars(select(User).where(User.email == "new.officer@northbridge.example.gov.uk")).one()
    assert user.role == Role.EHC_OFFICER and user.totp_secret and user.totp_secret in response.text
    admin_client.post("/staff/sign-out")
    client.post("/staff/sign-in", data={"email": user.email, "password": "temporary-password-1"})
    assert client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(user.totp_secret).now()}).status_code == 302
    assert client.get("/staff/").status_code == 200


def test_administrators_cannot_create_portal_accounts(make, signed_in):
    client = signed_in(make.user(Role.ADMINISTRATOR))
    response = client.post("/staff/admin/users/new", data={
        "full_name": "X", "email": "x@example.com", "role": "parent", "password": "temporary-password-1"})
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    assert db.session.scalars(select(User).where(User.email == "x@example.com")).first() is None


def test_with_scanning_off_staff_see_it_and_files_wait(app, settings, make):
    from wsgi import create_app

    unscanned = create_app(replace(settings, clamd_url=""))
    unscanned.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    unscanned.test_client_class = type(app.test_client())
    officer = make.user(Role.EHC_OFFICER)
    client = unscanned.test_client()
    from tests.conftest import sign_in

    sign_in(client, officer)
    assert "Virus scanning is off" in client.get("/staff/").text
    with worker_process(settings):
        health = client.get("/healthz").json
    assert health["dependencies"]["scanner"] == "off" and health["status"] == "ok"

    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent))
    with unscanned.app_context():
        from shared.services.documents import record_upload
        from shared.storage.current import current_store
        from tests.jobs_helpers import run_jobs

        key = f"evidence/{case.id}/test/report.pdf"
        current_store().put(key, b"%PDF-1.4\n%%EOF\n", "binary/octet-stream")
        document_id = record_upload(db.session.get(type(case), case.id), db.session.get(User, parent.id), key).id
        db.session.commit()
        run_jobs(unscanned)
        assert db.session.get(Document, document_id).status == DocumentStatus.AWAITING_SCAN
    parent_client = unscanned.test_client()
    sign_in(parent_client, parent)
    assert parent_client.get(f"/documents/{document_id}/download").status_code == 404


def test_sent_mail_page_is_for_the_demo_only(app, settings, client, db_ready):
    assert client.get("/dev/sent-mail").status_code == 200
    from wsgi import create_app

    production = create_app(replace(settings, app_env="production", secret_key="s" * 40))
    assert production.test_client().get("/dev/sent-mail").status_code == 404

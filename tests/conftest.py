"""Fixtures: real services on free loopback ports, a migrated database, factories, and a test
client that checks every HTML page it receives."""

from __future__ import annotations

import itertools
import secrets
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import text

from devstack.stack import start_stack
from shared.auth.passwords import hash_password
from shared.config import load_settings
from shared.db import db, utcnow
from shared.demo import CONTACTS
from shared.migrate import upgrade
from shared.models import (
    Case,
    CaseKind,
    Child,
    ChildLink,
    CouncilContacts,
    MembershipStatus,
    Relationship,
    Role,
    School,
    SchoolMembership,
    User,
)
from shared.services.cases import open_case
from tests.page_checks import PageCheckingClient

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def stack():
    # Not pytest's tmp_path: its folders are private to root, and PostgreSQL runs as its own user.
    folder = Path(tempfile.mkdtemp(prefix="send-test-stack-"))
    folder.chmod(0o755)
    running = start_stack(folder, persistent=False, db_name="send_test")
    yield running
    running.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(stack):
    env = {**stack.env(), "APP_ENV": "test", "SECRET_KEY": secrets.token_hex(32),
           "PUBLIC_BASE_URL": "http://127.0.0.1:5000"}
    return load_settings(env)


@pytest.fixture(scope="session")
def app(settings):
    upgrade(settings.database_url)
    from wsgi import create_app

    application = create_app(settings)
    application.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    application.test_client_class = PageCheckingClient
    return application


TABLES = ("school_membership_events", "school_memberships", "family_contacts", "print_batches", "cme_reviews", "cme_reports", "cme_records", "ehe_associate_visits", "ehe_budgets", "ehe_associates", "ehe_information_requests", "ehe_check_ins", "ehe_notifications", "s19_reviews", "s19_packages", "s19_providers", "s19_referrals", "school_closure_days", "term_dates", "academic_years", "school_consultations", "draft_plan_responses", "plan_versions", "statutory_exceptions", "advice_requests", "request_drafts", "events", "access_log", "notice_deliveries", "notices", "outbox", "documents", "adviser_consents",
          "cases", "child_links", "children", "login_attempts", "submissions", "users", "schools",
          "council_contacts", "web_sessions")


@pytest.fixture
def db_ready(app, settings):
    """A clean database for each test (tables emptied afterwards), and a clean Redis."""
    from shared.queue import redis_for

    with app.app_context():
        yield db
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    redis_for(settings.redis_url).flushdb()


@pytest.fixture
def client(app, db_ready):
    return app.test_client()


_counter = itertools.count(1)


class Factory:
    """Builds committed rows for tests."""

    def school(self, **kw) -> School:
        n = next(_counter)
        school = School(urn=kw.pop("urn", f"{200000 + n}"), name=kw.pop("name", f"School {n}"),
                        phase=kw.pop("phase", "Primary"), email=kw.pop("email", f"office@school{n}.example.uk"), **kw)
        db.session.add(school)
        db.session.commit()
        return school

    def user(self, role: Role = Role.PARENT, **kw) -> User:
        """A user; school staff with a school get an approved membership of it (as existing accounts
        did in the migration), unless `membership` says "requested", "removed" or None (none)."""
        n = next(_counter)
        status, lead = kw.pop("membership", "approved"), kw.pop("lead", False)
        user = User(email=kw.pop("email", f"user{n}@example.com"), full_name=kw.pop("full_name", f"User {n}"),
                    role=role, password_hash=hash_password(PASSWORD), email_verified_at=utcnow(),
                    totp_secret=pyotp.random_base32() if role.is_staff else None, **kw)
        db.session.add(user)
        db.session.flush()
        school_id = user.school_id or (user.school.id if user.school else None)
        if role == Role.SCHOOL_STAFF and school_id is not None and status is not None:
            db.session.add(SchoolMembership(user_id=user.id, school_id=school_id, status=MembershipStatus(status),
                                            is_lead=lead))
        db.session.commit()
        return user

    def child(self, parent: User | None = None, **kw) -> Child:
        n = next(_counter)
        child = Child(first_name=kw.pop("first_name", f"Child{n}"), last_name=kw.pop("last_name", "Test"),
                      date_of_birth=kw.pop("date_of_birth", date(2015, 1, 1)), **kw)
        db.session.add(child)
        db.session.flush()
        if parent is not None:
            db.session.add(ChildLink(user=parent, child=child, relationship_kind=Relationship.PARENT_WITH_PR))
        db.session.commit()
        return child

    def case(self, child: Child, kind: CaseKind = CaseKind.EHC_ASSESSMENT, **kw) -> Case:
        case = open_case(child, kind, received_on=kw.pop("received_on", date.today()), actor=None)
        db.session.commit()
        return case

    def contacts(self, **overrides) -> CouncilContacts:
        contacts = CouncilContacts(id=1, **{**CONTACTS, **overrides})
        db.session.merge(contacts)
        db.session.commit()
        return db.session.get(CouncilContacts, 1)


@pytest.fixture
def make(db_ready) -> Factory:
    return Factory()


def sign_in(client, user: User, password: str = PASSWORD):
    """Sign in through the real forms (with the second factor for staff)."""
    if user.is_staff:
        # A security code is accepted once (shared/auth/accounts.py::check_totp); tests sign the
        # same officer in again within one 30-second window, so forget the last code used, as
        # if the next window had come.
        db.session.execute(text("UPDATE users SET totp_last_step = NULL WHERE id = :id"), {"id": user.id})
        db.session.commit()
        response = client.post("/staff/sign-in", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.text
        response = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    else:
        response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.text
    return response


@pytest.fixture
def signed_in(client):
    def _sign_in(user: User):
        sign_in(client, user)
        return client

    return _sign_in

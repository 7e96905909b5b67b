"""Server-side sessions in PostgreSQL: created only when something is stored, rotated at sign-in,
ended by sign-out, revocation, deactivation, idleness and age, and independent of Redis."""

import email
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy import func, select, update

from devstack.procs import ManagedProcess, wait_until
from shared.db import db, utcnow
from shared.jobs.relay import relay_once
from shared.models import Notice, NoticeStatus, OutboxMessage, Role, User, WebSession
from shared.queue import redis_for
from shared.services.sessions import deactivate_account, end_user_sessions, purge_expired_sessions
from shared.web.sessions import hash_id
from tests.conftest import sign_in
from tests.jobs_helpers import run_jobs


def _rows() -> list[WebSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebSession)))


def test_a_public_page_without_a_form_creates_no_session(client):
    for path in ("/", "/accessibility", "/privacy", "/cookies", "/contact"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    assert client.get_cookie("send_session") is None
    assert _rows() == []


def _form_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True  # the tests' app has it off; a real one has it on
    try:
        return client.get("/sign-in")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_form_creates_the_session_its_csrf_token_needs(app, client):
    response = _form_page(app, client)
    assert 'name="csrf_token"' in response.text
    assert client.get_cookie("send_session") is not None
    [row] = _rows()
    assert row.user_id is None and set(row.data) == {"csrf_token"}


def test_the_cookie_holds_a_random_id_and_the_table_only_its_hash(make, client):
    user = make.user(Role.PARENT)
    sign_in(client, user)
    cookie = client.get_cookie("send_session").value
    [row] = _rows()
    assert row.id_hash == hash_id(cookie) and cookie not in row.id_hash
    assert row.user_id == user.id and row.data["_user_id"] == str(user.id)
    assert row.expires_at - row.created_at == timedelta(hours=12)


def test_sign_in_rotates_and_sign_out_deletes_the_row(app, make, client):
    user = make.user(Role.PARENT)
    _form_page(app, client)  # an anonymous session holding a CSRF token
    anonymous = client.get_cookie("send_session").value
    sign_in(client, user)
    signed_in = client.get_cookie("send_session").value
    assert signed_in != anonymous
    assert [row.id_hash for row in _rows()] == [hash_id(signed_in)]  # the old id is gone
    client.post("/sign-out")
    assert all(row.user_id is None for row in _rows())
    client.set_cookie("send_session", signed_in)  # replay the old cookie
    assert client.get("/cases").status_code == 302


def test_an_idle_session_ends(make, client, settings):
    user = make.user(Role.PARENT)
    sign_in(client, user)
    assert client.get("/cases").status_code == 200
    idle = timedelta(minutes=settings.session_idle_minutes, seconds=5)
    db.session.execute(update(WebSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()
    assert client.get("/cases").status_code == 302


def test_a_session_ends_at_its_absolute_lifetime_however_busy(make, client):
    user = make.user(Role.PARENT)
    sign_in(client, user)
    db.session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get("/cases").status_code == 302


def test_requests_touch_last_seen_at_most_once_a_minute(make, client):
    user = make.user(Role.PARENT)
    sign_in(client, user)
    client.get("/cases")  # shows (and so removes) any message left by signing in
    [row] = _rows()
    first = row.last_seen_at
    for _ in range(3):
        assert client.get("/cases").status_code == 200
    assert _rows()[0].last_seen_at == first  # reads only
    earlier = utcnow() - timedelta(minutes=2)
    db.session.execute(update(WebSession).values(last_seen_at=earlier))
    db.session.commit()
    client.get("/cases")
    assert _rows()[0].last_seen_at > earlier + timedelta(minutes=1)
    # "Stay signed in" refreshes at once.
    before = _rows()[0].last_seen_at
    assert client.post("/session/keep-alive").status_code == 204
    assert _rows()[0].last_seen_at > before


def test_a_users_sessions_can_be_ended_everywhere(make, app):
    user = make.user(Role.PARENT)
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    other = make.user(Role.PARENT)
    other_client = app.test_client()
    sign_in(other_client, other)
    assert end_user_sessions(db.session.get(User, user.id), actor=None) == 2
    db.session.commit()
    assert phone.get("/cases").status_code == 302 and laptop.get("/cases").status_code == 302
    assert other_client.get("/cases").status_code == 200


def test_deactivating_an_account_ends_its_sessions(make, app):
    user = make.user(Role.PARENT)
    admin = make.user(Role.ADMINISTRATOR)
    browser = app.test_client()
    sign_in(browser, user)
    deactivate_account(db.session.get(User, user.id), actor=admin)
    db.session.commit()
    assert _rows() == []
    assert browser.get("/cases").status_code == 302
    assert browser.post("/sign-in", data={"email": user.email, "password": "correct-horse-battery"}).status_code == 200


def test_the_scheduler_purges_expired_sessions(make, app, settings):
    from shared.jobs.scheduler import purge_sessions

    for user in (make.user(Role.PARENT), make.user(Role.PARENT), make.user(Role.PARENT)):
        sign_in(app.test_client(), user)
    rows = _rows()
    db.session.execute(update(WebSession).where(WebSession.id_hash == rows[0].id_hash)
                       .values(last_seen_at=utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)))
    db.session.execute(update(WebSession).where(WebSession.id_hash == rows[1].id_hash)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert purge_sessions() == 2
    assert [row.id_hash for row in _rows()] == [rows[2].id_hash]
    assert purge_expired_sessions(timedelta(minutes=settings.session_idle_minutes)) == 0


@contextmanager
def redis_stopped(stack):
    """Stop the test stack's Redis server for real, and start it again on the same port after.
    (With an external REDIS_URL there is no process of ours to stop: the test is skipped.)"""
    redis = stack.service("redis")
    if redis is None or redis.process is None:
        pytest.skip("Redis is external (REDIS_URL): not ours to stop")
    argv, log_path = redis.process.argv, redis.process.log_path
    redis.process.stop()
    try:
        yield
    finally:
        redis.process = ManagedProcess("redis", argv, log_path, cwd=Path(argv[argv.index("--dir") + 1]))
        client = redis_for(stack.env()["REDIS_URL"])
        wait_until(lambda: client.ping(), timeout=20, what="redis again", abort=redis.process.exited)


def test_officers_work_while_redis_is_down_and_every_notice_goes_out_once(app, make, settings, stack):
    """Redis stopped: an officer signs in (with the second factor) and refuses 10 assessments;
    each decision commits. Once Redis is back the relay and a worker deliver each notice once."""
    make.contacts()
    cases = []
    for n in range(10):
        parent = make.user(Role.PARENT, email=f"family{n}@example.com")
        cases.append(make.case(make.child(parent)))
    officer = make.user(Role.EHC_OFFICER)
    browser = app.test_client()
    undelivered = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.done_at.is_(None))
    with redis_stopped(stack):
        assert browser.get("/healthz").json["dependencies"]["queue"] == "down"
        sign_in(browser, officer)
        for case in cases:
            response = browser.post(f"/staff/cases/{case.id}/assessment-decision",
                                    data={"decision": "refuse", "version": 1,
                                          "reasons": "Needs are met at SEN support"})
            assert response.status_code == 302, response.text
        assert browser.get("/staff/").status_code == 200
        assert db.session.scalar(select(func.count()).select_from(Notice)) == 10
        with pytest.raises(RedisDown):
            relay_once()  # the scheduler's relay cannot hand anything over: every row waits
        assert db.session.scalar(undelivered) == 10

    folder = Path(settings.mail_sink_dir)
    before = set(folder.glob("*.eml"))
    run_jobs(app)  # Redis is back: the relay and a real worker
    run_jobs(app)  # and a second pass sends nothing twice
    sent = [email.message_from_bytes(p.read_bytes()) for p in sorted(set(folder.glob("*.eml")) - before)]
    assert sorted(message["To"] for message in sent) == sorted(f"family{n}@example.com" for n in range(10))
    assert {notice.status for notice in db.session.scalars(select(Notice))} == {NoticeStatus.SENT}
    assert db.session.scalar(undelivered) == 0


def test_an_administrator_signs_a_user_out_everywhere_and_deactivates_the_account(make, app, signed_in):
    user = make.user(Role.EHC_OFFICER, full_name="Pat Officer")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    admin = signed_in(make.user(Role.ADMINISTRATOR))
    page = admin.get(f"/staff/admin/users/{user.id}")
    assert page.status_code == 200 and "2 devices or browsers" in page.text
    response = admin.post(f"/staff/admin/users/{user.id}/sign-out-everywhere")
    assert response.status_code == 302
    assert "signed out on every device (2 sessions ended)" in admin.get(response.headers["Location"]).text
    assert phone.get("/staff/").status_code == 302 and laptop.get("/staff/").status_code == 302

    sign_in(phone, user)
    assert admin.post(f"/staff/admin/users/{user.id}/deactivate").status_code == 302
    assert phone.get("/staff/").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account is False
    refused = laptop.post("/staff/sign-in", data={"email": user.email, "password": "correct-horse-battery"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.text
    assert "Deactivated: cannot sign in" in admin.get(f"/staff/admin/users/{user.id}").text


def test_only_administrators_end_other_peoples_sessions(make, app, signed_in):
    user = make.user(Role.PARENT)
    browser = app.test_client()
    sign_in(browser, user)
    manager = signed_in(make.user(Role.MANAGER))
    assert manager.get(f"/staff/admin/users/{user.id}").status_code == 403
    assert manager.post(f"/staff/admin/users/{user.id}/sign-out-everywhere").status_code == 403
    assert manager.post(f"/staff/admin/users/{user.id}/deactivate").status_code == 403
    assert browser.get("/cases").status_code == 200


def test_an_administrator_cannot_deactivate_their_own_account(make, signed_in):
    admin_user = make.user(Role.ADMINISTRATOR)
    admin = signed_in(admin_user)
    assert "Deactivate" not in admin.get(f"/staff/admin/users/{admin_user.id}").text
    admin.post(f"/staff/admin/users/{admin_user.id}/deactivate")
    db.session.expire_all()
    assert db.session.get(User, admin_user.id).is_active_account is True


def test_a_request_that_changes_nothing_opens_no_second_connection(make, client):
    """Reading a fresh session costs one SELECT on the request's connection, nothing more."""
    from sqlalchemy import event

    user = make.user(Role.PARENT)
    sign_in(client, user)
    client.get("/cases")
    db.session.remove()  # the test's own connection goes back to the pool
    checkouts = []

    def count(*args):
        checkouts.append(1)

    event.listen(db.engine.pool, "checkout", count)
    try:
        assert client.get("/accessibility").status_code == 200
    finally:
        event.remove(db.engine.pool, "checkout", count)
    assert len(checkouts) == 1

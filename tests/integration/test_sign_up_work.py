"""Signing up with an address that already has an account does the same work as a new one, so the
time it takes cannot tell anyone which addresses have accounts (no timing assertions: the work)."""

from sqlalchemy import func, select

from shared.auth import accounts
from shared.db import db
from shared.models import OutboxMessage, Role


def _sign_up(client, email):
    return client.post("/sign-up", data={"full_name": "Pat Carer", "email": email, "role": "parent",
                                         "password": "a-long-password", "confirm": "a-long-password"})


def _outbox_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_existing_and_new_addresses_hash_the_password_once_and_queue_one_email(make, client, monkeypatch):
    existing = make.user(Role.PARENT)
    calls = []
    real_hash = accounts.hash_password

    def counting_hash(password):
        calls.append(password)
        return real_hash(password)

    monkeypatch.setattr(accounts, "hash_password", counting_hash)
    work = {}
    for label, email in (("existing", existing.email), ("new", "someone-new@example.com")):
        calls.clear()
        before = _outbox_rows()
        response = _sign_up(client, email)
        assert response.status_code == 302 and response.headers["Location"].endswith("/sign-up/check-your-email")
        work[label] = (len(calls), _outbox_rows() - before)
    assert work["existing"] == work["new"] == (1, 1)

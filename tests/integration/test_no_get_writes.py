"""No GET request writes to the database, except the staff access log and the web session
(each written on its own connection by design: docs/decisions/0007-sessions-in-postgresql.md)
and the object store's upload redirect (documented in docs/decisions/0003-upload-receipt-get.md)."""

import re
import uuid

import pytest
from sqlalchemy import event

from shared.db import db
from shared.models import Role
from tests.plan_helpers import draft_sent

ALLOWED_GET_WRITES = {"portal.evidence_received", "portal.advice_received"}
OWN_CONNECTION = {"access_log", "web_sessions"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\s+(INTO\s+)?(\w+)", re.I)


@pytest.fixture
def statements(app):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        match = WRITE.match(statement)
        if match:
            seen.append(match.group(3).lower())

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _value(arg: str, ids: dict):
    """The case's own ids where known; otherwise a plausible value, so every GET route is visited
    (an unknown id is a 404, which must not write either)."""
    if arg in ids:
        return ids[arg]
    if arg.endswith("_id") or arg == "id":
        return uuid.uuid4()
    return {"number": 1, "year": 2026, "key": "b"}.get(arg, "x")


def _get_routes(app, ids):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ALLOWED_GET_WRITES or rule.endpoint == "static":
            continue
        yield rule.endpoint, rule.build({arg: _value(arg, ids) for arg in rule.arguments}, append_unknown=False)[1]


@pytest.mark.parametrize("role", [Role.PARENT, Role.EHC_OFFICER, Role.ADMINISTRATOR, None])
def test_no_get_writes(app, make, signed_in, client, statements, role):
    case, parent, _, _, _ = draft_sent(make)  # a plan exists, so the plan pages do real work
    user = parent if role == Role.PARENT else (make.user(role) if role else None)
    if user is not None:
        signed_in(user)
    statements.clear()
    visited = 0
    for endpoint, path in _get_routes(app, {"case_id": case.id, "token": "x"}):
        client.get(path)
        visited += 1
        assert [t for t in statements if t not in OWN_CONNECTION] == [], f"GET {path} ({endpoint}) wrote {statements}"
    assert visited >= 40

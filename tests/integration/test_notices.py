"""A decision writes its notice and outbox row together; delivery is exactly once."""

import email
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import db
from shared.jobs.relay import relay_once
from shared.models import CaseKind, Notice, NoticeDelivery, NoticeStatus, OutboxMessage, Role
from shared.notices.appeal_rights import MissingAppealRightsSlot
from tests.jobs_helpers import run_jobs


def _sent(settings):
    folder = Path(settings.mail_sink_dir)
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


@pytest.fixture
def refusal_setup(make, signed_in):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam@example.com")
    child = make.child(parent, first_name="Lily", last_name="Parent")
    case = make.case(child, CaseKind.EHC_ASSESSMENT)
    officer = make.user(Role.EHC_OFFICER)
    return signed_in(officer), case, parent


def _refuse(client, case, version=1):
    return client.post(f"/staff/cases/{case.id}/assessment-decision",
                       data={"decision": "refuse", "reasons": "Needs are met at SEN support\nProgress is good",
                             "version": version})


def test_refusal_writes_notice_and_outbox_in_one_transaction(app, refusal_setup, settings):
    client, case, parent = refusal_setup
    case_id = case.id
    before = len(_sent(settings))
    response = _refuse(client, case)
    assert response.status_code == 302
    notice = db.session.scalars(select(Notice)).one()
    assert notice.recipient_email == "sam@example.com" and notice.status == NoticeStatus.QUEUED
    assert notice.appeal_deadline is not None
    outbox = db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == "deliver_notice")).one()
    assert outbox.payload == {"notice_id": str(notice.id)}

    notice_id = notice.id
    run_jobs(app)
    notice = db.session.get(Notice, notice_id)
    assert notice.status == NoticeStatus.SENT and notice.pdf_object_key
    messages = _sent(settings)[before:]
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "sam@example.com"
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "not to carry out an EHC needs assessment" in body
    pdf = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
    assert pdf.get_payload(decode=True).startswith(b"%PDF")
    page = client.get(f"/staff/cases/{case_id}")
    assert "emailed to Sam Parent" in page.text


def test_running_the_delivery_again_sends_nothing_twice(app, refusal_setup, settings):
    client, case, _ = refusal_setup
    _refuse(client, case)
    run_jobs(app)
    count = len(_sent(settings))
    # A worker that re-runs the same message (as after a crash) finds the work done.
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == "deliver_notice")).one()
    message.done_at = None
    message.enqueued_at = None
    db.session.commit()
    run_jobs(app)
    assert len(_sent(settings)) == count
    assert db.session.scalars(select(NoticeDelivery)).one().status == "sent"


def test_redis_down_loses_nothing(app, refusal_setup, settings):
    import socket
    from dataclasses import replace

    from redis.exceptions import ConnectionError as RedisDown

    client, case, _ = refusal_setup
    _refuse(client, case)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    app.config["SETTINGS"] = replace(settings, redis_url=f"redis://127.0.0.1:{closed}/0")  # Redis is down
    try:
        with pytest.raises(RedisDown):
            relay_once()
    finally:
        app.config["SETTINGS"] = settings
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.enqueued_at is None and message.done_at is None
    run_jobs(app)  # Redis is back
    assert db.session.scalars(select(Notice)).one().status == NoticeStatus.SENT


def test_a_stale_second_decision_gets_a_conflict(app, refusal_setup):
    client, case, _ = refusal_setup
    assert _refuse(client, case, version=1).status_code == 302
    response = _refuse(client, case, version=1)
    assert response.status_code == 409
    assert "Someone else changed this case" in response.text
    assert len(db.session.scalars(select(Notice)).all()) == 1


def test_missing_contact_slot_refuses_the_decision(app, make, signed_in):
    make.contacts(sendiass_phone="")
    parent = make.user(Role.PARENT)
    case = make.case(make.child(parent))
    client = signed_in(make.user(Role.EHC_OFFICER))
    with pytest.raises(MissingAppealRightsSlot):
        _refuse(client, case)
    assert db.session.scalars(select(Notice)).all() == []


def test_a_worker_dying_mid_send_resends_with_the_same_message_id(app, refusal_setup, settings):
    """The worker handed the email over, then died before recording it: the rerun sends the
    same message again (same Message-ID), which the reader's mail client shows once."""
    client, case, _ = refusal_setup
    before = len(_sent(settings))
    _refuse(client, case)
    run_jobs(app)
    delivery = db.session.scalars(select(NoticeDelivery)).one()
    notice = db.session.scalars(select(Notice)).one()
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.job == "deliver_notice")).one()
    delivery.status, notice.status, message.done_at, message.enqueued_at = "sending", NoticeStatus.QUEUED, None, None
    db.session.commit()
    run_jobs(app)
    sent = _sent(settings)[before:]
    assert len(sent) == 2 and sent[0]["Message-ID"] == sent[1]["Message-ID"]
    assert db.session.scalars(select(Notice)).one().status == NoticeStatus.SENT


def test_a_job_stuck_with_a_dead_worker_is_enqueued_again(app, refusal_setup):
    from datetime import timedelta

    from shared.db import utcnow

    client, case, _ = refusal_setup
    _refuse(client, case)
    assert relay_once() == 1  # handed to a worker that then dies: nothing runs it
    assert relay_once() == 0
    message = db.session.scalars(select(OutboxMessage)).one()
    message.enqueued_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    run_jobs(app)
    assert db.session.scalars(select(Notice)).one().status == NoticeStatus.SENT


def test_delivery_that_keeps_failing_ends_failed_and_is_shown_to_staff(app, refusal_setup, settings):
    import socket
    from dataclasses import replace

    from shared.jobs.runner import MAX_ATTEMPTS

    client, case, _ = refusal_setup
    _refuse(client, case)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    app.config["SETTINGS"] = replace(settings, smtp_port=closed)  # the mail server is unreachable
    try:
        for _ in range(MAX_ATTEMPTS):
            message = db.session.scalars(select(OutboxMessage)).one()
            message.available_at = message.created_at  # skip the backoff wait
            db.session.commit()
            run_jobs(app, rounds=1)
    finally:
        app.config["SETTINGS"] = settings
    notice = db.session.scalars(select(Notice)).one()
    assert notice.status == NoticeStatus.FAILED and notice.last_error
    assert db.session.scalars(select(OutboxMessage)).one().done_at is not None
    page = client.get("/staff/notices")
    assert "Failed: needs attention" in page.text


@pytest.mark.parametrize("issue", [True, False], ids=["issue", "not-issue"])
def test_the_decision_whether_to_issue_a_plan_sends_its_notice(app, refusal_setup, settings, issue):
    client, case, _ = refusal_setup
    case.status = "assessing"
    db.session.commit()
    page = client.get(f"/staff/cases/{case.id}").text
    assert "Decide whether to issue an EHC plan" in page
    response = client.post(f"/staff/cases/{case.id}/plan-decision",
                           data={"decision": "issue" if issue else "not_issue", "reasons": "Assessment complete",
                                 "version": case.version})
    assert response.status_code == 302
    notice = db.session.scalars(select(Notice)).one()
    assert notice.decision_type == ("decide_to_issue_plan" if issue else "decide_not_to_issue_plan")
    assert (notice.appeal_deadline is None) == issue  # only not issuing is appealable (Regs 10)
    db.session.expire_all()
    from shared.models import Case

    assert db.session.get(Case, case.id).status == ("drafting" if issue else "not_issuing")
    run_jobs(app)
    assert db.session.scalars(select(Notice)).one().status == NoticeStatus.SENT

"""Email by SMTP to a real aiosmtpd sink, and by GOV.UK Notify to a local stub of its HTTP API.

The Notify stub stands in only for the network boundary: the real `notifications-python-client`
signs a token and sends the request, and the stub checks the token the way Notify does (HS256,
signed with the API key's secret, issued by the service id, issued within the last 30 seconds).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid
from dataclasses import replace
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from shared.config import Settings
from shared.mail import MailError, MailUnavailable, message_id_for, ping, send_email

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF\n"
SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"send_casework_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP sink ----------------------------------------------------------------------------------


class Sink:
    """An aiosmtpd handler that keeps every message and refuses chosen recipients."""

    def __init__(self):
        self.messages = []
        self.refuse = {
            "gone@example.org": "550 5.1.1 No such user",
            "busy@example.org": "451 4.3.0 Try later",
        }

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted"


def authenticate(server, session, envelope, mechanism, auth_data):
    # handled=False: aiosmtpd itself answers 235 or 535 (with True it answers nothing).
    return AuthResult(
        success=(auth_data.login, auth_data.password) == (b"send-app", b"s3cret"), handled=False
    )


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def smtp_settings(smtp_sink) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_sink[1],
        mail_from="SEND Service <send@northbridge.example.gov.uk>",
    )


def test_smtp_delivers_the_message_with_its_attachment(smtp_sink, smtp_settings):
    sink, _ = smtp_sink

    reference = send_email(
        smtp_settings,
        to="parent@example.org",
        subject="Your EHC needs assessment decision",
        body_text="Dear parent,\n\nThe decision letter is attached.\n",
        attachments=[("../Decision letter – Sam.pdf", PDF, "application/pdf")],
        idempotency_key="notice-42-delivery-1",
    )

    [message] = sink.messages
    assert (
        message["Message-ID"].strip()
        == reference
        == message_id_for("notice-42-delivery-1", smtp_settings.mail_from)
    )
    assert reference.endswith("@northbridge.example.gov.uk>")
    assert message["From"] == "SEND Service <send@northbridge.example.gov.uk>"
    assert message["To"] == "parent@example.org"
    assert message["Subject"] == "Your EHC needs assessment decision"
    assert "The decision letter is attached." in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "Decision letter – Sam.pdf"  # path removed, Unicode kept
    assert attachment.get_content() == PDF


def test_a_retried_send_carries_the_same_message_id(smtp_sink, smtp_settings):
    sink, _ = smtp_sink
    send = dict(to="parent@example.org", subject="Reminder", body_text="Hello")

    first = send_email(smtp_settings, **send, idempotency_key="notice-7")
    again = send_email(smtp_settings, **send, idempotency_key="notice-7")
    other = send_email(smtp_settings, **send, idempotency_key="notice-8")

    assert first == again != other
    assert [m["Message-ID"].strip() for m in sink.messages] == [first, first, other]


def test_a_permanently_refused_recipient_is_a_mail_error_not_a_retry(smtp_settings):
    with pytest.raises(MailError) as refused:
        send_email(smtp_settings, to="gone@example.org", subject="s", body_text="b", idempotency_key="k1")
    assert not isinstance(refused.value, MailUnavailable)

    with pytest.raises(MailUnavailable):
        send_email(smtp_settings, to="busy@example.org", subject="s", body_text="b", idempotency_key="k2")


def test_smtp_down_is_unavailable():
    settings = Settings(smtp_host="127.0.0.1", smtp_port=free_port())
    with pytest.raises(MailUnavailable):
        send_email(settings, to="parent@example.org", subject="s", body_text="b", idempotency_key="k")
    with pytest.raises(MailUnavailable):
        ping(settings)


def test_ping_smtp(smtp_settings):
    assert ping(smtp_settings) == "smtp ok"


@pytest.fixture
def tls_files(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_and_login(tls_files, monkeypatch):
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sink = Sink()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
    )
    controller.start()
    # The client verifies the server certificate against the default trust store; trust ours.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    try:
        settings = Settings(
            smtp_host="127.0.0.1",
            smtp_port=controller.port,
            smtp_starttls=True,
            smtp_username="send-app",
            smtp_password="s3cret",
        )
        send_email(settings, to="parent@example.org", subject="TLS", body_text="b", idempotency_key="tls-1")
        assert [m["Subject"] for m in sink.messages] == ["TLS"]
        assert ping(settings) == "smtp ok"

        with pytest.raises(MailError, match="535") as refused:
            send_email(
                replace(settings, smtp_password="wrong"),
                to="p@example.org",
                subject="s",
                body_text="b",
                idempotency_key="tls-2",
            )
        assert not isinstance(refused.value, MailUnavailable)
    finally:
        controller.stop()


# --- GOV.UK Notify stub -------------------------------------------------------------------------


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def token_problem(authorization: str | None) -> str | None:
    """Check a Notify bearer token as Notify does; None when it is good."""
    if not authorization or not authorization.startswith("Bearer "):
        return "Unauthorized: authentication token must be provided"
    try:
        header_b64, payload_b64, signature_b64 = authorization[len("Bearer ") :].split(".")
        header, payload = json.loads(_b64decode(header_b64)), json.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except ValueError:
        return "Invalid token: could not decode"
    if header.get("alg") != "HS256" or header.get("typ") != "JWT":
        return "Invalid token: algorithm used is not HS256"
    expected = hmac.new(SECRET.encode(), f"{header_b64}.{payload_b64}".encode(), hashlib.sha256).digest()
    if payload.get("iss") != SERVICE_ID or not hmac.compare_digest(signature, expected):
        return "Invalid token: signature, api token not found"
    if abs(time.time() - payload.get("iat", 0)) > 30:
        return "Error: Your system clock must be accurate to within 30 seconds"
    return None


class NotifyStub(BaseHTTPRequestHandler):
    requests: list[dict] = []
    next_status: int | None = None

    def log_message(self, *args):  # Keep test output quiet.
        pass

    def _reply(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, error: str, message: str):
        self._reply(status, {"status_code": status, "errors": [{"error": error, "message": message}]})

    def do_POST(self):
        if self.path != "/v2/notifications/email":
            return self._error(404, "NotFound", "Not found")
        problem = token_problem(self.headers.get("Authorization"))
        if problem:
            return self._error(403, "AuthError", problem)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if type(self).next_status:
            status, type(self).next_status = type(self).next_status, None
            return self._error(status, "RateLimitError" if status == 429 else "Exception", "stubbed failure")
        notification_id = str(uuid.uuid4())
        personalisation = body.get("personalisation", {})
        self._reply(
            201,
            {
                "id": notification_id,
                "reference": body.get("reference"),
                "content": {
                    "subject": personalisation.get("subject"),
                    "body": personalisation.get("body"),
                    "from_email": "send.services@notifications.service.gov.uk",
                    "one_click_unsubscribe_url": None,
                },
                "uri": f"https://api.notifications.service.gov.uk/v2/notifications/{notification_id}",
                "template": {
                    "id": body["template_id"],
                    "version": 3,
                    "uri": f"https://api.notifications.service.gov.uk/services/{SERVICE_ID}/templates/{body['template_id']}",
                },
                "scheduled_for": None,
            },
        )


@pytest.fixture
def notify_settings():
    NotifyStub.requests = []
    NotifyStub.next_status = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Settings(
        notify_api_key=API_KEY,
        notify_base_url=f"http://127.0.0.1:{server.server_port}",
        notify_email_template_id=TEMPLATE_ID,
    )
    server.shutdown()
    server.server_close()


def test_notify_gets_the_personalisation_file_and_reference(notify_settings):
    reference = send_email(
        notify_settings,
        to="parent@example.org",
        subject="Your EHC plan",
        body_text="Your final EHC plan is ready.",
        attachments=[("EHC plan.pdf", PDF, "application/pdf")],
        idempotency_key="notice-9-delivery-1",
    )

    [request] = NotifyStub.requests
    assert uuid.UUID(reference)
    assert request["email_address"] == "parent@example.org"
    assert request["template_id"] == TEMPLATE_ID
    assert request["reference"] == "notice-9-delivery-1"
    personalisation = request["personalisation"]
    assert personalisation["subject"] == "Your EHC plan"
    assert personalisation["body"] == "Your final EHC plan is ready."
    link = personalisation["link_to_file"]
    assert base64.b64decode(link["file"]) == PDF
    assert link["filename"] == "EHC plan.pdf"
    assert link["confirm_email_before_download"] is True


def test_notify_without_a_file_sends_an_empty_link(notify_settings):
    send_email(notify_settings, to="p@example.org", subject="s", body_text="b", idempotency_key="k")
    assert NotifyStub.requests[0]["personalisation"]["link_to_file"] == ""


def test_notify_refuses_what_it_cannot_send_before_calling_out(notify_settings):
    two = [("a.pdf", PDF, "application/pdf"), ("b.pdf", PDF, "application/pdf")]
    with pytest.raises(MailError, match="one file"):
        send_email(
            notify_settings,
            to="p@example.org",
            subject="s",
            body_text="b",
            attachments=two,
            idempotency_key="k",
        )
    big = [("big.pdf", PDF + b"0" * (2 * 1024 * 1024), "application/pdf")]
    with pytest.raises(MailError, match="2MB"):
        send_email(
            notify_settings,
            to="p@example.org",
            subject="s",
            body_text="b",
            attachments=big,
            idempotency_key="k",
        )
    assert NotifyStub.requests == []


def test_a_wrong_notify_key_is_refused_by_the_token_check(notify_settings):
    wrong = replace(notify_settings, notify_api_key=f"send_casework_test-{SERVICE_ID}-{uuid.uuid4()}")
    with pytest.raises(MailError, match="403") as refused:
        send_email(wrong, to="p@example.org", subject="s", body_text="b", idempotency_key="k")
    assert not isinstance(refused.value, MailUnavailable)
    assert NotifyStub.requests == []


@pytest.mark.parametrize("status", [429, 500])
def test_notify_rate_limits_and_outages_are_worth_retrying(notify_settings, status):
    NotifyStub.next_status = status
    with pytest.raises(MailUnavailable, match=str(status)):
        send_email(notify_settings, to="p@example.org", subject="s", body_text="b", idempotency_key="k")


def test_notify_unreachable_is_unavailable(notify_settings):
    down = replace(notify_settings, notify_base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(MailUnavailable):
        send_email(down, to="p@example.org", subject="s", body_text="b", idempotency_key="k")


def test_ping_notify_reports_configured(notify_settings):
    assert ping(notify_settings) == "notify configured"

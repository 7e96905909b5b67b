"""An SMTP server that saves every message as a ``.eml`` file (unless SMTP_HOST is set).

Runs aiosmtpd in a thread of this process on a free loopback port.  Files
are named ``<time in ns>-<counter>.eml`` so sorting by name sorts by arrival;
each is written to a hidden temporary name first and then renamed, so a
reader never sees half a message.  Two headers are added at the top:
``X-Devstack-Mail-From`` and ``X-Devstack-Rcpt-To`` (the SMTP envelope, which
is the only place Bcc recipients appear).
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Mapping
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from .ports import HOST, free_port
from .procs import Service

log = logging.getLogger("devstack")


class _SaveHandler:
    """aiosmtpd handler writing each message to `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._counter = itertools.count()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        rcpts = ", ".join(envelope.rcpt_tos)
        header = (f"X-Devstack-Mail-From: {envelope.mail_from}\r\nX-Devstack-Rcpt-To: {rcpts}\r\n").encode(
            "utf-8", errors="replace"
        )
        with self._lock:
            name = f"{time.time_ns():020d}-{next(self._counter):06d}.eml"
        tmp = self.directory / f".{name}.tmp"
        tmp.write_bytes(header + content)
        os.replace(tmp, self.directory / name)
        return "250 Message accepted for delivery"


class SmtpSink(Service):
    """Handle of the SMTP sink (or of an external SMTP server)."""

    name = "smtp"

    def __init__(self, host: str, port: int, directory: Path | None = None, controller=None) -> None:
        self.host = host
        self.port = port
        self.directory = directory
        self._controller = controller

    def env(self) -> dict[str, str]:
        env = {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port)}
        if self.directory is not None:
            env["MAIL_SINK_DIR"] = str(self.directory)
        return env

    def messages(self) -> list[Path]:
        """Saved messages, oldest first."""
        if self.directory is None:
            return []
        return sorted(self.directory.glob("*.eml"))

    def read(self, path: Path) -> EmailMessage:
        """Parse a saved message."""
        return message_from_bytes(Path(path).read_bytes(), policy=policy.default)

    def ports(self) -> list[int]:
        return [self.port] if self._controller is not None else []

    def stop(self) -> None:
        if self._controller is not None:
            controller, self._controller = self._controller, None
            controller.stop()


def start_smtp_sink(
    directory: Path,
    *,
    environ: Mapping[str, str] | None = None,
    attempts: int = 5,
) -> SmtpSink:
    """Start the sink writing into `directory`; return its handle."""
    environ = environ if environ is not None else {}
    if environ.get("SMTP_HOST"):
        log.info("smtp: using SMTP_HOST from the environment")
        return SmtpSink(environ["SMTP_HOST"], int(environ.get("SMTP_PORT") or 25))

    from aiosmtpd.controller import Controller

    mail_log = logging.getLogger("mail.log")  # aiosmtpd logs every connection at INFO
    if mail_log.level == logging.NOTSET:
        mail_log.setLevel(logging.WARNING)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    handler = _SaveHandler(directory)
    last_error: Exception | None = None
    for _ in range(attempts):  # retry if another process took the port meanwhile
        port = free_port()
        controller = Controller(handler, hostname=HOST, port=port, server_hostname="devstack-smtp-sink")
        try:
            controller.start()
        except Exception as exc:  # noqa: BLE001
            last_error = exc
            try:
                controller.stop(no_assert=True)
            except Exception:  # noqa: BLE001
                pass
            continue
        log.info("smtp: sink on %s:%s saving to %s", HOST, port, directory)
        return SmtpSink(HOST, port, directory, controller)
    raise RuntimeError(f"could not start the SMTP sink: {last_error!r}")

"""ClamAV daemon for development and tests (unless CLAMD_URL is set).

The official signature databases are not available offline, so clamd runs
with a database directory holding one signature we write ourselves: an
``.ndb`` (extended, hex body) signature matching the standard EICAR test
string anywhere in any file type.  With ``ScanArchive yes`` clamd also finds
it inside zip files.  Reported name: ``Devstack.Eicar-Test-Signature.UNOFFICIAL``.
Its archive limits are `SCAN_LIMITS`: a file past them is reported, not passed.

If clamd is not installed `start_clamd` returns None and the app runs with
scanning off.
"""

from __future__ import annotations

import logging
import shutil
import socket
import struct
import time
from collections.abc import Mapping
from pathlib import Path

from .ports import HOST, free_port
from .procs import ManagedProcess, Reaper, Service, retry_if_exited, wait_until

log = logging.getLogger("devstack")

SIGNATURE_NAME = "Devstack.Eicar-Test-Signature"
# The EICAR test string, hex-encoded so that this source file (and its .pyc)
# do not themselves look like the test virus to scanners.
EICAR_HEX = (
    "58354f2150254041505b345c505a58353428505e2937434329377d24"
    "45494341522d5354414e444152442d414e544956495255532d544553"
    "542d46494c452124482b482a"
)


#: clamd's archive limits, which production's clamd must share (README, "Virus scanning").
#: Without AlertExceedsMax clamd stops at a limit and answers OK for what it never read, so a
#: zip bomb passed as clean; with it the answer is "Heuristics.Limits.Exceeded.<limit> FOUND".
#: ClamAV 1.4 cuts a zip member longer than MaxFileSize down to MaxFileSize and scans that much
#: without alerting, so the alert comes from MaxScanSize (the archive plus everything unpacked
#: from it): MaxFileSize is no lower, so one huge member still runs into it. Both stay above
#: the app's own cap on a zip's expanded size (200 MB, shared/storage/_containers.py), so a
#: file the app accepts is scanned in full.
SCAN_LIMITS = {
    "ScanArchive": "yes",  # look inside zip and other archives
    "StreamMaxLength": "100M",
    "MaxFileSize": "300M",
    "MaxScanSize": "300M",
    "MaxRecursion": 5,
    "MaxFiles": 5000,
    "AlertExceedsMax": "yes",
}


def eicar_bytes() -> bytes:
    """The 68-byte EICAR anti-virus test file."""
    return bytes.fromhex(EICAR_HEX)


def find_clamd() -> str | None:
    """Path of clamd, or None when ClamAV is not installed."""
    return shutil.which("clamd") or next(
        (p for p in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(p).exists()), None
    )


def parse_clamd_url(url: str) -> tuple[str, int]:
    """``tcp://host:port`` -> (host, port)."""
    if not url.startswith("tcp://"):
        raise ValueError(f"CLAMD_URL must look like tcp://host:port, got {url!r}")
    host, _, port = url[len("tcp://") :].rstrip("/").rpartition(":")
    return host.strip("[]"), int(port)


def _command(
    host: str, port: int, command: bytes, payload: bytes | None = None, timeout: float = 30.0
) -> str:
    """Send one z-command (optionally INSTREAM data) and return the reply."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"z" + command + b"\0")
        if payload is not None:
            for i in range(0, len(payload), 65536):
                chunk = payload[i : i + 65536]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            data = sock.recv(4096)
            if not data:
                break
            reply += data
    return reply.rstrip(b"\0").decode(errors="replace")


def clamd_ping(host: str, port: int, timeout: float = 2.0) -> bool:
    """True if clamd answers PING with PONG."""
    return _command(host, port, b"PING", timeout=timeout) == "PONG"


def clamd_instream(host: str, port: int, data: bytes, timeout: float = 30.0) -> str:
    """Scan `data` with INSTREAM; returns e.g. ``stream: OK`` or ``stream: NAME FOUND``.

    A minimal client for devstack self-tests; the app has its own.
    """
    return _command(host, port, b"INSTREAM", data, timeout=timeout)


class Clamd(Service):
    """Handle of a running (or external) clamd."""

    name = "clamd"

    def __init__(self, url: str, process: ManagedProcess | None = None) -> None:
        self.url = url
        self.host, self.port = parse_clamd_url(url)
        self.process = process

    def env(self) -> dict[str, str]:
        return {"CLAMD_URL": self.url}

    def scan(self, data: bytes) -> str:
        """INSTREAM-scan `data` (see `clamd_instream`)."""
        return clamd_instream(self.host, self.port, data)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def ports(self) -> list[int]:
        return [self.port] if self.process else []

    def log_paths(self) -> list[Path]:
        return [self.process.log_path] if self.process else []

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def write_signature_db(db_dir: Path) -> Path:
    """Create `db_dir` holding only the EICAR signature; return the file."""
    db_dir.mkdir(parents=True, exist_ok=True)
    for old in db_dir.iterdir():
        if old.is_file():
            old.unlink()
    sig_file = db_dir / "devstack-eicar.ndb"
    # .ndb line format: Name:TargetType:Offset:HexSignature (0 = any file, * = anywhere)
    sig_file.write_text(f"{SIGNATURE_NAME}:0:*:{EICAR_HEX}\n")
    return sig_file


def start_clamd(
    data_dir: Path,
    *,
    environ: Mapping[str, str] | None = None,
    reaper: Reaper | None = None,
    timeout: float = 60.0,
) -> Clamd | None:
    """Start clamd on 127.0.0.1:<free port>; None if clamd is not installed."""
    environ = environ if environ is not None else {}
    if environ.get("CLAMD_URL"):
        log.info("clamd: using CLAMD_URL from the environment")
        return Clamd(environ["CLAMD_URL"])
    clamd = find_clamd()
    if clamd is None:
        log.info("clamd: not installed, virus scanning is off")
        return None

    started = time.monotonic()
    root = Path(data_dir) / "clamav"
    db_dir = root / "db"
    tmp_dir = root / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    write_signature_db(db_dir)
    log_path = Path(data_dir) / "logs" / "clamd.log"  # clamd logs to stdout in the foreground
    handle = retry_if_exited(
        lambda: _launch(clamd, root, db_dir, tmp_dir, log_path, reaper, timeout), "clamd"
    )
    log.info(
        "clamd: %s, pid %s, log %s (%.1fs)",
        handle.url,
        handle.process.pid,
        log_path,
        time.monotonic() - started,
    )
    return handle


def _launch(
    clamd: str, root: Path, db_dir: Path, tmp_dir: Path, log_path: Path, reaper: Reaper | None, timeout: float
) -> Clamd:
    """One attempt: write clamd.conf for a free port, start clamd, wait for PONG."""
    port = free_port()
    settings = {
        "Foreground": "yes",
        "TCPSocket": port,
        "TCPAddr": HOST,
        "DatabaseDirectory": db_dir,
        "TemporaryDirectory": tmp_dir,
        "LogTime": "yes",
        "SelfCheck": 3600,
        **SCAN_LIMITS,
    }
    conf = root / "clamd.conf"
    conf.write_text("# generated by devstack\n" + "".join(f"{k} {v}\n" for k, v in settings.items()))
    process = ManagedProcess("clamd", [clamd, "-c", str(conf)], log_path, cwd=root, reaper=reaper)
    try:
        wait_until(lambda: clamd_ping(HOST, port), timeout=timeout, what="clamd", abort=process.exited)
    except Exception:
        process.stop()
        raise
    return Clamd(f"tcp://{HOST}:{port}", process)

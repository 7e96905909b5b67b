"""A small client for the ClamAV daemon's INSTREAM command, over TCP or a Unix socket.

Protocol (clamd(8)): send `zINSTREAM\\0`, then the data as chunks each prefixed by its length
as a 4-byte big-endian integer, then a zero-length chunk; clamd answers one NUL-terminated
line: `stream: OK`, `stream: <signature> FOUND`, or `... ERROR`. When the stream passes clamd's
StreamMaxLength it answers `INSTREAM size limit exceeded. ERROR` and closes the connection,
possibly while we are still sending. When an archive would unpack past clamd's own limits
(MaxScanSize, MaxRecursion, ...) and clamd runs with `AlertExceedsMax yes`, it answers
`stream: Heuristics.Limits.Exceeded.<limit> FOUND`: the file was not scanned in full, which is
not a virus but is not clean either ("limits_exceeded").

Connection failures raise `ScannerUnavailable` so that the scanning job retries rather than
passing or failing a file it never scanned.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK_BYTES = 64 * 1024
CLEAN = "clean"
INFECTED = "infected"
TOO_LARGE = "too_large"
LIMITS_EXCEEDED = "limits_exceeded"
_LIMITS_SIGNATURE = "Heuristics.Limits.Exceeded"


class ScannerError(RuntimeError):
    """clamd answered, but with an error other than the size limit."""


class ScannerUnavailable(ScannerError):
    """clamd could not be reached or stopped answering: try again later."""


@dataclass(frozen=True)
class ScanResult:
    """`clean` is True only for a completed scan that found nothing.

    `status` is "clean", "infected" (`signature` names what was found), "too_large" (clamd's
    StreamMaxLength stopped the scan) or "limits_exceeded" (the file unpacks past clamd's archive
    limits). The last two mean the file was not scanned in full, so it must not be treated as clean.
    """

    clean: bool
    signature: str | None = None
    status: str = CLEAN

    @property
    def too_large(self) -> bool:
        return self.status == TOO_LARGE

    @property
    def limits_exceeded(self) -> bool:
        return self.status == LIMITS_EXCEEDED


def parse_reply(reply: str) -> ScanResult:
    """Turn one clamd INSTREAM reply line into a result, or raise ScannerError."""
    text = reply.strip("\0").strip()
    if "size limit exceeded" in text.lower():
        return ScanResult(clean=False, status=TOO_LARGE)
    if text.endswith("ERROR"):
        raise ScannerError(f"clamd error: {text}")
    _, _, verdict = text.partition(": ")
    if verdict == "OK":
        return ScanResult(clean=True)
    if verdict.endswith(" FOUND"):
        signature = verdict[: -len(" FOUND")]
        status = LIMITS_EXCEEDED if signature.startswith(_LIMITS_SIGNATURE) else INFECTED
        return ScanResult(clean=False, signature=signature, status=status)
    raise ScannerError(f"unexpected clamd reply: {text!r}")


def _pieces(chunks: Iterable[bytes]) -> Iterable[bytes]:
    """Re-cut the caller's chunks to at most CHUNK_BYTES; drop empty ones (they end the stream)."""
    for chunk in chunks:
        view = memoryview(chunk)
        for start in range(0, len(view), CHUNK_BYTES):
            yield view[start : start + CHUNK_BYTES]


class ClamdClient:
    """Talks to one clamd at `url`: 'tcp://host:port' or 'unix:///path/to/clamd.ctl'."""

    def __init__(self, url: str, *, timeout: float = 60.0):
        parts = urlsplit(url)
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            self._family, self._address = socket.AF_INET, (parts.hostname, parts.port)
        elif parts.scheme == "unix" and parts.path:
            self._family, self._address = socket.AF_UNIX, parts.path
        else:
            raise ValueError(f"clamd URL must be tcp://host:port or unix:///path, not {url!r}")
        self.url = url
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        sock = socket.socket(self._family, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._address)
        except OSError as exc:
            sock.close()
            raise ScannerUnavailable(f"cannot connect to clamd at {self.url}: {exc}") from exc
        return sock

    @staticmethod
    def _read_reply(sock: socket.socket) -> str:
        data = bytearray()
        while not data.endswith(b"\0"):
            piece = sock.recv(4096)
            if not piece:
                break
            data.extend(piece)
        if not data:
            raise ScannerUnavailable("clamd closed the connection without answering")
        return data.decode("utf-8", errors="replace")

    def _command(self, command: bytes) -> str:
        with self._connect() as sock:
            try:
                sock.sendall(b"z" + command + b"\0")
                return self._read_reply(sock).strip("\0").strip()
            except OSError as exc:
                raise ScannerUnavailable(f"clamd at {self.url} failed: {exc}") from exc

    def ping(self) -> None:
        """Raise ScannerUnavailable unless clamd answers PONG."""
        reply = self._command(b"PING")
        if reply != "PONG":
            raise ScannerUnavailable(f"clamd answered {reply!r} to PING")

    def version(self) -> str:
        return self._command(b"VERSION")

    def scan_stream(self, chunks: Iterable[bytes]) -> ScanResult:
        """Scan the concatenation of `chunks` (any iterable of bytes, e.g. an object's body)."""
        with self._connect() as sock:
            try:
                sock.sendall(b"zINSTREAM\0")
                for piece in _pieces(chunks):
                    sock.sendall(struct.pack(">I", len(piece)) + piece)
                sock.sendall(struct.pack(">I", 0))
            except OSError as exc:
                # clamd stops reading and answers when the stream passes StreamMaxLength; its
                # answer may be waiting even though our send failed.
                return parse_reply(self._reply_after_failed_send(sock, exc))
            try:
                return parse_reply(self._read_reply(sock))
            except OSError as exc:
                raise ScannerUnavailable(f"clamd at {self.url} failed: {exc}") from exc

    def _reply_after_failed_send(self, sock: socket.socket, error: OSError) -> str:
        try:
            return self._read_reply(sock)
        except (OSError, ScannerUnavailable):
            raise ScannerUnavailable(f"clamd at {self.url} failed: {error}") from error

    def scan_bytes(self, data: bytes) -> ScanResult:
        return self.scan_stream([data])


def client_from_settings(settings) -> ClamdClient:
    """The client for `settings.clamd_url`; callers check `settings.scanning_enabled` first."""
    if not settings.clamd_url:
        raise ScannerUnavailable("CLAMD_URL is not set")
    return ClamdClient(settings.clamd_url)


def scan_stream(clamd_url: str, chunks: Iterable[bytes]) -> ScanResult:
    return ClamdClient(clamd_url).scan_stream(chunks)


def ping(clamd_url: str) -> None:
    ClamdClient(clamd_url).ping()

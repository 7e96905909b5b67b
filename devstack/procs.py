"""Helpers to run service processes and to make sure none outlive us.

* `ManagedProcess` runs one server in the foreground in its own session, with
  stdout and stderr appended to a log file, and stops it (signal, wait,
  SIGKILL).
* `Reaper` is a tiny watchdog process (see `_reaper.py`).  If our Python
  process dies without calling `stop()` (SIGKILL, crash, a test-runner
  timeout) the watchdog notices its stdin pipe closing and stops everything
  that was registered with it.  That is what guarantees no orphans.
* `Service` is the small base class every devstack service handle extends.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("devstack")

T = TypeVar("T")


def tail(path: Path | None, lines: int = 30) -> str:
    """Return the last `lines` lines of a log file (for error messages)."""
    if path is None:
        return ""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def pid_alive(pid: int) -> bool:
    """True if `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class ServiceExited(RuntimeError):
    """A server process exited while we were waiting for it to be ready."""


def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    interval: float = 0.05,
    abort: Callable[[], str | None] | None = None,
) -> None:
    """Poll `check()` until it returns True; raise TimeoutError after `timeout`.

    `abort()` may return an error message to give up early with
    `ServiceExited` (e.g. the server process exited).  Exceptions raised by
    `check()` count as "not yet".
    """
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            ready = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
            ready, last_error = False, exc
        # Checked after check(): a reply may come from another server that
        # took the port our process failed to bind.
        message = abort() if abort is not None else None
        if message:
            raise ServiceExited(f"{what}: {message}")
        if ready:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f}s (last error: {last_error!r})")
        time.sleep(interval)


def retry_if_exited(start: Callable[[], T], what: str, attempts: int = 3) -> T:
    """Call `start()`, again if the server exited at once.

    Free ports are only free when we look; if another process takes one
    before our server binds it, the server exits and we try new ports.
    """
    for attempt in range(1, attempts + 1):
        try:
            return start()
        except ServiceExited as exc:
            if attempt == attempts:
                raise
            log.warning("%s exited during start-up (attempt %d), retrying: %s", what, attempt, exc)
    raise AssertionError("unreachable")


class Reaper:
    """Client side of the orphan-killing watchdog (one per `Stack`)."""

    def __init__(self) -> None:
        script = Path(__file__).with_name("_reaper.py")
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal must not reach it
            text=True,
        )

    @property
    def pid(self) -> int:
        return self._proc.pid

    def _send(self, line: str) -> None:
        with self._lock:
            if self._proc.stdin is None or self._proc.stdin.closed:
                return
            try:
                self._proc.stdin.write(line + "\n")
                self._proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                log.warning("devstack watchdog is gone; orphan protection is off")

    def watch(self, pid: int, sig: int = signal.SIGTERM, group: bool = False) -> None:
        """Ask the watchdog to stop `pid` (or its process group) if we die."""
        self._send(f"watch {pid} {int(sig)} {1 if group else 0}")

    def unwatch(self, pid: int) -> None:
        """Forget `pid` (we stopped it ourselves)."""
        self._send(f"unwatch {pid}")

    def remove_on_exit(self, path: Path) -> None:
        """Delete the throwaway directory `path` when the watchdog finishes."""
        path = Path(path).resolve()
        if "\n" in str(path) or len(path.parts) < 3:  # refuse "/" and "/tmp"
            raise ValueError(f"refusing to register {path!r} for deletion")
        self._send(f"rmtree {path}")

    def close(self, timeout: float = 15.0) -> None:
        """Close the pipe; the watchdog stops anything still watched and exits."""
        with self._lock:
            if self._proc.stdin is not None and not self._proc.stdin.closed:
                try:
                    self._proc.stdin.close()
                except BrokenPipeError:
                    pass
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


class ManagedProcess:
    """One foreground server process with its output in a log file."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log_path: Path,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stop_signal: int = signal.SIGTERM,
        reaper: Reaper | None = None,
    ) -> None:
        self.name = name
        self.argv = [str(a) for a in argv]
        self.log_path = Path(log_path)
        self.stop_signal = stop_signal
        self._reaper = reaper
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as logf:
            logf.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(self.argv)}\n".encode())
            logf.flush()
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=logf,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                start_new_session=True,  # own process group; we stop it ourselves
            )
        if reaper is not None:
            reaper.watch(self.proc.pid, stop_signal, group=True)
        log.debug("%s started, pid %s", name, self.proc.pid)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def exited(self) -> str | None:
        """An error message if the process has exited, else None."""
        code = self.proc.poll()
        if code is None:
            return None
        return f"{self.name} exited with code {code}; log {self.log_path}:\n{tail(self.log_path)}"

    def stop(self, timeout: float = 10.0) -> None:
        """Send the stop signal, wait up to `timeout`, then SIGKILL the group."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, self.stop_signal)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %.0fs, killing it", self.name, timeout)
        # Kill anything left in the process group (also children, if any).
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        if self._reaper is not None:
            self._reaper.unwatch(self.proc.pid)


class Service:
    """Base for the handles returned by the `start_*` functions."""

    name = "service"

    def env(self) -> dict[str, str]:
        """Settings the app reads to reach this service."""
        return {}

    def pids(self) -> list[int]:
        """Process ids this handle started (for checks after `stop()`)."""
        return []

    def ports(self) -> list[int]:
        """TCP ports this handle listens on."""
        return []

    def log_paths(self) -> list[Path]:
        """Where this service writes its logs."""
        return []

    def stop(self) -> None:
        """Stop what was started; must be safe to call twice."""

"""Start every backing service of the app at once, and stop them all.

    stack = start_stack(Path(".data"), persistent=True, db_name="send")
    os.environ.update(stack.env())
    ...
    stack.stop()

A service whose environment variable is already set (DATABASE_URL or, for
tests, TEST_DATABASE_URL; REDIS_URL; S3_ENDPOINT_URL; CLAMD_URL; SMTP_HOST)
is not started; its settings are passed through `env()` instead.

Layout of `data_dir`: ``postgres/``, ``redis/``, ``seaweedfs/``, ``clamav/``,
``mail/`` (the .eml files) and ``logs/`` (one log per service).
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .clamav import start_clamd
from .postgres import start_postgres
from .procs import Reaper, Service
from .redis import start_redis
from .seaweedfs import start_seaweedfs
from .smtp_sink import start_smtp_sink

log = logging.getLogger("devstack")

ENV_KEYS = (
    "DATABASE_URL",
    "REDIS_URL",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_BUCKET",
    "CLAMD_URL",
    "SMTP_HOST",
    "SMTP_PORT",
    "MAIL_SINK_DIR",
)
DEV_S3_ACCESS_KEY = "devstack"
DEV_S3_SECRET_KEY = "devstack-secret-key"


class Stack:
    """The running services; see `start_stack`."""

    def __init__(self, data_dir: Path, persistent: bool) -> None:
        self.data_dir = data_dir
        self.persistent = persistent
        self.log_dir = data_dir / "logs"
        self.services: dict[str, Service] = {}
        self.started_in: float = 0.0
        self._reaper: Reaper | None = None
        self._lock_file = None
        self._stop_lock = threading.Lock()
        self._stopped = False
        self._owner_pid = os.getpid()

    def env(self) -> dict[str, str]:
        """Settings for the app (see ENV_KEYS); CLAMD_URL only if clamd runs."""
        env: dict[str, str] = {}
        for service in self.services.values():
            env.update(service.env())
        return env

    def service(self, name: str) -> Service | None:
        """The handle of one service: postgres, redis, seaweedfs, clamd, smtp."""
        return self.services.get(name)

    def pids(self) -> dict[str, list[int]]:
        """Process ids started by this stack, per service."""
        return {name: s.pids() for name, s in self.services.items() if s.pids()}

    def ports(self) -> dict[str, list[int]]:
        """TCP ports the started services listen on, per service."""
        return {name: s.ports() for name, s in self.services.items() if s.ports()}

    def log_paths(self) -> dict[str, list[Path]]:
        """Log files, per service."""
        return {name: s.log_paths() for name, s in self.services.items() if s.log_paths()}

    def stop(self) -> None:
        """Stop everything this stack started (in parallel); safe to call twice.

        Does nothing in a forked child (e.g. a gunicorn worker that inherited
        the atexit hook): only the process that started the stack stops it.
        """
        if os.getpid() != self._owner_pid:
            return
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        atexit.unregister(self.stop)
        started = time.monotonic()
        services = list(self.services.values())
        if services:
            with ThreadPoolExecutor(max_workers=len(services)) as pool:
                for service, future in [(s, pool.submit(s.stop)) for s in services]:
                    try:
                        future.result()
                    except Exception:  # noqa: BLE001 - keep stopping the others
                        log.exception("devstack: stopping %s failed", service.name)
        if self._reaper is not None:
            self._reaper.close()  # kills anything that somehow survived
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None
        log.info("devstack: stopped in %.1fs", time.monotonic() - started)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _take_lock(data_dir: Path):
    """Hold an exclusive lock on the data dir so two stacks cannot share it."""
    fh = open(data_dir / ".devstack.lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise RuntimeError(f"another devstack is already running with data dir {data_dir}") from None
    fh.write(str(os.getpid()))
    fh.flush()
    return fh


def start_stack(
    data_dir: Path,
    *,
    persistent: bool,
    db_name: str,
    environ: Mapping[str, str] | None = None,
    s3_bucket: str = "send-casework",
    s3_cors_origins: Sequence[str] = ("*",),
    with_clamav: bool = True,
) -> Stack:
    """Start the services concurrently and return the running `Stack`.

    persistent=True (``make run``): data survives restarts and DATABASE_URL
    wins if set.  persistent=False (tests): data is thrown away on stop, and
    TEST_DATABASE_URL (else DATABASE_URL) gets a fresh database that is
    dropped on stop.  `environ` defaults to ``os.environ``.
    """
    environ = dict(os.environ if environ is None else environ)
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(data_dir, persistent)
    stack._lock_file = _take_lock(data_dir)
    stack.log_dir.mkdir(parents=True, exist_ok=True)
    stack._reaper = reaper = Reaper()
    atexit.register(stack.stop)

    if persistent:
        s3_key, s3_secret = DEV_S3_ACCESS_KEY, DEV_S3_SECRET_KEY
    else:
        s3_key, s3_secret = f"test{secrets.token_hex(6)}", secrets.token_urlsafe(24)

    starters: dict[str, Callable[[], Service | None]] = {
        "postgres": lambda: start_postgres(
            data_dir, persistent=persistent, db_name=db_name, environ=environ, reaper=reaper
        ),
        "seaweedfs": lambda: start_seaweedfs(
            data_dir,
            persistent=persistent,
            access_key=s3_key,
            secret_key=s3_secret,
            bucket=s3_bucket,
            cors_origins=s3_cors_origins,
            environ=environ,
            reaper=reaper,
        ),
        "redis": lambda: start_redis(data_dir, persistent=persistent, environ=environ, reaper=reaper),
        "smtp": lambda: start_smtp_sink(data_dir / "mail", environ=environ),
    }
    if with_clamav:
        starters["clamd"] = lambda: start_clamd(data_dir, environ=environ, reaper=reaper)

    started = time.monotonic()
    errors: list[tuple[str, BaseException]] = []
    futures: dict[str, Future] = {}
    completed = False
    try:
        with ThreadPoolExecutor(max_workers=len(starters)) as pool:
            futures = {name: pool.submit(fn) for name, fn in starters.items()}
            for future in futures.values():
                future.exception()  # wait for every starter
        completed = True
    finally:  # also on Ctrl-C: leaving the pool waited, so every future is done
        for name, future in futures.items():
            if not future.done():
                continue
            if future.exception() is not None:
                errors.append((name, future.exception()))
            elif future.result() is not None:
                stack.services[name] = future.result()
        if not completed:
            stack.stop()
    if errors:
        stack.stop()
        name, exc = errors[0]
        others = ", ".join(n for n, _ in errors[1:])
        raise RuntimeError(
            f"devstack: {name} failed to start" + (f" (also failed: {others})" if others else "") + f": {exc}"
        ) from exc
    stack.started_in = time.monotonic() - started
    log.info(
        "devstack: started %s in %.1fs; logs in %s",
        ", ".join(stack.services),
        stack.started_in,
        stack.log_dir,
    )
    return stack

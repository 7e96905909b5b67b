"""`make run`'s supervisor: a worker or scheduler that dies is started again, and stopping the
supervisor stops its child for good."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devstack.procs import pid_alive

REPO_ROOT = Path(__file__).resolve().parents[2]


def _pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def _wait_for(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_child_is_restarted_and_stopping_stops_it(tmp_path):
    pids = tmp_path / "pids"
    child = f"echo $$ >> {pids}; exec sleep 300"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "devstack.supervise", "worker", "--", "sh", "-c", child],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(lambda: len(_pids(pids)) == 1)
        first = _pids(pids)[0]
        os.kill(first, signal.SIGKILL)  # the worker dies
        _wait_for(lambda: len(_pids(pids)) == 2)
        second = _pids(pids)[1]
        assert second != first and pid_alive(second) and supervisor.poll() is None
        os.kill(second, signal.SIGTERM)  # and again: each death is a restart
        _wait_for(lambda: len(_pids(pids)) == 3)
        third = _pids(pids)[2]
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=20) == 0
        _wait_for(lambda: not pid_alive(third))
        time.sleep(1.5)
        assert len(_pids(pids)) == 3  # not restarted after being asked to stop
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    log = supervisor.stdout.read()
    assert f"pid {first} exited with code -9" in log and "restarting in 1s" in log
    assert f"pid {second} exited with code -15" in log and "restarting in 2s" in log


def test_what_a_dead_child_leaves_behind_is_ended_before_the_restart(tmp_path):
    # An RQ worker killed hard leaves its forked scheduler behind, holding honcho's pipe open.
    pids, leftovers = tmp_path / "pids", tmp_path / "leftovers"
    child = f"sleep 300 & echo $! >> {leftovers}; echo $$ >> {pids}; exec sleep 300"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "devstack.supervise", "worker", "--", "sh", "-c", child],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: len(_pids(pids)) == 1 and len(_pids(leftovers)) == 1)
        os.kill(_pids(pids)[0], signal.SIGKILL)
        _wait_for(lambda: len(_pids(pids)) == 2)
        _wait_for(lambda: not pid_alive(_pids(leftovers)[0]))
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=20) == 0
        _wait_for(lambda: not any(pid_alive(p) for p in _pids(leftovers) + _pids(pids)))
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()

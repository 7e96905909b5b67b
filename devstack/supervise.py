"""Keep one process running under `make run`: restart it when it dies, with backoff, and say so.

    python -m devstack.supervise worker -- rq worker --url redis://... notices

`make run` (devstack/run.py) wraps the Procfile's worker and scheduler in this, so a worker
killed or crashed during development comes back by itself. Production runs the Procfile's own
lines: a platform (or systemd) restarts processes itself.

The child runs in a session of its own, so a signal reaches it once, from here: honcho stops
a process by signalling its whole process group, and a second SIGTERM would turn an RQ worker's
warm shutdown (finish the job in hand) into a cold one. SIGTERM or SIGINT here is passed to the
child, then this process ends when it has, without a restart. A child
that ran for STABLE_AFTER seconds before dying is restarted at once; one that keeps dying waits
1, 2, 4 ... up to MAX_DELAY seconds between tries.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

STABLE_AFTER = 60.0
FIRST_DELAY = 1.0
MAX_DELAY = 30.0


def _say(name: str, message: str) -> None:
    print(f"supervise[{name}]: {message}", flush=True)


def _end_leftovers(child: subprocess.Popen) -> None:
    """Kill what the dead child left in its process group (an RQ worker killed hard leaves its
    scheduler and work horse behind): orphans would keep running a second scheduler and hold
    honcho's output pipe open, so honcho would never see this process stop."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def supervise(name: str, argv: list[str], *, stable_after: float = STABLE_AFTER,
              first_delay: float = FIRST_DELAY, max_delay: float = MAX_DELAY) -> int:
    """Run `argv` until asked to stop, restarting it whenever it exits; returns the exit code."""
    stopping: list[int] = []
    child: subprocess.Popen | None = None

    def stop(signum, _frame):
        stopping.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    delay = first_delay
    try:
        while True:
            started = time.monotonic()
            child = subprocess.Popen(argv, start_new_session=True)
            _say(name, f"started pid {child.pid}")
            code = child.wait()
            _end_leftovers(child)
            if stopping:
                return 0
            ran = time.monotonic() - started
            delay = first_delay if ran >= stable_after else delay
            _say(name, f"pid {child.pid} exited with code {code} after {ran:.0f}s; restarting in {delay:.0f}s")
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.1)
            if stopping:
                return 0
            delay = min(delay * 2, max_delay)
    finally:
        # However this ends, the child does not outlive its supervisor.
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if child is not None:
            _end_leftovers(child)


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="what the child is, for the log (worker, scheduler)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    options = parser.parse_args(args)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("give the command to run after --")
    return supervise(options.name, command)


if __name__ == "__main__":
    sys.exit(main())

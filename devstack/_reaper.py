"""Watchdog run as a separate process: stops services if their owner dies.

The owner writes lines to our stdin:

    watch PID SIGNAL GROUP     (GROUP is 1 to signal the process group)
    unwatch PID
    rmtree PATH                (a throwaway directory to delete at the end)

When stdin reaches end of file (the owner exited, even by SIGKILL) or we get
SIGTERM/SIGHUP, every still-watched process is sent its signal, given a few
seconds, then killed; then the rmtree directories are deleted.  Standard
library only; run as a script.
"""

import os
import shutil
import signal
import sys
import time

GRACE_SECONDS = 8.0


def _start_time(pid):
    """Kernel start time of `pid` (to detect pid reuse), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            data = fh.read()
    except OSError:
        return None
    fields = data.rsplit(")", 1)[1].split()
    if fields[0] == "Z":  # zombie: already dead
        return None
    return fields[19]


def _signal(pid, sig, group):
    try:
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except OSError:
        pass


def _reap(watched):
    """Signal every watched process, wait, then SIGKILL the stragglers."""
    alive = {p: w for p, w in watched.items() if _start_time(p) == w[0]}
    for pid, (_, sig, group) in alive.items():
        _signal(pid, sig, group)
    deadline = time.monotonic() + GRACE_SECONDS
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = {p: w for p, w in alive.items() if _start_time(p) == w[0]}
    for pid, (_, _, group) in alive.items():
        _signal(pid, signal.SIGKILL, group)


def main():
    """Read commands until EOF, then clean up."""
    watched = {}
    remove = []

    def _on_signal(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    try:
        for line in sys.stdin:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "watch":
                pid = int(parts[1])
                started = _start_time(pid)
                if started is not None:
                    watched[pid] = (started, int(parts[2]), parts[3] == "1")
            elif len(parts) == 2 and parts[0] == "unwatch":
                watched.pop(int(parts[1]), None)
            elif line.startswith("rmtree /"):
                remove.append(line[len("rmtree ") :].rstrip("\n"))
    finally:
        _reap(watched)
        for path in remove:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()

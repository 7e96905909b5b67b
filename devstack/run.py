"""`make run`: the whole system on this machine, with embedded defaults.

Starts what is not configured (PostgreSQL, Redis, SeaweedFS, clamd when installed, an SMTP
sink), migrates, loads the demo data once, prints the demo sign-ins and runs the Procfile's
web, worker and scheduler with honcho. The worker and scheduler run under `devstack.supervise`,
which restarts either when it dies (a platform does that in production, from the Procfile's own
lines). The web server listens on BIND (127.0.0.1 unless set). Ctrl-C stops everything it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from devstack.stack import start_stack

ROOT = Path(__file__).resolve().parents[1]
SUPERVISED = ("worker", "scheduler")


def dev_procfile(procfile: str, python: str = sys.executable) -> str:
    """The Procfile with its worker and scheduler commands run under `devstack.supervise`."""
    lines = []
    for line in procfile.splitlines():
        name, colon, command = line.partition(":")
        if colon and name.strip() in SUPERVISED:
            # `exec`: the shell honcho starts becomes the supervisor, so honcho watches and stops
            # the supervisor itself rather than a shell around it.
            line = f"{name}: exec {python} -m devstack.supervise {name} -- {command.strip()}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def run_env(environ: dict[str, str], stack_env: dict[str, str], port: str) -> dict[str, str]:
    """The environment of web, worker and scheduler: the stack's services, the port, and the
    web server bound to loopback unless BIND says otherwise."""
    env = {
        **environ,
        **stack_env,
        "PORT": port,
        "BIND": environ.get("BIND", "127.0.0.1"),
        "PUBLIC_BASE_URL": environ.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}"),
    }
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo data, in this process, with the stack's settings."""
    os.environ.update(env)
    from shared.demo import load_demo_data
    from shared.jobs.app import job_app
    from shared.migrate import upgrade

    upgrade(env["DATABASE_URL"])
    with job_app().app_context():
        loaded = load_demo_data()
    print("Demo data loaded." if loaded else "Demo data already there: kept.", flush=True)


def main() -> int:
    port = os.environ.get("PORT", "8000")
    stack = start_stack(ROOT / ".data", persistent=True, db_name="send")
    env = run_env(dict(os.environ), stack.env(), port)
    try:
        prepare(env)
        from shared.demo import demo_sign_ins

        print("\n" + demo_sign_ins().replace("HOST", f"127.0.0.1:{port}"))
        if "CLAMD_URL" not in env:
            print("\nclamd is not installed: uploads will wait in 'awaiting scan' (install clamav-daemon).")
        if env.get("MAIL_SINK_DIR"):
            print(f"Sent email: http://127.0.0.1:{port}/dev/sent-mail")
        print(f"\nSEND Casework: http://127.0.0.1:{port}   (Ctrl-C stops everything)\n", flush=True)
        procfile = ROOT / ".data" / "Procfile.dev"
        procfile.write_text(dev_procfile((ROOT / "Procfile").read_text()))
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "--app-root", str(ROOT), "start", "-f", str(procfile),
             "web", "worker", "scheduler"],
            cwd=ROOT, env=env,
        )

        def stop(signum, frame):
            # Ctrl-C or SIGTERM: honcho stops web, worker and scheduler; then the stack stops.
            if honcho.poll() is None:
                honcho.terminate()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            return honcho.wait()
        finally:
            if honcho.poll() is None:
                honcho.terminate()
                honcho.wait(timeout=30)
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())

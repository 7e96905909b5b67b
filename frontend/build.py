"""Build the front-end assets into static/build/ when they are out of date.

    python frontend/build.py            # install + build only if needed
    python frontend/build.py --force    # always `npm ci` and `npm run build`

or from Python:

    from build import build   # with frontend/ on sys.path
    build(force=False)

Runs `npm ci` when frontend/node_modules is missing or older than
package-lock.json, and `npm run build` when an output in static/build/ is
missing or older than any source (sass/, src/, package.json, package-lock.json,
build.mjs). Needs Node.js (>= 20.19) and npm on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FRONTEND = Path(__file__).resolve().parent
REPO = FRONTEND.parent
NODE_MODULES = FRONTEND / "node_modules"
LOCKFILE = FRONTEND / "package-lock.json"
OUT = REPO / "static" / "build"

# Files `npm run build` must produce (relative to static/build/).
OUTPUTS = (
    "app.css",
    "app.js",
    "govuk-frontend.min.js",
    "htmx.min.js",
    "axe.min.js",
    "images/favicon.svg",
)

# npm ci leaves this marker, newer than the lock file it installed from.
_INSTALL_MARKER = NODE_MODULES / ".package-lock.json"


class FrontendBuildError(RuntimeError):
    """The front-end assets could not be built."""


def _sources() -> list[Path]:
    files = [FRONTEND / "package.json", LOCKFILE, FRONTEND / "build.mjs"]
    for folder in ("sass", "src"):
        files.extend(p for p in (FRONTEND / folder).rglob("*") if p.is_file())
    return files


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def needs_install() -> bool:
    if not NODE_MODULES.is_dir():
        return True
    return _mtime(_INSTALL_MARKER) < _mtime(LOCKFILE)


def needs_build() -> bool:
    outputs = [OUT / name for name in OUTPUTS]
    if any(not p.is_file() for p in outputs):
        return True
    oldest_output = min(_mtime(p) for p in outputs)
    newest_source = max(_mtime(p) for p in _sources())
    return newest_source > oldest_output


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise FrontendBuildError(
            "npm was not found on PATH. Install Node.js 20.19+ with npm "
            "(e.g. `apt-get install nodejs npm`) to build static/build/."
        )
    return npm


def _run(npm: str, *args: str) -> None:
    cmd = [npm, *args]
    print(f"frontend: {' '.join(['npm', *args])}", flush=True)
    env = dict(os.environ)
    env.setdefault("npm_config_fund", "false")
    env.setdefault("npm_config_audit", "false")
    result = subprocess.run(cmd, cwd=FRONTEND, env=env)
    if result.returncode != 0:
        raise FrontendBuildError(f"`npm {' '.join(args)}` failed with exit code {result.returncode} (in {FRONTEND})")


def build(force: bool = False) -> bool:
    """Install and build when needed (always when `force`). Returns True if it built."""
    install = force or needs_install()
    rebuild = force or install or needs_build()
    if not rebuild:
        return False
    npm = _npm()
    if install:
        _run(npm, "ci")
        _INSTALL_MARKER.touch(exist_ok=True)
    _run(npm, "run", "build")
    missing = [name for name in OUTPUTS if not (OUT / name).is_file()]
    if missing:
        raise FrontendBuildError(f"`npm run build` did not produce: {', '.join(missing)}")
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    force = "--force" in argv or "-f" in argv
    try:
        built = build(force=force)
    except FrontendBuildError as error:
        print(f"frontend build error: {error}", file=sys.stderr)
        return 1
    if not built:
        print("frontend: static/build/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

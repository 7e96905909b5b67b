"""devstack/system-packages.sh: what `make test`, `make run` and `.ci/run` run first. When a
package is missing and cannot be installed, it stops at once with the one command to run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "devstack" / "system-packages.sh"
TOOLS = ("id", "grep", "fc-list", "node", "npm", "chromium", "clamd")


def _run(mode: str, tmp_path: Path, without: tuple[str, ...] = ()):
    """Run the script with a PATH holding this machine's tools except `without`, never installing."""
    bin_dir = tmp_path / f"bin-{mode}-{'-'.join(without)}"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool) or (f"/usr/sbin/{tool}" if Path(f"/usr/sbin/{tool}").exists() else None)
        if tool not in without and found:
            (bin_dir / tool).symlink_to(found)
    return subprocess.run(["/bin/bash", str(SCRIPT), mode], env={"PATH": str(bin_dir), "SEND_NO_INSTALL": "1"},
                          capture_output=True, text=True, timeout=30)


@pytest.fixture(autouse=True)
def _needs_the_tools():
    if not all(shutil.which(t) for t in ("node", "npm", "chromium", "fc-list")):
        pytest.skip("this machine lacks the tools the script looks for")


def test_nothing_missing_means_nothing_to_do(tmp_path):
    result = _run("test", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_make_test_without_chromium_stops_with_the_one_command(tmp_path):
    result = _run("test", tmp_path, without=("chromium",))
    assert result.returncode == 1
    assert "  sudo apt-get install -y --no-install-recommends chromium\n" in result.stderr


def test_make_run_does_not_need_chromium_but_needs_node(tmp_path):
    assert _run("run", tmp_path, without=("chromium",)).returncode == 0
    result = _run("run", tmp_path, without=("node", "npm"))
    assert result.returncode == 1 and "install -y --no-install-recommends nodejs npm" in result.stderr

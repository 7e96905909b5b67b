"""Fixtures for the devstack self-tests: one throwaway stack per module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from devstack.stack import start_stack  # noqa: E402
from devstack.testing import clean_environ  # noqa: E402


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A throwaway stack with every service started by devstack."""
    s = start_stack(
        tmp_path_factory.mktemp("devstack"),
        persistent=False,
        db_name="send_test",
        environ=clean_environ(),
    )
    yield s
    s.stop()

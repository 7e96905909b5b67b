"""Helpers for test suites that use devstack."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .stack import ENV_KEYS

# Variables that make devstack use an outside service instead of starting one.
SERVICE_VARS = frozenset(ENV_KEYS) | {"TEST_DATABASE_URL"}


def clean_environ(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`environ` (default os.environ) without SERVICE_VARS, so every service starts."""
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if k not in SERVICE_VARS}

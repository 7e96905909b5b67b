"""Real backing services (PostgreSQL, Redis, SeaweedFS S3, clamd, an SMTP sink)
on free loopback ports, for ``make run`` and the test suite.

Main entry point: `start_stack`; command line: ``python -m devstack up``.
"""

from .stack import ENV_KEYS, Stack, start_stack

__all__ = ["ENV_KEYS", "Stack", "start_stack"]

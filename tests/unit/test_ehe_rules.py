"""Elective home education rules: when council consent is needed, when a check-in is due."""

from datetime import date

import pytest

from shared.domain.ehe import DFE_REASONS, check_in_due, consent_required, reason_labels
from shared.domain.lifecycles import EHE


@pytest.mark.parametrize(("special", "s47", "cwsa", "expected"), [
    (True, False, False, True),   # special school under council arrangements: consent today
    (False, True, False, False),  # s.47 enquiries: not until the 2026 Act is in force
    (False, True, True, True),    # new EA 1996 s.434A
    (True, False, True, True),
    (False, False, True, False),
])
def test_consent_required(special, s47, cwsa, expected):
    assert consent_required(special_school=special, s47_enquiries=s47, cwsa_in_force=cwsa) is expected


def test_check_in_due_on_and_after_the_date():
    assert check_in_due(date(2026, 11, 23), date(2026, 11, 23))
    assert check_in_due(date(2026, 11, 20), date(2026, 11, 23))
    assert not check_in_due(date(2026, 11, 24), date(2026, 11, 23))
    assert not check_in_due(None, date(2026, 11, 23))


def test_reason_labels_keep_order_and_skip_unknown():
    assert reason_labels(["bullying", "nonsense", "religious"]) == [DFE_REASONS["bullying"], DFE_REASONS["religious"]]


def test_the_lifecycle_closes_on_return_from_every_open_escalation():
    for state in ("enquiries", "suitable", "s437_notice", "school_attendance_order"):
        assert EHE.next_state(None, state, "record_return_to_school") == "closed"

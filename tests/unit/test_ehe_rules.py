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


# --- school attendance orders (EA 1996 s.437(3), s.438) and the information duty (s.436D) -------

def test_the_parents_15_days_to_choose_a_school_begin_with_the_day_of_service():
    from shared.domain.ehe import sao_choice_period_ends

    assert sao_choice_period_ends(date(2026, 11, 2)) == date(2026, 11, 16)
    assert sao_choice_period_ends(date(2026, 12, 20)) == date(2027, 1, 3)  # a Sunday: not moved


def test_an_order_only_after_the_s437_period_and_the_choice_period():
    from shared.domain.ehe import sao_may_act_from

    assert sao_may_act_from(None, None) is None
    assert sao_may_act_from(date(2026, 11, 16), None) == date(2026, 11, 17)
    assert sao_may_act_from(date(2026, 11, 16), date(2026, 12, 1)) == date(2026, 12, 2)
    assert sao_may_act_from(date(2026, 11, 16), date(2026, 11, 10)) == date(2026, 11, 17)


def test_information_due_on_and_overdue():
    from shared.domain.ehe import information_due_on, information_overdue

    due = information_due_on(date(2026, 11, 23), 15)
    assert due == date(2026, 12, 7)
    assert not information_overdue(due, None, date(2026, 12, 7))  # the last day is still in time
    assert information_overdue(due, None, date(2026, 12, 8))
    assert not information_overdue(due, date(2026, 12, 8), date(2026, 12, 20))  # answered late: not overdue


def test_the_lifecycle_has_the_notice_of_intention_between_the_notice_and_the_order():
    assert EHE.next_state(None, "s437_notice", "serve_sao_intention") == "sao_intention"
    assert EHE.next_state(None, "sao_intention", "issue_school_attendance_order") == "school_attendance_order"
    assert EHE.next_state(None, "sao_intention", "judge_suitable") == "suitable"
    assert EHE.next_state(None, "sao_intention", "record_return_to_school") == "closed"


# --- a school attendance order in force, amended, revoked (EA 1996 ss.437(4), 440-442) ----------


def test_an_order_is_in_force_from_when_it_is_made_until_it_is_revoked():
    from shared.domain.ehe import sao_in_force

    made = date(2027, 1, 11)
    assert not sao_in_force(None, None)  # no order made
    assert sao_in_force(made, None)
    assert not sao_in_force(made, date(2027, 3, 1))  # revoked (s.442)
    assert not sao_in_force(made, made)  # revoked the day it was made
    assert sao_in_force(date(2027, 6, 1), date(2027, 3, 1))  # a new order after an earlier one was revoked


def test_the_order_state_for_the_register():
    from shared.domain.ehe import sao_state

    made = date(2027, 1, 11)
    assert sao_state(None, None, None) is None
    assert sao_state(made, None, None) == "in_force"
    assert sao_state(made, None, date(2027, 2, 1)) == "amended"
    assert sao_state(made, date(2027, 3, 1), date(2027, 2, 1)) == "revoked"
    assert sao_state(date(2027, 6, 1), date(2027, 3, 1), date(2027, 2, 1)) == "in_force"  # amended an earlier one


def test_an_application_to_revoke_waits_until_refused_or_granted():
    from shared.domain.ehe import sao_revocation_pending

    made, asked = date(2027, 1, 11), date(2027, 2, 15)
    assert not sao_revocation_pending(made, None, None, None)
    assert sao_revocation_pending(made, None, asked, None)
    assert not sao_revocation_pending(made, None, asked, date(2027, 3, 1))  # refused
    assert sao_revocation_pending(made, None, date(2027, 3, 5), date(2027, 3, 1))  # asked again after a refusal
    assert not sao_revocation_pending(made, date(2027, 3, 1), asked, None)  # revoked: nothing waits
    assert not sao_revocation_pending(date(2027, 6, 1), date(2027, 3, 1), asked, None)  # about an earlier order
    assert not sao_revocation_pending(None, None, asked, None)


def test_the_lifecycle_revokes_to_suitable_and_keeps_the_order_for_the_other_steps():
    assert EHE.next_state(None, "school_attendance_order", "revoke_school_attendance_order") == "suitable"
    for action in ("record_sao_revocation_request", "refuse_sao_revocation", "amend_school_attendance_order"):
        assert EHE.next_state(None, "school_attendance_order", action) == "school_attendance_order"
        for state in ("enquiries", "suitable", "s437_notice", "sao_intention", "closed"):
            assert (state, action) not in EHE.transitions
    assert ("suitable", "revoke_school_attendance_order") not in EHE.transitions


def test_an_order_from_an_earlier_case_is_still_in_force_until_revoked():
    """EA 1996 s.437(4): the order outlives the case it was made on; the newest case that made or
    carried an order holds it (statutory-rules.md section 5: it must be revoked first)."""
    from shared.domain.ehe import EarlierOrder, order_still_in_force

    made = date(2026, 1, 12)
    assert order_still_in_force([]) is None  # no earlier case made one
    kept = EarlierOrder("EHE-1", made, None)
    assert order_still_in_force([kept]) == kept
    assert order_still_in_force([EarlierOrder("EHE-1", made, date(2026, 3, 1))]) is None  # revoked
    # The first case's copy is superseded by the case that carried the order and had it revoked.
    assert order_still_in_force([kept, EarlierOrder("EHE-2", made, date(2026, 9, 1))]) is None
    # A new order on a later case after the first was revoked is in force.
    later = EarlierOrder("EHE-3", date(2026, 10, 5), date(2026, 3, 1))
    assert order_still_in_force([EarlierOrder("EHE-1", made, date(2026, 3, 1)), later]) == later

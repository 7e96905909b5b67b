"""Lifecycles refuse illegal steps."""

import pytest

from shared.domain.lifecycles import LIFECYCLES, IllegalTransition, lifecycle_for, status_label
from shared.models import CaseKind


def test_every_kind_has_a_lifecycle_whose_states_are_labelled():
    assert set(LIFECYCLES) == set(CaseKind)
    for kind, lifecycle in LIFECYCLES.items():
        states = {lifecycle.initial} | {s for s, _ in lifecycle.transitions} | set(lifecycle.transitions.values())
        assert states <= set(lifecycle.labels), f"{kind}: unlabelled states {states - set(lifecycle.labels)}"
        assert lifecycle.closed <= states


def test_refusing_to_assess_is_only_possible_from_received():
    lifecycle = lifecycle_for(CaseKind.EHC_ASSESSMENT)
    assert lifecycle.next_state(CaseKind.EHC_ASSESSMENT, "received", "refuse_to_assess") == "refused"
    with pytest.raises(IllegalTransition, match="cannot be moved by 'refuse_to_assess'"):
        lifecycle.next_state(CaseKind.EHC_ASSESSMENT, "assessing", "refuse_to_assess")


def test_closed_states_have_no_way_out_except_reopening_rules():
    lifecycle = lifecycle_for(CaseKind.EHC_ASSESSMENT)
    for closed in lifecycle.closed:
        assert lifecycle.actions_from(closed) == []


def test_labels_are_plain_english():
    assert status_label(CaseKind.EHC_ASSESSMENT, "refused") == "Decided not to assess"

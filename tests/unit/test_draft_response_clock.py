"""The family's window on a draft plan (SEND Regulations 2014 reg 13(1)) as a clock and a key date."""

from datetime import date

from shared.domain.clocks import (
    Clock,
    ExceptionReason,
    applies_to,
    clock_status,
    draft_response_window,
    plain_english,
)
from shared.domain.key_dates import assessment_key_dates, assessment_next_step

RECEIVED = date(2026, 9, 4)
SERVED = date(2027, 3, 3)
LAST_DAY = date(2027, 3, 17)  # 15 days beginning with the day of service


def test_the_window_is_its_own_clock_citing_reg_13_1():
    assert Clock.DRAFT_RESPONSE_15_DAYS.source == "SEND Regulations 2014 reg 13(1)"
    assert draft_response_window(SERVED) == (SERVED, LAST_DAY)


def test_no_exception_applies_to_the_familys_window():
    # The exceptions relieve the council of its own limits; they never shorten the family's time.
    assert not any(applies_to(reason, Clock.DRAFT_RESPONSE_15_DAYS) for reason in ExceptionReason)


def test_clock_status_of_the_window():
    assert plain_english(clock_status(Clock.DRAFT_RESPONSE_15_DAYS, LAST_DAY, SERVED)) == "Due in 14 days"
    assert plain_english(clock_status(Clock.DRAFT_RESPONSE_15_DAYS, LAST_DAY, LAST_DAY)) == "Due today"
    responded = clock_status(Clock.DRAFT_RESPONSE_15_DAYS, LAST_DAY, date(2027, 3, 20), done_on=date(2027, 3, 10))
    assert responded.state == "done_in_time"
    late = clock_status(Clock.DRAFT_RESPONSE_15_DAYS, LAST_DAY, date(2027, 3, 20), done_on=date(2027, 3, 19))
    assert plain_english(late) == "Done 2 days late"


def test_key_date_while_the_draft_is_with_the_family():
    dates = assessment_key_dates(RECEIVED, "draft_issued", date(2027, 3, 10), decided_on=date(2026, 10, 1),
                                 respond_by=LAST_DAY)
    assert [d.label for d in dates] == ["Decision on whether to assess", "Your comments on the draft plan",
                                        "Final EHC plan"]
    assert dates[1].status.due_on == LAST_DAY and dates[1].text == "Due in 7 days" and dates[1].urgent
    officer = assessment_key_dates(RECEIVED, "draft_issued", date(2027, 3, 10), respond_by=LAST_DAY,
                                   responded_on=date(2027, 3, 9), for_family=False)
    assert officer[1].label == "The family's comments on the draft plan" and officer[1].text == "Done on time"


def test_no_window_key_date_at_other_stages():
    dates = assessment_key_dates(RECEIVED, "drafting", date(2027, 3, 10), respond_by=LAST_DAY)
    assert "Your comments on the draft plan" not in [d.label for d in dates]


def test_next_step_names_the_last_day():
    assert "by 17 March 2027" in assessment_next_step(RECEIVED, "draft_issued", respond_by=LAST_DAY)
    assert "at least 15 days" in assessment_next_step(RECEIVED, "draft_issued")

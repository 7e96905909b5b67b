"""Key dates and next steps, with worked dates: request received Friday 4 September 2026."""

from datetime import date

from shared.domain.key_dates import assessment_key_dates, assessment_next_step

RECEIVED = date(2026, 9, 4)


def test_a_new_request_shows_the_six_week_decision():
    [decision] = assessment_key_dates(RECEIVED, "received", date(2026, 10, 12))
    assert decision.status.due_on == date(2026, 10, 16)
    assert decision.text == "Due in 4 days" and decision.urgent


def test_an_overdue_decision_says_so_in_words():
    [decision] = assessment_key_dates(RECEIVED, "received", date(2026, 10, 19))
    assert decision.text == "Overdue by 3 days" and decision.status.state == "overdue"


def test_after_agreeing_the_16_and_20_week_clocks_appear():
    dates = assessment_key_dates(RECEIVED, "assessing", date(2026, 10, 20), decided_on=date(2026, 10, 9))
    assert [d.label for d in dates] == ["Decision on whether to assess",
                                        "Latest date to tell you if we will not issue a plan", "Final EHC plan"]
    assert dates[0].text == "Done on time"
    assert dates[1].status.due_on == date(2026, 12, 25)  # 16 weeks: not moved off Christmas Day
    assert dates[2].status.due_on == date(2027, 1, 22)


def test_a_refusal_closes_the_decision_clock_and_shows_no_more():
    dates = assessment_key_dates(RECEIVED, "refused", date(2026, 11, 1), decided_on=date(2026, 10, 20))
    assert len(dates) == 1 and dates[0].text == "Done 4 days late"


def test_a_plan_issued_late_is_reported_late():
    dates = assessment_key_dates(RECEIVED, "plan_issued", date(2027, 2, 1), decided_on=date(2026, 10, 1),
                                 closed_on=date(2027, 1, 25))
    assert dates[-1].text == "Done 3 days late"


def test_next_steps_name_the_dates():
    assert "by 16 October 2026" in assessment_next_step(RECEIVED, "received")
    assert "by 22 January 2027" in assessment_next_step(RECEIVED, "drafting")
    assert "how to appeal" in assessment_next_step(RECEIVED, "refused")


def test_the_next_step_is_worded_for_its_reader():
    assert "advice about your child's needs" in assessment_next_step(RECEIVED, "assessing", reader="parent")
    young = assessment_next_step(RECEIVED, "assessing", reader="young_person")
    assert "advice about your needs from your school" in young and "child" not in young
    other = assessment_next_step(RECEIVED, "refused", reader="other")
    assert "The family's letter explains" in other and "Your" not in other
    staff = assessment_next_step(RECEIVED, "received", reader="staff")
    assert staff.startswith("Decide whether to carry out") and "tell the family by 16 October 2026" in staff

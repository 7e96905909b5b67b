"""A draft plan posted to a family member is served the day it is posted: the 15 days of
SEND Regulations 2014 reg 13(1) begin then, on the letter and on every page that shows them."""

from datetime import timedelta

from sqlalchemy import select

from shared.db import db
from shared.domain.dates import today_in_england
from shared.domain.posting import add_working_days
from shared.models import Notice, NoticeChannel, Role
from shared.services import plans
from shared.services.cases import move_case
from shared.services.family_contacts import ContactDetails, record_contact_from_request
from shared.services.print_queue import create_print_batch, mark_batch_posted
from tests.plan_helpers import write_plan


def _draft_sent(make, days_ago, *, by_post=True):
    make.contacts()
    parent = make.user(Role.PARENT, full_name="Sam Parent", email="sam@example.com")
    officer = make.user(Role.EHC_OFFICER)
    child = make.child(parent, first_name="Lily", last_name="Parent")
    record_contact_from_request(child, ContactDetails(name="Sam Parent", email="sam@example.com",
                                                      address_line_1="4 Mill Lane", town="Northbridge",
                                                      postcode="NB2 3CD", prefers_post=by_post),
                                source="request", user=parent)
    case = make.case(child, received_on=today_in_england() - timedelta(days=70))
    move_case(case, "agree_to_assess", actor=officer)
    move_case(case, "decide_to_issue_plan", actor=officer)
    version = write_plan(case, officer)
    db.session.flush()
    sent_on = today_in_england() - timedelta(days=days_ago)
    plans.issue_draft(case, actor=officer, expected_version=case.version, based_on=version.number, today=sent_on)
    db.session.commit()
    return case, officer, sent_on


def test_the_window_runs_from_the_day_the_draft_is_posted(make):
    today = today_in_england()
    case, officer, sent_on = _draft_sent(make, days_ago=3)
    draft = plans.current_draft(case)
    letter = db.session.scalars(select(Notice).where(Notice.channel == NoticeChannel.POST)).one()
    assert letter.content["extra"]["respond_by"] == (sent_on + timedelta(days=14)).isoformat()

    # Not yet posted: not yet served, so the window runs as if it were posted today, deemed
    # served on the second working day after (Interpretation Act 1978 s.7).
    served = add_working_days(today, 2)
    assert plans.response_window(draft, today) == (served, served + timedelta(days=14))

    batch = create_print_batch([letter], letter_date=today, actor=officer, today=today)
    mark_batch_posted(batch, [letter], posted_on=today, actor=officer, today=today)
    db.session.commit()
    letter = db.session.get(Notice, letter.id)
    assert letter.content["extra"]["respond_by"] == (served + timedelta(days=14)).isoformat()
    assert plans.response_window(draft, today + timedelta(days=30)) == (served, served + timedelta(days=14))


def test_a_draft_sent_only_by_email_keeps_its_own_window(make):
    today = today_in_england()
    case, officer, sent_on = _draft_sent(make, days_ago=3, by_post=False)
    assert not db.session.scalars(select(Notice).where(Notice.channel == NoticeChannel.POST)).all()
    draft = plans.current_draft(case)
    assert plans.response_window(draft, today) == (sent_on, sent_on + timedelta(days=14))

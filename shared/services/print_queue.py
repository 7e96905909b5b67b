"""Letters that go by post: addressed, printed in a batch, dated and marked posted.

A postal notice (shared.services.decisions.queue_notice) waits in the print queue. An officer
puts the letters waiting into a batch dated the day they will be posted: a letter's date is the
day it is sent, so each letter is dated again that day and its appeal deadline counted from it
(statutory-rules.md section 4; `shared.domain.dates.appeal_deadline` through the content
builder). The batch prints as one PDF. Marking the batch posted on that day delivers each
letter: it is the postal notice's one delivery (exactly once: a letter is posted only from a
batch not yet posted, under a row lock), written on each case's chronology.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from shared.db import db, utcnow
from shared.models import Case, Notice, NoticeChannel, NoticeStatus, PrintBatch, User
from shared.notices.content import redate_notice_content
from shared.notices.decision_types import DECISION_TYPES
from shared.outbox import add_outbox_message
from shared.services.chronology import record_event
from shared.services.decisions import appeal_deadline_of, council_contacts
from shared.services.errors import ServiceError


def _redate(notice: Notice, letter_date: date) -> None:
    notice.content = redate_notice_content(notice.content, contacts=council_contacts(), issued_on=letter_date,
                                           recipient_name=notice.recipient_name,
                                           recipient_address=notice.address_lines)
    notice.issued_on = letter_date
    notice.appeal_deadline = appeal_deadline_of(notice.content)


def _check_letter_date(letter_date: date, today: date) -> None:
    if letter_date < today:
        raise ServiceError("The letters must be dated today or a later day: the day you will post them")


def address_letter(notice: Notice, *, name: str, address_lines: Sequence[str], actor: User) -> None:
    """Complete the name and postal address of a letter waiting to be printed (one addressed
    when no address was on record). Needs a first line and a postcode."""
    lines = [line.strip() for line in address_lines if line and line.strip()]
    if not name.strip():
        raise ServiceError("Enter the name of the person the letter is for")
    if len(lines) < 2:
        raise ServiceError("Enter the address: at least the first line and the postcode")
    if notice.channel != NoticeChannel.POST or notice.print_batch_id is not None \
            or notice.status != NoticeStatus.QUEUED:
        raise ServiceError("This letter has already been printed")
    notice.recipient_name, notice.recipient_address = name.strip(), "\n".join(lines)
    _redate(notice, notice.issued_on)
    case = db.session.get(Case, notice.case_id)
    record_event(case, "notice_addressed", f"Postal address added to the letter for {notice.recipient_name}",
                 actor=actor, notice_id=notice.id)


def create_print_batch(notices: Sequence[Notice], *, letter_date: date, actor: User, today: date) -> PrintBatch:
    """Put the addressed letters waiting into one batch dated `letter_date` (the day they
    will be posted) and date each letter that day. Letters without an address stay waiting."""
    _check_letter_date(letter_date, today)
    ready = [n for n in notices if n.channel == NoticeChannel.POST and n.status == NoticeStatus.QUEUED
             and n.print_batch_id is None and n.address_lines]
    if not ready:
        raise ServiceError("There are no addressed letters waiting to be printed")
    batch = PrintBatch(letter_date=letter_date, created_by_id=actor.id)
    db.session.add(batch)
    db.session.flush()
    for notice in ready:
        db.session.refresh(notice, with_for_update=True)
        if notice.print_batch_id is not None:  # another officer batched it a moment ago
            continue
        notice.print_batch_id = batch.id
        _redate(notice, letter_date)
        record_event(db.session.get(Case, notice.case_id), "notice_printed",
                     f"Letter '{DECISION_TYPES[notice.decision_type].title}' for {notice.recipient_name} "
                     f"printed, dated {letter_date:%-d %B %Y}", actor=actor, notice_id=notice.id)
    db.session.flush()
    return batch


def redate_print_batch(batch: PrintBatch, letters: Sequence[Notice], *, letter_date: date, actor: User,
                       today: date) -> None:
    """Date a batch not yet posted again (it will be posted on another day): print it again."""
    _check_letter_date(letter_date, today)
    if batch.posted_on is not None:
        raise ServiceError("This batch has already been posted")
    batch.letter_date = letter_date
    for notice in letters:
        _redate(notice, letter_date)
        record_event(db.session.get(Case, notice.case_id), "notice_printed",
                     f"Letter for {notice.recipient_name} dated again {letter_date:%-d %B %Y}: print it again",
                     actor=actor, notice_id=notice.id)


def mark_batch_posted(batch: PrintBatch, letters: Sequence[Notice], *, posted_on: date, actor: User,
                      today: date) -> None:
    """Record that the batch was posted on `posted_on`: each letter is delivered (sent, posted
    that day), written on its case's chronology, and its PDF as posted is kept for the case.
    The letters are dated the day they are posted, so a batch posted on another day than the
    one printed on its letters must be dated again and printed again first."""
    db.session.refresh(batch, with_for_update=True)
    if batch.posted_on is not None:
        raise ServiceError(f"This batch was already marked posted on {batch.posted_on:%-d %B %Y}")
    if posted_on > today:
        raise ServiceError("The posting date must be today or in the past")
    if posted_on != batch.letter_date:
        raise ServiceError(f"The letters in this batch are dated {batch.letter_date:%-d %B %Y}. To post them on "
                           f"another day, date the batch again and print it again")
    batch.posted_on, batch.posted_by_id, batch.posted_at = posted_on, actor.id, utcnow()
    for notice in letters:
        notice.status, notice.posted_on, notice.sent_at, notice.last_error = \
            NoticeStatus.SENT, posted_on, utcnow(), None
        add_outbox_message("deliver_notice", {"notice_id": str(notice.id)})
        deadline = f"; appeal by {notice.appeal_deadline:%-d %B %Y}" if notice.appeal_deadline else ""
        record_event(db.session.get(Case, notice.case_id), "notice_posted",
                     f"Letter '{DECISION_TYPES[notice.decision_type].title}' posted to {notice.recipient_name} "
                     f"on {posted_on:%-d %B %Y}{deadline}", actor=actor, notice_id=notice.id)

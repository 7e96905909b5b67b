"""The print queue: postal letters waiting to be printed, batches printed as one PDF, and
batches marked posted (shared.services.print_queue; docs/decisions/0005-letters-by-post.md)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from backoffice.contact_forms import BatchDateForm, LetterAddressForm, PrintBatchForm, RedateBatchForm
from shared.domain.dates import today_in_england
from shared.domain.posting import posting_due, posting_overdue
from shared.notices.render import render_letters_pdf
from shared.queries.print_queue import (
    batch_for_user,
    batches_for_user,
    letter_waiting_for_user,
    letters_in_batch,
    letters_waiting,
)
from shared.services.errors import ServiceError
from shared.services.print_queue import (
    address_letter,
    create_print_batch,
    mark_batch_posted,
    redate_print_batch,
)
from shared.services.submissions import claim, previous_result
from shared.web.access import requires
from shared.web.downloads_pdf import send_pdf
from shared.web.pages import render_page
from shared.web.transactions import commits


def _queue_page(form=None):
    today = today_in_england()
    letters = letters_waiting(current_user)
    form = form or PrintBatchForm(letter_date=today)
    rows = [{"notice": n, "due": posting_due(n.decided_on), "overdue": posting_overdue(n.decided_on, today)}
            for n in letters]
    return render_page("backoffice/print_queue/queue.html", page_title="Letters to post", rows=rows, form=form,
                       ready=sum(1 for n in letters if n.address_lines), batches=batches_for_user(current_user),
                       today=today)


@requires("backoffice:print_queue:read")
def print_queue():
    return _queue_page()


@requires("backoffice:print_queue:write")
@commits
def new_batch():
    form = PrintBatchForm()
    if not form.validate_on_submit():
        return _queue_page(form)
    earlier = previous_result(form.submission_key.data)
    if earlier is not None:  # the same form posted twice: the batch the first one made
        return redirect(url_for("backoffice.print_batch", batch_id=earlier.result_id))
    try:
        batch = create_print_batch(letters_waiting(current_user), letter_date=form.letter_date.data,
                                   actor=current_user, today=today_in_england())
    except ServiceError as error:
        form.letter_date.errors.append(str(error))
        return _queue_page(form)
    claim(form.submission_key.data, user_id=current_user.id, result_type="print_batch", result_id=str(batch.id))
    flash("Batch made: print it, post the letters, then mark the batch posted.", "success")
    return redirect(url_for("backoffice.print_batch", batch_id=batch.id))


def _batch_page(batch, *, posted_form=None, date_form=None):
    posted_form = posted_form or BatchDateForm(posted_on=batch.letter_date)
    date_form = date_form or RedateBatchForm(letter_date=today_in_england())
    return render_page("backoffice/print_queue/batch.html",
                       page_title=f"Letters dated {batch.letter_date.day} {batch.letter_date:%B %Y}",
                       batch=batch, letters=letters_in_batch(batch), form=date_form if date_form.errors else posted_form,
                       posted_form=posted_form,
                       date_form=date_form, form_has_errors=bool(posted_form.errors or date_form.errors))


@requires("backoffice:print_queue:read")
def print_batch(batch_id: uuid.UUID):
    return _batch_page(batch_for_user(current_user, batch_id) or abort(404))


@requires("backoffice:print_queue:read")
def batch_pdf(batch_id: uuid.UUID):
    batch = batch_for_user(current_user, batch_id) or abort(404)
    pdf = render_letters_pdf([n.content for n in letters_in_batch(batch)],
                             title=f"Letters to post, dated {batch.letter_date.isoformat()}")
    return send_pdf(pdf, f"letters-{batch.letter_date.isoformat()}.pdf")


def _act_on_batch(batch_id: uuid.UUID, form, field: str, act, done: str, page_form: str):
    """Validate `form`, run `act(batch, letters, date)` (a print-queue service), and show the
    batch again: with the service's refusal on `field`, or with `done` once it is done."""
    batch = batch_for_user(current_user, batch_id) or abort(404)
    if form.validate_on_submit():
        try:
            act(batch, letters_in_batch(batch), form[field].data)
        except ServiceError as error:
            form[field].errors.append(str(error))
        else:
            flash(done, "success")
            return redirect(url_for("backoffice.print_batch", batch_id=batch.id))
    return _batch_page(batch, **{page_form: form})


@requires("backoffice:print_queue:write")
@commits
def batch_posted(batch_id: uuid.UUID):
    return _act_on_batch(
        batch_id, BatchDateForm(), "posted_on",
        lambda batch, letters, day: mark_batch_posted(batch, letters, posted_on=day, actor=current_user,
                                                      today=today_in_england()),
        "Batch marked as posted.", "posted_form")


@requires("backoffice:print_queue:write")
@commits
def batch_date(batch_id: uuid.UUID):
    return _act_on_batch(
        batch_id, RedateBatchForm(), "letter_date",
        lambda batch, letters, day: redate_print_batch(batch, letters, letter_date=day, actor=current_user,
                                                       today=today_in_england()),
        "Letters dated again: print the batch again before you post it.", "date_form")


@requires("backoffice:print_queue:write")
@commits
def letter_address(notice_id: uuid.UUID):
    notice = letter_waiting_for_user(current_user, notice_id) or abort(404)
    form = LetterAddressForm(data={"name": notice.recipient_name} if not notice.address_lines else None)
    if form.validate_on_submit():
        lines = [form.address_line_1.data, form.address_line_2.data, form.town.data, form.postcode.data]
        try:
            address_letter(notice, name=form.name.data, address_lines=lines, actor=current_user)
        except ServiceError as error:
            form.address_line_1.errors.append(str(error))
        else:
            flash(f"Address added to the letter for {notice.recipient_name}.", "success")
            return redirect(url_for("backoffice.print_queue"))
    return render_page("backoffice/print_queue/address.html", page_title="Add the address to a letter",
                       form=form, notice=notice)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/print-queue", view_func=print_queue)
    bp.add_url_rule("/print-queue/batches", view_func=new_batch, methods=["POST"])
    bp.add_url_rule("/print-queue/batches/<uuid:batch_id>", view_func=print_batch)
    bp.add_url_rule("/print-queue/batches/<uuid:batch_id>/letters.pdf", view_func=batch_pdf)
    bp.add_url_rule("/print-queue/batches/<uuid:batch_id>/posted", view_func=batch_posted, methods=["POST"])
    bp.add_url_rule("/print-queue/batches/<uuid:batch_id>/date", view_func=batch_date, methods=["POST"])
    bp.add_url_rule("/print-queue/letters/<uuid:notice_id>/address", view_func=letter_address,
                    methods=["GET", "POST"])

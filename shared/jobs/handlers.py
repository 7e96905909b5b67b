"""Job handlers, keyed by the outbox `job` name. Each takes the payload (ids only) and the
outbox message id, reloads state, and is safe to run again after a crash at any point."""

from __future__ import annotations

from shared.jobs import (
    account_mail,
    advice_mail,
    change_mail,
    cme_mail,
    ehe_associate_mail,
    ehe_information_mail,
    ehe_join_mail,
    ehe_mail,
    notices,
    plan_mail,
    request_mail,
    s19_mail,
    scanning,
)
from shared.queue import QUEUE_MAIL, QUEUE_NOTICES, QUEUE_SCANS

HANDLERS = {
    "deliver_notice": notices.deliver_notice,
    "scan_document": scanning.scan_document,
    "send_account_email": account_mail.send_account_email,
    "send_ehc_request_email": request_mail.send_ehc_request_email,
    "send_advice_email": advice_mail.send_advice_email,
    "send_change_email": change_mail.send_change_email,
    "send_plan_email": plan_mail.send_plan_email,
    "send_s19_referral_email": s19_mail.send_s19_referral_email,
    "send_ehe_notification_email": ehe_mail.send_ehe_notification_email,
    "send_ehe_joined_email": ehe_join_mail.send_ehe_joined_email,
    "send_cme_report_email": cme_mail.send_cme_report_email,
    "send_ehe_associate_email": ehe_associate_mail.send_ehe_associate_email,
    "send_ehe_information_email": ehe_information_mail.send_ehe_information_email,
}
QUEUE_FOR_JOB = {
    "deliver_notice": QUEUE_NOTICES,
    "scan_document": QUEUE_SCANS,
    "send_account_email": QUEUE_MAIL,
    "send_ehc_request_email": QUEUE_MAIL,
    "send_advice_email": QUEUE_MAIL,
    "send_change_email": QUEUE_MAIL,
    "send_plan_email": QUEUE_MAIL,
    "send_s19_referral_email": QUEUE_MAIL,
    "send_ehe_notification_email": QUEUE_MAIL,
    "send_ehe_joined_email": QUEUE_MAIL,
    "send_cme_report_email": QUEUE_MAIL,
    "send_ehe_associate_email": QUEUE_MAIL,
    "send_ehe_information_email": QUEUE_MAIL,
}
ON_GIVE_UP = {
    "deliver_notice": notices.mark_failed,
}

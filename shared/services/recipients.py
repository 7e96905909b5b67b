"""Who receives a notice about a child, and by which channels.

A decision never waits for a portal account (docs/decisions/0005-letters-by-post.md). The
recipients are the people linked to the child with an account (parents with parental
responsibility, or the young person: statutory-rules.md section 9) and the contacts on record
for the child (`FamilyContact`: the parent named on a school's request, the person who wrote
a request received by post, anyone an officer recorded), each once. Each gets the notice by the
channels the council has for them: email (and the portal) when there is an email address, and
post when there is none or when they asked for letters by post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from shared.db import db
from shared.models import Case, ChildLink, FamilyContact, NoticeChannel, User
from shared.queries.family_contacts import contacts_for_child


@dataclass(frozen=True)
class Recipient:
    """One person a notice is for. `address_lines` is empty when no postal address is known:
    a postal letter then waits in the print queue, flagged, until an officer records one."""

    name: str
    email: str = ""
    address_lines: tuple[str, ...] = ()
    user: User | None = None
    prefers_post: bool = False
    contact: FamilyContact | None = None

    @property
    def channels(self) -> tuple[NoticeChannel, ...]:
        """Email when there is an address to send it to; post when there is no email address
        or the person asked for letters by post."""
        channels = [NoticeChannel.EMAIL] if self.email else []
        if not self.email or self.prefers_post:
            channels.append(NoticeChannel.POST)
        return tuple(channels)


def family_recipients(case: Case) -> list[User]:
    """Everyone with an account and standing for the child: parents with parental
    responsibility, or the young person themself (who then holds the rights:
    statutory-rules.md section 9)."""
    stmt = (select(User).join(ChildLink, ChildLink.user_id == User.id)
            .where(ChildLink.child_id == case.child_id).order_by(User.full_name, User.id))
    return list(db.session.scalars(stmt))


def _same_email(a: str, b: str) -> bool:
    return bool(a and b and a.strip().lower() == b.strip().lower())


def _contact_key(contact: FamilyContact) -> tuple[str, str]:
    if contact.email:
        return ("email", contact.email.strip().lower())
    return ("name", f"{contact.name.strip().lower()}|{contact.postcode.replace(' ', '').lower()}")


def notice_recipients(case: Case, fallback: Iterable[Recipient] = ()) -> list[Recipient]:
    """The family members a notice about `case` goes to, each once.

    Account holders first (with the address and "letters by post" choice of their contact
    record, matched by account or email), then the contacts on record with no account
    (one per email address, or per name and postcode). A contact whose account is not linked
    to the child (a link still waiting for an officer to confirm who they are) gets nothing.
    `fallback` (the parent named on an EHE notification or a Section 19 referral) is used only
    when nobody else is on record. When there is still nobody, the letter is addressed to the
    child's parent or carer and goes by post, waiting for an officer to record an address:
    the decision itself never waits."""
    accounts = family_recipients(case)
    account_ids = {user.id for user in accounts}
    contacts = contacts_for_child(case.child_id)
    used: set = set()
    recipients: list[Recipient] = []
    for user in accounts:
        contact = next((c for c in contacts if c.user_id == user.id), None) or next(
            (c for c in contacts if c.user_id is None and _same_email(c.email, user.email)), None)
        if contact is not None:
            used.add(contact.id)
        recipients.append(Recipient(
            name=user.full_name, email=user.email, user=user, contact=contact,
            address_lines=tuple(contact.address_lines) if contact else (),
            prefers_post=contact.prefers_post if contact else False))
    seen_keys = {("email", user.email.strip().lower()) for user in accounts}
    for contact in contacts:
        if contact.id in used or (contact.user_id is not None and contact.user_id not in account_ids):
            continue
        key = _contact_key(contact)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        recipients.append(Recipient(name=contact.name, email=contact.email, contact=contact,
                                    address_lines=tuple(contact.address_lines), prefers_post=contact.prefers_post))
    if not recipients:
        recipients = [r for r in fallback if r.email or r.address_lines]
    if not recipients:
        recipients = [Recipient(name=f"The parent or carer of {case.child.full_name}")]
    return recipients

"""Recording the people the council writes to about a child (`FamilyContact`).

Contacts come from the requests (the parent or young person who asked in the portal, the parent
a school names, the person who wrote a request received by post) and from officers, who record
or correct a contact's address and whether they want letters by post on the case. Letters are
addressed from them (shared.services.recipients; docs/decisions/0005-letters-by-post.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from shared.db import db
from shared.models import Case, Child, FamilyContact, User
from shared.postal_address import address_problems, normalise_postcode
from shared.queries.family_contacts import contacts_for_child
from shared.services.chronology import record_event
from shared.services.errors import ServiceError


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    prefers_post: bool = False

    @classmethod
    def from_fields(cls, fields: dict, prefix: str = "", *, name: str, email: str = "",
                    by_post: str = "letters_by_post") -> ContactDetails:
        """The details a request's answers hold (`fields`, with `prefix` on the address names)."""
        return cls(name=name, email=email, address_line_1=fields.get(f"{prefix}address_line_1") or "",
                   address_line_2=fields.get(f"{prefix}address_line_2") or "", town=fields.get(f"{prefix}town") or "",
                   postcode=fields.get(f"{prefix}postcode") or "", prefers_post=bool(fields.get(by_post)))

    def problems(self) -> list[str]:
        found = []
        if not self.name.strip():
            found.append("Enter the person's name")
        if self.email.strip():
            try:
                validate_email(self.email.strip(), check_deliverability=False)
            except EmailNotValidError:
                found.append("Enter an email address in the correct format, like name@example.com")
        needs_address = self.prefers_post or not self.email.strip()
        found += address_problems(self.address_line_1, self.town, self.postcode, required=needs_address).values()
        return found


def _apply(contact: FamilyContact, details: ContactDetails) -> None:
    contact.name = details.name.strip()[:200]
    contact.email = details.email.strip()[:254]
    contact.address_line_1 = details.address_line_1.strip()[:200]
    contact.address_line_2 = details.address_line_2.strip()[:200]
    contact.town = details.town.strip()[:100]
    contact.postcode = normalise_postcode(details.postcode)[:10]
    contact.prefers_post = details.prefers_post


def record_contact_from_request(child: Child, details: ContactDetails, *, source: str,
                                user: User | None = None) -> FamilyContact | None:
    """Keep the contact details a request gave, in the request's transaction: the account
    holder's own contact row is updated, a contact with the same email is updated, otherwise
    one is added. Nothing is kept when the request gave neither an email nor an address."""
    if not (details.email.strip() or details.address_line_1.strip()):
        return None
    existing = contacts_for_child(child.id)
    contact = next((c for c in existing if user is not None and c.user_id == user.id), None) or next(
        (c for c in existing if c.user_id is None and details.email.strip()
         and c.email.lower() == details.email.strip().lower()), None)
    if contact is None:
        contact = FamilyContact(child_id=child.id, user_id=user.id if user else None, source=source)
        db.session.add(contact)
    _apply(contact, details)
    db.session.flush()
    return contact


def save_family_contact(case: Case, contact: FamilyContact | None, details: ContactDetails, *,
                        actor: User) -> FamilyContact:
    """An officer records a new contact for the case's child, or corrects one (its address, its
    email, whether they want letters by post). A contact holding an account keeps its name and
    email from the account. Written on the case's chronology."""
    if contact is not None and contact.user_id is not None:
        details = ContactDetails(name=contact.name, email=contact.email, address_line_1=details.address_line_1,
                                 address_line_2=details.address_line_2, town=details.town,
                                 postcode=details.postcode, prefers_post=details.prefers_post)
    problems = details.problems()
    if problems:
        raise ServiceError(problems[0])
    is_new = contact is None
    if is_new:
        contact = FamilyContact(child_id=case.child_id, source="officer")
        db.session.add(contact)
    _apply(contact, details)
    db.session.flush()
    how = "by post and email" if contact.prefers_post and contact.email else ("by email" if contact.email else "by post")
    record_event(case, "family_contact_saved",
                 f"Contact details {'added' if is_new else 'changed'} for {contact.name}: letters {how}",
                 actor=actor, data={"family_contact_id": str(contact.id)})
    return contact


def account_contact(child: Child, user: User) -> FamilyContact:
    """The contact row of an account holder linked to the child, made on first use so that an
    officer can record their address and choice of letters by post."""
    contact = next((c for c in contacts_for_child(child.id) if c.user_id == user.id), None)
    if contact is None:
        contact = FamilyContact(child_id=child.id, user_id=user.id, name=user.full_name, email=user.email,
                                source="officer")
        db.session.add(contact)
        db.session.flush()
    return contact

"""Changing council configuration."""

from __future__ import annotations

from shared.db import db
from shared.models import CouncilContacts, User
from shared.services.errors import Conflict


def update_contacts(values: dict[str, str], *, actor: User, expected_version: int | None) -> CouncilContacts:
    """Save the contacts every notice carries. A stale form (someone saved since) is refused."""
    contacts = db.session.get(CouncilContacts, 1)
    if contacts is None:
        contacts = CouncilContacts(id=1)
        db.session.add(contacts)
    elif expected_version is not None and contacts.version != expected_version:
        raise Conflict("The contacts were changed by someone else after you opened them.")
    for name, value in values.items():
        setattr(contacts, name, value.strip())
    return contacts

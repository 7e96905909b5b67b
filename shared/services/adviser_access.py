"""A family lets a SENDIASS adviser see a case, read-only, and can take it back at any time.

Consent is recorded (UK GDPR Art 9 special category data; statutory-rules.md section 9); access
ends on the adviser's next request after withdrawal. Each grant and withdrawal is a chronology
event; each view by the adviser is written to the access log and shown on the chronology.
"""

from __future__ import annotations

from sqlalchemy import func, select

from shared.db import db, utcnow
from shared.models import AdviserConsent, Case, Role, User
from shared.services.chronology import record_event
from shared.services.errors import ServiceError

NOT_FOUND = ("We could not find a SENDIASS adviser with that email address. Check it with your adviser: "
             "they need an adviser account first.")


def active_consents(case: Case) -> list[AdviserConsent]:
    stmt = (select(AdviserConsent).where(AdviserConsent.case_id == case.id, AdviserConsent.withdrawn_at.is_(None))
            .order_by(AdviserConsent.granted_at, AdviserConsent.id))
    return list(db.session.scalars(stmt))


def grant_adviser_access(case: Case, *, adviser_email: str, granted_by: User) -> AdviserConsent:
    """Record the family's consent for one adviser to see this case."""
    adviser = db.session.scalars(select(User).where(
        func.lower(User.email) == adviser_email.strip().lower(), User.role == Role.SENDIASS_ADVISER,
        User.is_active_account.is_(True))).first()
    if adviser is None:
        raise ServiceError(NOT_FOUND)
    existing = next((c for c in active_consents(case) if c.adviser_id == adviser.id), None)
    if existing is not None:
        return existing
    consent = AdviserConsent(case_id=case.id, adviser_id=adviser.id, granted_by_id=granted_by.id)
    db.session.add(consent)
    record_event(case, "adviser_access_granted",
                 f"{granted_by.full_name} gave {adviser.full_name} (SENDIASS adviser) access to this case",
                 actor=granted_by, data={"adviser_id": str(adviser.id)})
    return consent


def withdraw_adviser_access(case: Case, consent: AdviserConsent, *, withdrawn_by: User) -> None:
    """End an adviser's access now."""
    if consent.case_id != case.id:
        raise ServiceError("That access does not belong to this case")
    if consent.withdrawn_at is not None:
        return
    consent.withdrawn_at = utcnow()
    record_event(case, "adviser_access_withdrawn",
                 f"{withdrawn_by.full_name} withdrew {consent.adviser.full_name}'s access to this case",
                 actor=withdrawn_by, data={"adviser_id": str(consent.adviser_id)})

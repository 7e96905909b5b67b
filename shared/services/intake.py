"""Officers record a request for an EHC needs assessment that came by post or email, and whom
to write to about it (a `FamilyContact`: letters go by post when there is no email address).

The clock starts on the day the council received it (CFA s.36(1); SEND Regulations 2014
reg 5(1)), which may be before the day it is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from shared.db import db
from shared.domain.dates import age_on
from shared.models import Case, CaseKind, Child, School, User
from shared.services.cases import open_case
from shared.services.chronology import record_event
from shared.services.ehc_requests import MAX_AGE, open_assessment_for
from shared.services.errors import ServiceError
from shared.services.family_contacts import ContactDetails, record_contact_from_request


@dataclass(frozen=True)
class PaperRequest:
    first_name: str
    last_name: str
    date_of_birth: date
    upn: str | None
    school: School | None
    received_on: date
    channel: str  # "post" or "email"
    requester: str  # who asked, and their relationship to the child
    summary: str
    contact: ContactDetails | None = None  # whom to write to: letters are posted when there is no email


def find_child(first_name: str, last_name: str, date_of_birth: date, upn: str | None) -> Child | None:
    """The council's own record of the child: by UPN (the date of birth must agree), else by name
    and date of birth."""
    if upn:
        child = db.session.scalars(select(Child).where(Child.upn == upn)).first()
        if child is not None:
            if child.date_of_birth != date_of_birth:
                raise ServiceError("A child with this UPN has a different date of birth. Check both.")
            return child
    stmt = select(Child).where(func.lower(Child.first_name) == first_name.strip().lower(),
                               func.lower(Child.last_name) == last_name.strip().lower(),
                               Child.date_of_birth == date_of_birth).order_by(Child.created_at, Child.id)
    return db.session.scalars(stmt).first()


def record_paper_request(request: PaperRequest, *, actor: User, today: date) -> tuple[Case, bool]:
    """Open the case from the day it was received, or add the request to the open one (True)."""
    if request.received_on > today:
        raise ServiceError("The date received must be today or in the past")
    if request.date_of_birth >= today or age_on(request.date_of_birth, today) > MAX_AGE:
        raise ServiceError(f"The child or young person must be born in the past and aged {MAX_AGE} or under")
    child = find_child(request.first_name, request.last_name, request.date_of_birth, request.upn)
    if child is None:
        child = Child(first_name=request.first_name.strip(), last_name=request.last_name.strip(),
                      date_of_birth=request.date_of_birth, upn=request.upn,
                      school_id=request.school.id if request.school else None)
        db.session.add(child)
        db.session.flush()
    if request.contact is not None:
        problems = request.contact.problems()
        if problems:
            raise ServiceError(problems[0])
        record_contact_from_request(child, request.contact, source="paper_request")
    how = f"by {request.channel}, received {request.received_on.day} {request.received_on:%B %Y}"
    what = f"Request from {request.requester} {how}. {request.summary}".strip()
    # What the officer recorded, kept as fields so the case page can show it as answers.
    recorded = {"paper_request": {"channel": request.channel, "received_on": request.received_on.isoformat(),
                                  "requester": request.requester, "summary": request.summary}}
    existing = open_assessment_for(child)
    if existing is not None:
        record_event(existing, "request_received_again", f"Another request while this one is open: {what}",
                     actor=actor, data={"channel": request.channel, "received_on": request.received_on.isoformat(),
                                        **recorded})
        return existing, True
    case = open_case(child, CaseKind.EHC_ASSESSMENT, received_on=request.received_on, actor=actor,
                     summary=f"Request for an EHC needs assessment recorded by {actor.full_name}: {what}",
                     data=recorded)
    return case, False

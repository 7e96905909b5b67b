"""A school's consultations with the case each is about, for the school's own portal pages.

The consultations themselves are loaded only through `shared.services.plans.consultations_for_school`
and `consultation_for_school` (the school consulted, nobody else). The school consulted is often
not the child's current school, so it cannot open the case itself (`shared.queries.cases`): it
sees the child's name, the reference and the draft plan sent with the consultation, no more.
"""

from __future__ import annotations

from sqlalchemy import select

from shared.db import db
from shared.models import Case, User
from shared.models.plans import SchoolConsultation
from shared.services.plans import consultations_for_school


def consultations_with_cases(user: User) -> list[tuple[SchoolConsultation, Case]]:
    """The user's school's consultations (unanswered first, by reply date), each with its case."""
    consultations = consultations_for_school(user)
    ids = {c.case_id for c in consultations}
    cases = {case.id: case for case in db.session.scalars(select(Case).where(Case.id.in_(ids)))} if ids else {}
    return [(c, cases[c.case_id]) for c in consultations]


def case_of(consultation: SchoolConsultation) -> Case:
    """The case of a consultation already loaded for its school."""
    return db.session.get(Case, consultation.case_id)

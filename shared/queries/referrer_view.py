"""What a health professional who referred a child under Section 19 may read of the case.

They need the outcome of their referral, not the family's file (UK GDPR Art 5(1)(c), data
minimisation): the status, the key dates, the letters addressed to them and the documents they
uploaded. Not the family's letters, other people's documents or the chronology. Everyone else in
the portal reads what their case access already allows (shared.queries.cases).
"""

from __future__ import annotations

from shared.models import Case, Document, Notice, Role, User
from shared.queries.notices import notices_for_case
from shared.services.documents import documents_for_case


def sees_whole_case(user: User) -> bool:
    return user.role != Role.HEALTH_PROFESSIONAL


def _addressed_to(notice: Notice, user: User) -> bool:
    return notice.recipient_user_id == user.id or notice.recipient_email.strip().lower() == user.email.strip().lower()


def readable_notices(case: Case, user: User) -> list[Notice]:
    if sees_whole_case(user):
        return notices_for_case(case, family_view=True)
    return [n for n in notices_for_case(case) if _addressed_to(n, user)]


def readable_documents(case: Case, user: User) -> list[Document]:
    found = documents_for_case(case)
    return found if sees_whole_case(user) else [d for d in found if d.uploaded_by_id == user.id]


def may_read_notice(user: User, notice: Notice) -> bool:
    return sees_whole_case(user) or _addressed_to(notice, user)


def may_read_document(user: User, document: Document) -> bool:
    return sees_whole_case(user) or document.uploaded_by_id == user.id

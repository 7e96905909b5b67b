"""Every table of the system. Import models from here."""

from shared.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from shared.models.audit import AccessLog, Event, LoginAttempt, Submission
from shared.models.cases import AdviserConsent, Case, CaseKind
from shared.models.config import CouncilContacts
from shared.models.documents import Document, DocumentStatus
from shared.models.exceptions import StatutoryException
from shared.models.notices import Notice, NoticeDelivery, NoticeStatus, OutboxMessage
from shared.models.people import Child, ChildLink, Relationship, Role, School, User
from shared.models.requests import DraftStatus, RequestDraft

__all__ = [
    "StatutoryException",
    "AdviceKind", "AdviceRequest", "AdviceStatus",
    "AccessLog", "AdviserConsent", "Case", "CaseKind", "Child", "ChildLink", "CouncilContacts",
    "Document", "DocumentStatus", "Event", "LoginAttempt", "Notice", "NoticeDelivery",
    "NoticeStatus", "OutboxMessage", "Relationship", "Role", "School", "Submission", "User",
    "DraftStatus", "RequestDraft",
]

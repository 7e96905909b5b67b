"""Every table of the system. Import models from here."""

from shared.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from shared.models.audit import AccessLog, Event, LoginAttempt, Submission
from shared.models.calendar import AcademicYear, SchoolClosureDay, TermDates
from shared.models.cases import AdviserConsent, Case, CaseKind
from shared.models.cme import CmeOutcome, CmeRecord, CmeReport, CmeReview, CmeSource
from shared.models.config import CouncilContacts
from shared.models.documents import Document, DocumentStatus
from shared.models.ehe import (
    CheckInKind,
    CheckInOutcome,
    EheCheckIn,
    EheInformationRequest,
    EheNotification,
    EheSource,
)
from shared.models.ehe_associates import EheAssociate, EheAssociateVisit, EheBudget, VisitStatus
from shared.models.exceptions import StatutoryException
from shared.models.memberships import MembershipEvent, MembershipStatus, SchoolMembership
from shared.models.notices import Notice, NoticeChannel, NoticeDelivery, NoticeStatus, OutboxMessage
from shared.models.people import Child, ChildLink, Relationship, Role, School, User
from shared.models.plans import (
    ConsultationAnswer,
    DraftResponse,
    PlanStage,
    PlanVersion,
    SchoolConsultation,
)
from shared.models.post import FamilyContact, PrintBatch
from shared.models.requests import DraftStatus, RequestDraft
from shared.models.section19 import S19Delivery, S19Package, S19Provider, S19Reason, S19Referral, S19Review
from shared.models.sessions import WebSession

__all__ = [
    "CmeOutcome", "CmeRecord", "CmeReport", "CmeReview", "CmeSource",
    "CheckInKind", "CheckInOutcome", "EheCheckIn", "EheNotification", "EheSource",
    "EheInformationRequest",
    "EheAssociate", "EheAssociateVisit", "EheBudget", "VisitStatus",
    "S19Delivery", "S19Package", "S19Provider", "S19Reason", "S19Referral", "S19Review",
    "AcademicYear", "SchoolClosureDay", "TermDates",
    "StatutoryException",
    "FamilyContact", "NoticeChannel", "PrintBatch",
    "AdviceKind", "AdviceRequest", "AdviceStatus",
    "AccessLog", "AdviserConsent", "Case", "CaseKind", "Child", "ChildLink", "CouncilContacts",
    "Document", "DocumentStatus", "Event", "LoginAttempt", "Notice", "NoticeDelivery",
    "NoticeStatus", "OutboxMessage", "Relationship", "Role", "School", "Submission", "User",
    "DraftStatus", "RequestDraft", "WebSession",
    "MembershipEvent", "MembershipStatus", "SchoolMembership",
    "ConsultationAnswer", "DraftResponse", "PlanStage", "PlanVersion", "SchoolConsultation",
]

"""The answers of a request for an EHC needs assessment, as sections of (question, answer) rows.

One place for the questions as the person who asked saw them, and for how each stored answer
reads back, so the portal's "Check your answers" page and the officer's case page show the same
words. Neutral about presentation: plain strings, no links and no markup (the portal adds its
"Change" links, the back-office its summary list).

The portal's section forms (`portal/forms_ehc_request.py`) ask these questions;
`tests/integration/test_request_answers.py` fails if their labels and choices drift apart.

Requests recorded by an officer (post or email, `shared.services.intake`) have no draft: what
the officer recorded is read back from the chronology event that opened the case (or that added
the request to an open case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from shared.db import db
from shared.models import Case, DraftStatus, Event, RequestDraft, Role
from shared.queries.schools import school_by_urn
from shared.web.filters import long_date

NOT_GIVEN = "Not given"
YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Question:
    name: str  # the key of the answer in the draft (and of the portal form's field)
    label: str
    kind: str = "text"  # "text", "date", "choice", "agree" (a checkbox), "flag" (a yes/no checkbox), "school"
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    answer: str  # "" when nothing was given

    @property
    def text(self) -> str:
        return self.answer or NOT_GIVEN


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class RequestAnswers:
    """One request: how it came and who asked (`title`), then its answers by section."""

    title: str
    sections: tuple[Section, ...]


# The task list's sections, in order (shared.services.ehc_requests.SECTIONS holds the keys).
SECTION_TITLES = (
    ("child", "About the child or young person"),
    ("you", "About you"),
    ("school", "School or setting"),
    ("needs", "Needs and what has been tried"),
    ("views", "Views, interests and aspirations"),
    ("health_care", "Health and social care"),
    ("consent", "Consent to share"),
    ("evidence", "Reports and other evidence"),
)

PHONE = Question("phone", "Phone number (optional)")


def _address(prefix: str, whose: str, by_post: str) -> tuple[Question, ...]:
    return (Question(f"{prefix}address_line_1", f"{whose} address line 1"),
            Question(f"{prefix}address_line_2", f"{whose} address line 2 (optional)"),
            Question(f"{prefix}town", "Town or city"), Question(f"{prefix}postcode", "Postcode"),
            Question(f"{prefix}letters_by_post", by_post, "flag"))


YOUR_ADDRESS = _address("", "Your", "Send me letters by post as well as by email")
ABOUT_YOU = {
    Role.PARENT: (
        Question("parental_responsibility", "Do you have parental responsibility for the child?", "choice",
                 YES_NO),
        PHONE,
        *YOUR_ADDRESS,
    ),
    Role.YOUNG_PERSON: (
        Question("asking_for_self", "Are you the young person this request is about?", "choice", YES_NO),
        PHONE,
        *YOUR_ADDRESS,
    ),
    Role.SCHOOL_STAFF: (
        Question("job_title", "Your job title"),
        Question("parent_name", "Parent's full name"),
        Question("parent_email", "Parent's email address"),
        *_address("parent_", "Parent's", "The parent would like letters by post"),
        Question("parent_views", "What the parent thinks about the request"),
        Question("parent_consents", "Does the parent agree to the school making this request?", "choice",
                 YES_NO),
    ),
}
QUESTIONS = {
    "child": (
        Question("first_name", "First name"),
        Question("last_name", "Last name"),
        Question("date_of_birth", "Date of birth", "date"),
        Question("upn", "Unique pupil number (UPN) (optional)"),
    ),
    "school": (Question("school", "School, college or setting", "school"),),
    "needs": (
        Question("needs", "The child's special educational needs"),
        Question("sen_support", "Support already given (SEN support)"),
        Question("apdr", "Assess, plan, do, review (optional)"),
    ),
    "views": (Question("views", "The child's views, interests and aspirations"),),
    "health_care": (
        Question("health", "Health professionals involved (optional)"),
        Question("social_care", "Social care involvement (optional)"),
    ),
    "consent": (
        Question("consent", "I agree that the council may share the information in this request with the "
                            "people it asks for advice: the school or setting, an educational psychologist, "
                            "health and social care", "agree"),
    ),
    "evidence": (Question("has_evidence", "Do you have reports or other documents to send us?", "choice", YES_NO),),
}
# School staff are not asked: their school is the one their account belongs to.
STAFF_SCHOOL = Question("school", "School", "school")


def questions_for(section: str, role: Role) -> tuple[Question, ...]:
    """The questions of one section as a person in `role` is asked them."""
    if section == "you":
        return ABOUT_YOU.get(role, ABOUT_YOU[Role.PARENT])
    if section == "school" and role == Role.SCHOOL_STAFF:
        return (STAFF_SCHOOL,)
    return QUESTIONS[section]


def _school_text(urn: str) -> str:
    if urn == "none":
        return "Not at a school or setting"
    school = school_by_urn(urn) if urn else None
    return f"{school.name} (URN {school.urn})" if school else ""


def answer_text(question: Question, value) -> str:
    """How a stored answer reads ("" for none, a half-typed date, or a choice not offered)."""
    if question.kind == "date":
        try:
            return long_date(date.fromisoformat(value)) if isinstance(value, str) and value else ""
        except ValueError:
            return ""
    if question.kind == "agree":
        return "Yes, I agree" if value else ""
    if question.kind == "flag":
        return "Yes" if value else "No"
    if question.kind == "choice":
        return dict(question.choices).get(value, "") if value else ""
    if question.kind == "school":
        return _school_text(value.strip()) if isinstance(value, str) else ""
    return value.strip() if isinstance(value, str) else ""


def draft_sections(draft: RequestDraft, role: Role | None = None) -> list[Section]:
    """Every section of a request, sent or not, as its writer (`role`: the owner's) was asked it."""
    role = role or draft.owner.role
    answers = draft.answers or {}
    sections = []
    for key, title in SECTION_TITLES:
        fields = (answers.get(key) or {}).get("fields", {})
        if key == "school" and role == Role.SCHOOL_STAFF and not fields.get("school") and draft.owner.school:
            fields = {"school": draft.owner.school.urn}
        rows = tuple(Row(q.name, q.label, answer_text(q, fields.get(q.name))) for q in questions_for(key, role))
        sections.append(Section(key, title, rows))
    return sections


# --- what an officer recorded (shared.services.intake stores it on the event) ------------------------

def _paper_request(event: Event) -> RequestAnswers | None:
    recorded = (event.data or {}).get("paper_request")
    if event.kind not in ("case_opened", "request_received_again") or not recorded:
        return None
    officer = event.actor.full_name if event.actor else "an officer"
    received = long_date(date.fromisoformat(recorded["received_on"]))
    channel = recorded["channel"]
    rows = (
        Row("channel", "How did it arrive?", f"By {channel}"),
        Row("received_on", "Date the council received it", received),
        Row("requester", "Who asked, and their relationship to the child", recorded.get("requester", "")),
        Row("summary", "Summary of the request", (recorded.get("summary") or "").strip()),
        Row("recorded_by", "Recorded by", f"{officer}, {long_date(event.at)}"),
    )
    return RequestAnswers(f"Request received by {channel} on {received}",
                          (Section("recorded", "What the officer recorded", rows),))


def _online_request(draft: RequestDraft) -> RequestAnswers:
    owner = draft.owner
    when = f" on {long_date(draft.submitted_at)}" if draft.submitted_at else ""
    return RequestAnswers(f"Request sent online by {owner.full_name} ({owner.role.label.lower()}){when}",
                          tuple(draft_sections(draft, owner.role)))


def request_answers_for_case(case: Case) -> list[RequestAnswers]:
    """Every request that opened this case or was added to it, oldest first: the answers of those
    sent in the portal, and what an officer recorded of those that came by post or email. The
    caller has already loaded `case` through the user's visibility rules."""
    drafts = db.session.scalars(select(RequestDraft).where(
        RequestDraft.case_id == case.id, RequestDraft.status == DraftStatus.SUBMITTED)
        .order_by(RequestDraft.submitted_at, RequestDraft.id))
    found = [(draft.submitted_at or draft.created_at, _online_request(draft)) for draft in drafts]
    events = db.session.scalars(select(Event).where(
        Event.case_id == case.id, Event.kind.in_(("case_opened", "request_received_again")))
        .order_by(Event.at, Event.id))
    for event in events:
        paper = _paper_request(event)
        if paper is not None:
            found.append((event.at, paper))
    found.sort(key=lambda pair: pair[0])
    return [answers for _, answers in found]

"""People, schools and children, and the links that decide who may see which child."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UUIDPk, db, utcnow


class Role(enum.StrEnum):
    """The roles of users-and-journeys.md. Advice givers use single-use links, not accounts."""

    PARENT = "parent"
    YOUNG_PERSON = "young_person"
    SCHOOL_STAFF = "school_staff"
    SENDIASS_ADVISER = "sendiass_adviser"
    HEALTH_PROFESSIONAL = "health_professional"
    EHC_OFFICER = "ehc_officer"
    EHE_PRACTITIONER = "ehe_practitioner"
    S19_LEAD = "s19_lead"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


STAFF_ROLES = frozenset(
    {Role.EHC_OFFICER, Role.EHE_PRACTITIONER, Role.S19_LEAD, Role.MANAGER, Role.ADMINISTRATOR}
)
ROLE_LABELS = {
    Role.PARENT: "Parent or carer",
    Role.YOUNG_PERSON: "Young person",
    Role.SCHOOL_STAFF: "School or setting staff",
    Role.SENDIASS_ADVISER: "SENDIASS adviser",
    Role.HEALTH_PROFESSIONAL: "Health professional",
    Role.EHC_OFFICER: "EHC plan coordinator",
    Role.EHE_PRACTITIONER: "EHE and EOTAS practitioner",
    Role.S19_LEAD: "Section 19 lead",
    Role.MANAGER: "Manager",
    Role.ADMINISTRATOR: "Administrator",
}


def enum_column(enum_cls: type[enum.Enum], name: str):
    """Store enums by value as a PostgreSQL enum type."""
    return Enum(enum_cls, name=name, values_callable=lambda e: [m.value for m in e])


class School(UUIDPk, db.Model):
    __tablename__ = "schools"

    urn: Mapped[str] = mapped_column(String(7), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    phase: Mapped[str] = mapped_column(String(40))
    is_special: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(String(254))


class User(UUIDPk, UserMixin, db.Model):
    """An account. Local accounts have a password hash; OpenID Connect accounts (a later issue)
    are matched on (oidc_issuer, oidc_subject) and may have no password at all."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_users_oidc"),)

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    email_verified_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The TOTP time-step of the last security code accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"))
    # A health professional's organisation (an NHS trust, CAMHS, school nursing) and job title.
    organisation: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    oidc_issuer: Mapped[str | None] = mapped_column(String(300))
    oidc_subject: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff


class Child(UUIDPk, db.Model):
    __tablename__ = "children"

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    date_of_birth: Mapped[date]
    upn: Mapped[str | None] = mapped_column(String(13), unique=True)
    uln: Mapped[str | None] = mapped_column(String(10), unique=True)
    postcode: Mapped[str | None] = mapped_column(String(10))
    school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("schools.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(enum.StrEnum):
    PARENT_WITH_PR = "parent_with_parental_responsibility"
    YOUNG_PERSON_SELF = "young_person_self"


class ChildLink(UUIDPk, db.Model):
    """A person's standing to see a child: a parent with parental responsibility, or the young
    person themself. School staff reach children through the child's school instead."""

    __tablename__ = "child_links"
    __table_args__ = (UniqueConstraint("user_id", "child_id", name="uq_child_links_user_child"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("children.id"), index=True)
    relationship_kind: Mapped[Relationship] = mapped_column(enum_column(Relationship, "relationship"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    child: Mapped[Child] = relationship()
    user: Mapped[User] = relationship()

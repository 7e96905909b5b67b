"""Council configuration that goes into letters. An administrator edits it in the back-office."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import db


class CouncilContacts(db.Model):
    """The contacts every appealable notice must carry (statutory-rules.md section 4; Regs 32,
    CFA s.57). One row. Empty fields make appealable notices refuse to build."""

    __tablename__ = "council_contacts"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    council_name: Mapped[str] = mapped_column(String(200), default="")
    send_team_email: Mapped[str] = mapped_column(String(254), default="")
    send_team_phone: Mapped[str] = mapped_column(String(40), default="")
    send_team_address: Mapped[str] = mapped_column(Text, default="")
    mediation_adviser_name: Mapped[str] = mapped_column(String(200), default="")
    mediation_adviser_phone: Mapped[str] = mapped_column(String(40), default="")
    mediation_adviser_email: Mapped[str] = mapped_column(String(254), default="")
    mediation_adviser_website: Mapped[str] = mapped_column(String(300), default="")
    disagreement_resolution_name: Mapped[str] = mapped_column(String(200), default="")
    disagreement_resolution_phone: Mapped[str] = mapped_column(String(40), default="")
    disagreement_resolution_email: Mapped[str] = mapped_column(String(254), default="")
    sendiass_name: Mapped[str] = mapped_column(String(200), default="")
    sendiass_phone: Mapped[str] = mapped_column(String(40), default="")
    sendiass_email: Mapped[str] = mapped_column(String(254), default="")
    sendiass_website: Mapped[str] = mapped_column(String(300), default="")
    tribunal_guidance_url: Mapped[str] = mapped_column(
        String(300), default="https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability"
    )
    complaints_url: Mapped[str] = mapped_column(String(300), default="")
    # Who receives a copy of every final plan (SEND Regulations 2014 reg 14(1)(b): the health
    # commissioning body responsible for the health provision in section G).
    health_commissioner_name: Mapped[str] = mapped_column(String(200), default="")
    health_commissioner_email: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

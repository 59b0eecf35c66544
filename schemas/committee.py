"""Who sat on the committee (table `committee_members`)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from schemas.base import Placed

Role = Literal["ledamot", "tjansteperson", "ordforande", "vice_ordforande", "sekretariatschef"]


class CommitteeMember(Placed):
    """One person on the committee on a date, in one role."""

    report_id: str
    as_of: date
    municipality_code: str | None = Field(default=None, pattern=r"^\d{4}$")
    municipality: str | None  # as printed: "Höganäs Kommun", "Helsingborg"
    name: str
    role: Role
    title: str | None = None  # as printed, whitespace collapsed: "tf kommunchef"
    acting: bool = False  # the title says tf (tillförordnad)
    person_id: str | None = None  # filled in when identities are resolved across reports

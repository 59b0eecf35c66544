"""Records of who governs the cooperation, what it spends on, and the plan's goals and networks."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["ledamot", "tjansteperson", "ordforande", "vice_ordforande", "sekretariatschef"]
ProjectStatus = Literal["beviljats_medel", "verksam", "exempel"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class _Placed(_Strict):
    page: int = Field(ge=1)
    x0: float
    top: float
    x1: float
    bottom: float


class CommitteeMember(_Placed):
    """One person on the committee on a date, in one role (table `committee_members`)."""

    report_id: str
    as_of: date
    municipality_code: str | None = Field(default=None, pattern=r"^\d{4}$")
    municipality: str | None  # as printed: "Höganäs Kommun", "Helsingborg"
    name: str
    role: Role
    title: str | None = None  # as printed, whitespace collapsed: "tf kommunchef"
    acting: bool = False  # the title says tf (tillförordnad)
    person_id: str | None = None  # filled in when identities are resolved across reports


class Project(_Placed):
    """A test and development project as one report lists it (table `projects`)."""

    report_id: str
    year: int = Field(ge=1900, le=2200)
    name: str  # as printed
    area: str | None = None  # development area: Livskvalitet, Företagsamhet, ...
    status: ProjectStatus
    project_id: str | None = None  # the family it belongs to, resolved across reports


class Network(_Placed):
    """A numbered knowledge network of the plan (table `networks`)."""

    report_id: str
    number: int = Field(ge=1)
    name: str
    network_group: str | None = None  # the list it stands in: "Nätverk kopplade till Verksamhetsplanen"


class PlanGoal(_Placed):
    """One metric of a goal of the plan, with the municipalities responsible (table `plan_goals`)."""

    report_id: str
    goal_area: str  # "1. Infrastruktur (inkl kollektivtrafik)"
    goal: str | None
    strategy: str | None
    metric_number: str | None  # "1.4", "1.8 a)"
    metric: str
    responsible: str | None  # as printed
    responsible_codes: tuple[str, ...] = ()

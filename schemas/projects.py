"""Test and development projects as the reports list them (table `projects`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import Placed

ProjectStatus = Literal["beviljats_medel", "verksam", "exempel"]


class Project(Placed):
    """A project as one report lists it."""

    report_id: str
    year: int = Field(ge=1900, le=2200)
    name: str  # as printed
    area: str | None = None  # development area: Livskvalitet, Företagsamhet, ...
    status: ProjectStatus
    project_id: str | None = None  # the family it belongs to, resolved across reports

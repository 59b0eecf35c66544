"""A business plan's numbered networks and goal tables (tables `networks` and `plan_goals`)."""

from __future__ import annotations

from pydantic import Field

from schemas.base import Placed


class Network(Placed):
    """A numbered knowledge network of the plan."""

    report_id: str
    number: int = Field(ge=1)
    name: str
    network_group: str | None = None  # the list it stands in: "Nätverk kopplade till Verksamhetsplanen"


class PlanGoal(Placed):
    """One metric of a goal of the plan, with the municipalities responsible."""

    report_id: str
    goal_area: str  # "1. Infrastruktur (inkl kollektivtrafik)"
    goal: str | None
    strategy: str | None
    metric_number: str | None  # "1.4", "1.8 a)"
    metric: str
    responsible: str | None  # as printed
    responsible_codes: tuple[str, ...] = ()

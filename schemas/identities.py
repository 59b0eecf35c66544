"""Identities across reports: who is the same person, which names are one project family.

The mentions are what the reports print (a name in a role and municipality, a
project name), each with what orders it in time; the decisions are the rows of
`persons`, `person_name_decisions`, `project_catalog` and
`project_name_decisions`, each with its score and reason.
"""

from __future__ import annotations

from datetime import date

from schemas.base import Record


class PersonMention(Record):
    """A name in a committee list, with what orders it among the others (oldest first)."""

    name: str
    role: str
    municipality_code: str | None
    as_of: date | None = None
    report_year: int | None = None
    report_id: str = ""
    page: int = 1
    top: float = 0.0
    x0: float = 0.0


class ProjectMention(Record):
    """A project name as a report lists it, with what orders it among the others (oldest first)."""

    name: str
    year: int | None = None
    report_year: int | None = None
    report_id: str = ""
    page: int = 1
    top: float = 0.0


class PersonDecision(Record):
    """How one printed name in a role and municipality was given its person (table `person_name_decisions`)."""

    name: str
    role: str
    municipality_code: str | None
    person_id: str
    joined_with: str | None  # the name it was matched to, None for a new person
    score: float  # 100 for identical after normalising
    reason: str


class ProjectDecision(Record):
    """How one printed project name was given its family (table `project_name_decisions`)."""

    name: str
    project_id: str
    joined_with: str | None
    score: float
    reason: str


class Person(Record):
    person_id: str
    name: str


class ProjectFamily(Record):
    project_id: str
    name: str
    names: tuple[str, ...]


class Identities(Record):
    """Everything identity resolution decided, as the rows of its four tables."""

    persons: tuple[Person, ...] = ()
    person_decisions: tuple[PersonDecision, ...] = ()
    project_families: tuple[ProjectFamily, ...] = ()
    project_decisions: tuple[ProjectDecision, ...] = ()

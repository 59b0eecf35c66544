"""One identity per person and per project family across reports, each decision explained by its score.

Pure functions over the mentions every report loaded so far prints: the
pipeline calls `resolve_identities` at each load and hands the decisions to
the loader, so identities always reflect every report loaded. Mentions are
ordered oldest first here, whatever order they come in, so the result is the
same whatever order the reports were loaded in.

Persons are matched conservatively: the same name after normalising (case,
spacing) is one person; a different spelling joins only in the same role and
municipality and above the rapidfuzz ratio of `committee.yaml`. "Ronny
Nilsson" and "Teddy Nilsson" stay two.

Project families: names are compared after removing steps and plan years
("Tillgänglighetsguide steg 1", "Tillgänglighetsguiden steg 2."), by the
better of rapidfuzz's ratio and, when the shorter name is most of the longer
and both start with the same word, its partial ratio ("Kommunal Accelerator" in
"Kommunalt acceleratorsprogram").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from schemas.identities import (
    Identities,
    Person,
    PersonDecision,
    PersonMention,
    ProjectDecision,
    ProjectFamily,
    ProjectMention,
)
from schemas.vocabularies import committee_rules, project_rules


def resolve_identities(persons: Iterable[PersonMention], projects: Iterable[ProjectMention]) -> Identities:
    """Persons and project families over every mention, oldest report first."""
    person_decisions = cluster_persons(sorted(persons, key=_person_order))
    project_decisions = cluster_projects(m.name for m in sorted(projects, key=_project_order))
    families: dict[str, list[str]] = {}
    for decision in project_decisions:
        families.setdefault(decision.project_id, []).append(decision.name)
    return Identities(
        persons=tuple(Person(person_id=d.person_id, name=d.name) for d in person_decisions if d.joined_with is None),
        person_decisions=tuple(person_decisions),
        project_families=tuple(
            ProjectFamily(project_id=family, name=without_trailing_stop(names[0]), names=tuple(names))
            for family, names in families.items()
        ),
        project_decisions=tuple(project_decisions),
    )


def _last_if_none(value):
    """A sort key that puts a missing value after every present one."""
    return (value is None, value if value is not None else 0)


def _person_order(m: PersonMention) -> tuple:
    return (_last_if_none(m.as_of), _last_if_none(m.report_year), m.report_id, m.page, m.top, m.x0)


def _project_order(m: ProjectMention) -> tuple:
    return (_last_if_none(m.year), _last_if_none(m.report_year), m.report_id, m.page, m.top)


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def person_key(mention: PersonMention) -> tuple[str, str, str | None]:
    """What makes two mentions the same printed name in the same seat: the normalised name, role and municipality."""
    return normalise_name(mention.name), mention.role, mention.municipality_code


def slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


@dataclass
class _Person:
    person_id: str
    norm: str
    name: str
    seats: set[tuple[str, str | None]] = field(default_factory=set)  # (role, municipality) it has been named in


def cluster_persons(mentions: Sequence[PersonMention]) -> list[PersonDecision]:
    """A decision per distinct printed name, role and municipality, in the order given (oldest report first)."""
    threshold = committee_rules().person_match_threshold
    people: list[_Person] = []
    decisions: list[PersonDecision] = []
    seen: set[tuple[str, str, str | None]] = set()
    for mention in mentions:
        key = person_key(mention)
        if key in seen:
            continue
        seen.add(key)
        norm, seat = key[0], (mention.role, mention.municipality_code)
        same = next((p for p in people if p.norm == norm), None)
        if same is not None:
            reason = "same name" if seat in same.seats else "same name, another role or municipality"
            same.seats.add(seat)
            decisions.append(_decision(mention, same.person_id, same.name, 100.0, reason))
            continue
        best, best_score = None, 0.0
        for person in people:
            if seat not in person.seats:
                continue
            score = fuzz.ratio(norm, person.norm)
            if score > best_score:
                best, best_score = person, score
        if best is not None and best_score >= threshold:
            best.seats.add(seat)
            decisions.append(_decision(mention, best.person_id, best.name, round(best_score, 1),
                                       "spelling variant in the same role and municipality"))
            continue
        person_id = _unique(slug(mention.name), {p.person_id for p in people})
        people.append(_Person(person_id, norm, mention.name, {seat}))
        decisions.append(_decision(mention, person_id, None, round(best_score, 1), "new person"))
    return decisions


def _decision(mention: PersonMention, person_id: str, joined_with: str | None, score: float, reason: str) -> PersonDecision:
    return PersonDecision(name=mention.name, role=mention.role, municipality_code=mention.municipality_code,
                          person_id=person_id, joined_with=joined_with, score=float(score), reason=reason)


@lru_cache(maxsize=1)
def _family_noise() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in project_rules().family_noise)


def without_trailing_stop(name: str) -> str:
    """A printed name without the full stop of the sentence it ended ("Tillgänglighetsguiden steg 2." ->
    "... steg 2"); an abbreviation's stop stays ("Projekt m.fl.")."""
    last = name.rstrip().rsplit(maxsplit=1)[-1] if name.strip() else ""
    if last.endswith(".") and "." not in last[:-1]:
        return name.rstrip()[:-1].rstrip()
    return name


def family_key(name: str) -> str:
    """A project name without its step, plan year or trailing stop, for comparing families."""
    text, previous = normalise_name(name), None
    while text != previous:  # "steg 2." loses its stop, then its step
        previous = text
        for pattern in _family_noise():
            text = pattern.sub("", text).strip()
    return text


def family_score(a: str, b: str) -> float:
    """How alike two family keys are: ratio, or partial ratio for a name most of another with the same first word."""
    score = fuzz.ratio(a, b)
    shorter, longer = sorted((a, b), key=len)
    rules = project_rules()
    if (
        shorter
        and len(shorter) / len(longer) >= rules.partial_min_length_ratio
        and fuzz.ratio(shorter.split()[0], longer.split()[0]) >= rules.family_threshold
    ):
        score = max(score, fuzz.partial_ratio(shorter, longer))
    return score


@dataclass(frozen=True)
class _Family:
    project_id: str
    key: str
    name: str


def cluster_projects(names: Iterable[str]) -> list[ProjectDecision]:
    """A decision per distinct printed project name, in the order given (oldest report first)."""
    threshold = project_rules().family_threshold
    families: list[_Family] = []
    decisions: list[ProjectDecision] = []
    for name in dict.fromkeys(names):
        key = family_key(name)
        scored = [(family_score(key, f.key), f) for f in families]
        best_score, best = max(scored, key=lambda s: s[0], default=(0.0, None))
        if best is not None and best_score >= threshold:
            reason = "same name" if best_score == 100 and key == best.key else "same family"
            decisions.append(ProjectDecision(name=name, project_id=best.project_id, joined_with=best.name,
                                             score=float(round(best_score, 1)), reason=reason))
            continue
        family = _Family(_unique(slug(key), {f.project_id for f in families}), key, name)
        families.append(family)
        decisions.append(ProjectDecision(name=name, project_id=family.project_id, joined_with=None,
                                         score=float(round(best_score, 1)), reason="new project family"))
    return decisions


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"


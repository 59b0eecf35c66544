"""One identity per person and per project family across reports, each decision explained by its score.

Pure functions over the names the reports print; the warehouse calls them after
every load so that identities always reflect every report loaded.

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
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from schemas.vocabularies import committee_rules, project_rules


@dataclass(frozen=True)
class NameDecision:
    """How one printed name was given its identity."""

    name: str
    identity: str  # person_id or project_id
    joined_with: str | None  # the name it was matched to, None for a new identity
    score: float  # 100 for identical after normalising
    reason: str


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str
    municipality_code: str | None


def cluster_persons(mentions: Sequence[PersonMention]) -> list[NameDecision]:
    """A decision per distinct (name, role, municipality), in the order given (oldest report first)."""
    threshold = committee_rules()["person_match_threshold"]
    people: list[dict] = []  # {id, norm, name, contexts}
    decisions: list[NameDecision] = []
    seen: set[tuple[str, str, str | None]] = set()
    for mention in mentions:
        key = (normalise_name(mention.name), mention.role, mention.municipality_code)
        if key in seen:
            continue
        seen.add(key)
        norm = key[0]
        same = next((p for p in people if p["norm"] == norm), None)
        if same is not None:
            context = (mention.role, mention.municipality_code)
            reason = "same name" if context in same["contexts"] else "same name, another role or municipality"
            same["contexts"].add(context)
            decisions.append(NameDecision(mention.name, same["id"], same["name"], 100.0, reason))
            continue
        best, best_score = None, 0.0
        for person in people:
            if (mention.role, mention.municipality_code) not in person["contexts"]:
                continue
            score = fuzz.ratio(norm, person["norm"])
            if score > best_score:
                best, best_score = person, score
        if best is not None and best_score >= threshold:
            best["contexts"].add((mention.role, mention.municipality_code))
            decisions.append(NameDecision(mention.name, best["id"], best["name"], round(best_score, 1),
                                          "spelling variant in the same role and municipality"))
            continue
        person_id = _unique(slug(mention.name), {p["id"] for p in people})
        people.append({"id": person_id, "norm": norm, "name": mention.name, "contexts": {(mention.role, mention.municipality_code)}})
        decisions.append(NameDecision(mention.name, person_id, None, round(best_score, 1), "new person"))
    return decisions


@lru_cache(maxsize=1)
def _family_noise() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in project_rules()["family_noise"])


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
        and len(shorter) / len(longer) >= rules["partial_min_length_ratio"]
        and fuzz.ratio(shorter.split()[0], longer.split()[0]) >= rules["family_threshold"]
    ):
        score = max(score, fuzz.partial_ratio(shorter, longer))
    return score


def cluster_projects(names: Iterable[str]) -> list[NameDecision]:
    """A decision per distinct printed project name, in the order given (oldest report first)."""
    threshold = project_rules()["family_threshold"]
    families: list[dict] = []
    decisions: list[NameDecision] = []
    for name in dict.fromkeys(names):
        key = family_key(name)
        scored = [(family_score(key, f["key"]), f) for f in families]
        best_score, best = max(scored, key=lambda s: s[0], default=(0.0, None))
        if best is not None and best_score >= threshold:
            reason = "same name" if best_score == 100 and key == best["key"] else "same family"
            decisions.append(NameDecision(name, best["id"], best["name"], round(best_score, 1), reason))
            continue
        family_id = _unique(slug(key), {f["id"] for f in families})
        families.append({"id": family_id, "key": key, "name": name})
        decisions.append(NameDecision(name, family_id, None, round(best_score, 1), "new project family"))
    return decisions


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"

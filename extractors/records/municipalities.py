"""Resolving a municipality as printed ("Höganäs Kommun", "Helsingborgs stad") to its code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from schemas.vocabularies import municipality_vocabulary


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str


@lru_cache(maxsize=1)
def _forms() -> dict[str, Municipality]:
    forms = {}
    for entry in municipality_vocabulary().municipalities:
        municipality = Municipality(entry.code, entry.name)
        for form in (entry.name, *entry.forms):
            forms[" ".join(form.lower().split())] = municipality
    return forms


def all_municipalities() -> list[Municipality]:
    return [Municipality(e.code, e.name) for e in municipality_vocabulary().municipalities]


def resolve_municipality(text: str) -> Municipality | None:
    """The municipality a printed name stands for, or None if it is none of the eleven."""
    key = " ".join(text.lower().split()).strip(" ,.:")
    forms = _forms()
    if key in forms:
        return forms[key]
    best = process.extractOne(
        key, list(forms), scorer=fuzz.ratio, processor=None, score_cutoff=municipality_vocabulary().match_threshold
    )
    return forms[best[0]] if best else None

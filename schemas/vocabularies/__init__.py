"""Vocabularies as data files, and the small readers that load them once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

VOCABULARY_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def language() -> dict:
    """The Swedish typography settings of `language.yaml`."""
    with open(VOCABULARY_DIR / "language.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("suspended_compound_joiners", "page_number_patterns"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"language.yaml: '{key}' must be a list")
    return data


@lru_cache(maxsize=None)
def document_types() -> tuple[dict, ...]:
    """The document types of `document_types.yaml`, most specific first."""
    with open(VOCABULARY_DIR / "document_types.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for entry in data:
        missing = {"code", "name", "keywords", "where"} - set(entry)
        if missing:
            raise ValueError(f"document_types.yaml: entry {entry!r} lacks {sorted(missing)}")
    return tuple(data)


@lru_cache(maxsize=None)
def money_vocabulary() -> dict:
    """Units, qualifiers and number words of `money.yaml`."""
    with open(VOCABULARY_DIR / "money.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("units", "qualifiers", "per_units", "number_words", "money_context"):
        if key not in data:
            raise ValueError(f"money.yaml: '{key}' is missing")
    return data


@lru_cache(maxsize=None)
def key_figure_rules() -> dict:
    """The metric rules of `key_figures.yaml`."""
    with open(VOCABULARY_DIR / "key_figures.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("money_metrics", "year_markers", "count_metrics"):
        if key not in data:
            raise ValueError(f"key_figures.yaml: '{key}' is missing")
    return data


def _load_yaml(name: str, required: tuple[str, ...]) -> dict:
    with open(VOCABULARY_DIR / name, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"{name}: {missing} missing")
    return data


@lru_cache(maxsize=None)
def municipality_vocabulary() -> dict:
    """The eleven municipalities of `municipalities.yaml`, with codes and printed forms."""
    return _load_yaml("municipalities.yaml", ("match_threshold", "municipalities"))


@lru_cache(maxsize=None)
def committee_rules() -> dict:
    """How committee lists are printed (`committee.yaml`)."""
    return _load_yaml(
        "committee.yaml",
        ("section_heading", "as_of", "role_markers", "unplaced_roles", "presidium", "secretariat_head", "months",
         "person_match_threshold"),
    )


@lru_cache(maxsize=None)
def project_rules() -> dict:
    """Where projects are listed and how their names are compared (`projects.yaml`)."""
    return _load_yaml(
        "projects.yaml", ("sections", "development_areas", "family_noise", "family_threshold", "partial_min_length_ratio")
    )


@lru_cache(maxsize=None)
def plan_rules() -> dict:
    """How business plans print goals and networks (`plan.yaml`)."""
    return _load_yaml("plan.yaml", ("goal_columns", "goal_area_heading", "metric_number", "metric_letter",
                                    "networks_heading", "network_item"))

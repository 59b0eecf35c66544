"""Vocabularies as data files, each loaded once into its pydantic model (`models.py`).

A file that does not fit its model raises `VocabularyError`, naming the file
and the key: `committee.yaml: person_match_threshold: Input should be a valid
number`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import ValidationError

from schemas.vocabularies.models import (
    Chart,
    CommitteeRules,
    DocumentTypeRule,
    DocumentTypes,
    KeyFigureRules,
    Language,
    LineItem,
    MoneyVocabulary,
    MunicipalityVocabulary,
    PlanRules,
    ProjectRules,
    Vocabulary,
)

VOCABULARY_DIR = Path(__file__).resolve().parent

Model = TypeVar("Model", bound=Vocabulary)


class VocabularyError(ValueError):
    """A vocabulary file that does not fit its model; the message names the file and the key."""


def load_vocabulary(path: Path, model: type[Model]) -> Model:
    """A YAML file validated by its model; YAML lists are read as tuples (the models are frozen)."""
    with open(path, encoding="utf-8") as handle:
        try:
            data = yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise VocabularyError(f"{path.name}: not valid YAML: {error}") from error
    try:
        return model.model_validate(_tuples(data))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or '(top level)'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise VocabularyError(f"{path.name}: {problems}") from None


def _tuples(value):
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


@cache
def language() -> Language:
    return load_vocabulary(VOCABULARY_DIR / "language.yaml", Language)


@cache
def document_types() -> tuple[DocumentTypeRule, ...]:
    """The document types, most specific first."""
    return load_vocabulary(VOCABULARY_DIR / "document_types.yaml", DocumentTypes).document_types


@cache
def money_vocabulary() -> MoneyVocabulary:
    return load_vocabulary(VOCABULARY_DIR / "money.yaml", MoneyVocabulary)


@cache
def key_figure_rules() -> KeyFigureRules:
    return load_vocabulary(VOCABULARY_DIR / "key_figures.yaml", KeyFigureRules)


@cache
def municipality_vocabulary() -> MunicipalityVocabulary:
    return load_vocabulary(VOCABULARY_DIR / "municipalities.yaml", MunicipalityVocabulary)


@cache
def committee_rules() -> CommitteeRules:
    return load_vocabulary(VOCABULARY_DIR / "committee.yaml", CommitteeRules)


@cache
def project_rules() -> ProjectRules:
    return load_vocabulary(VOCABULARY_DIR / "projects.yaml", ProjectRules)


@cache
def plan_rules() -> PlanRules:
    return load_vocabulary(VOCABULARY_DIR / "plan.yaml", PlanRules)


@cache
def line_item_chart() -> Chart:
    return load_vocabulary(VOCABULARY_DIR / "line_items.yaml", Chart)


__all__ = [
    "Chart",
    "LineItem",
    "VOCABULARY_DIR",
    "VocabularyError",
    "committee_rules",
    "document_types",
    "key_figure_rules",
    "language",
    "line_item_chart",
    "load_vocabulary",
    "money_vocabulary",
    "municipality_vocabulary",
    "plan_rules",
    "project_rules",
]

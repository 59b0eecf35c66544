"""Vocabularies as data files, each loaded once into its pydantic model (`models.py`).

A file that does not fit its model raises `VocabularyError`, naming the file
and the key: `committee.yaml: person_match_threshold: Input should be a valid
number`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
    StatementWording,
    Vocabulary,
)

VOCABULARY_DIR = Path(__file__).resolve().parent  # the project's own vocabularies


def vocabulary_dir() -> Path:
    """Where the vocabularies are read from: FH_VOCABULARY_DIR (a folder that holds every file), else the project's."""
    return Path(os.environ.get("FH_VOCABULARY_DIR") or VOCABULARY_DIR).resolve()

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


def _loaded_once(file_name: str, model: type[Model]) -> Callable[[], Model]:
    """A function that gives the vocabulary of `file_name`, read and validated on its first call."""

    @cache
    def vocabulary() -> Model:
        return load_vocabulary(vocabulary_dir() / file_name, model)

    vocabulary.__doc__ = f"The vocabulary of `{file_name}` ({model.__name__})."
    return vocabulary


language = _loaded_once("language.yaml", Language)
money_vocabulary = _loaded_once("money.yaml", MoneyVocabulary)
key_figure_rules = _loaded_once("key_figures.yaml", KeyFigureRules)
municipality_vocabulary = _loaded_once("municipalities.yaml", MunicipalityVocabulary)
committee_rules = _loaded_once("committee.yaml", CommitteeRules)
project_rules = _loaded_once("projects.yaml", ProjectRules)
plan_rules = _loaded_once("plan.yaml", PlanRules)
line_item_chart = _loaded_once("line_items.yaml", Chart)
annual_report_chart = _loaded_once("line_items_arl.yaml", Chart)
municipal_chart = _loaded_once("line_items_kommun.yaml", Chart)
statement_wording = _loaded_once("statements.yaml", StatementWording)


def line_item_charts() -> tuple[Chart, ...]:
    """Every chart: this cooperation's own, an annual report's under ÅRL, a municipality's (RKR)."""
    return (line_item_chart(), annual_report_chart(), municipal_chart())
document_type_vocabulary = _loaded_once("document_types.yaml", DocumentTypes)


def document_types() -> tuple[DocumentTypeRule, ...]:
    """The document types, most specific first."""
    return document_type_vocabulary().document_types


__all__ = [
    "Chart",
    "LineItem",
    "VOCABULARY_DIR",
    "VocabularyError",
    "committee_rules",
    "document_type_vocabulary",
    "document_types",
    "key_figure_rules",
    "language",
    "line_item_chart",
    "line_item_charts",
    "annual_report_chart",
    "municipal_chart",
    "load_vocabulary",
    "money_vocabulary",
    "municipality_vocabulary",
    "plan_rules",
    "project_rules",
    "statement_wording",
    "vocabulary_dir",
]

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
    Concepts,
    DocumentTypeRule,
    DocumentTypes,
    FindingTexts,
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


MAX_FILE_BYTES = 1_000_000  # the largest vocabulary is some 20 kB: a larger file is not one
MAX_ALIASES = 50  # YAML aliases (*name) a file may use: a few repeat a list; thousands expand without bound


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a file that uses more aliases than a vocabulary ever needs (an alias
    bomb: 500 bytes that expand to gigabytes)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases = getattr(self, "aliases", 0) + 1
            if self.aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases: refused, as an alias bomb would be")
        return super().compose_node(parent, index)


def load_vocabulary(path: Path, model: type[Model]) -> Model:
    """A YAML file validated by its model; YAML lists are read as tuples (the models are frozen)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise VocabularyError(f"{path.name}: cannot be read in {path.parent} ({error.strerror or error})") from None
    if size > MAX_FILE_BYTES:
        raise VocabularyError(f"{path.name}: {size:,} bytes, more than the {MAX_FILE_BYTES:,} a vocabulary may have")
    with open(path, encoding="utf-8") as handle:
        try:
            data = yaml.load(handle, Loader=_BoundedLoader)  # noqa: S506 - a safe loader, bounded
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            first = " ".join(str(error).split())
            raise VocabularyError(f"{path.name}: not valid YAML: {first}") from None
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
group_chart = _loaded_once("line_items_ifrs.yaml", Chart)
statement_wording = _loaded_once("statements.yaml", StatementWording)
concept_vocabulary = _loaded_once("concepts.yaml", Concepts)
finding_texts = _loaded_once("findings.yaml", FindingTexts)


def load_all() -> None:
    """Read and validate every vocabulary now (raising `VocabularyError` for the first that does not fit),
    so that a broken file stops a run before any report is touched, not report by report."""
    for vocabulary in VOCABULARIES:
        vocabulary.cache_clear()
        vocabulary()


def line_item_charts() -> tuple[Chart, ...]:
    """Every chart: this cooperation's own, an annual report's under ÅRL, a municipality's (RKR), a listed group's
    (IFRS)."""
    return (line_item_chart(), annual_report_chart(), municipal_chart(), group_chart())
document_type_vocabulary = _loaded_once("document_types.yaml", DocumentTypes)


VOCABULARIES = (language, money_vocabulary, key_figure_rules, municipality_vocabulary, committee_rules, project_rules,
                plan_rules, line_item_chart, annual_report_chart, municipal_chart, group_chart, statement_wording,
                concept_vocabulary, finding_texts,
                document_type_vocabulary)


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
    "group_chart",
    "concept_vocabulary",
    "finding_texts",
    "load_all",
    "load_vocabulary",
    "money_vocabulary",
    "municipality_vocabulary",
    "plan_rules",
    "project_rules",
    "statement_wording",
    "vocabulary_dir",
]

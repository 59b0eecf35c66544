"""The vocabularies are typed data: each file loads into its model, and a mistake in one is refused by name."""

from __future__ import annotations

import shutil

import pytest
import yaml

from schemas.vocabularies import VOCABULARY_DIR, VocabularyError, load_vocabulary
from schemas.vocabularies.models import (
    Chart,
    CommitteeRules,
    Concepts,
    DocumentTypes,
    FindingTexts,
    KeyFigureRules,
    Language,
    MoneyVocabulary,
    MunicipalityVocabulary,
    PlanRules,
    ProjectRules,
    StatementWording,
)

MODELS = {
    "committee.yaml": CommitteeRules,
    "document_types.yaml": DocumentTypes,
    "findings.yaml": FindingTexts,
    "key_figures.yaml": KeyFigureRules,
    "language.yaml": Language,
    "line_items.yaml": Chart,
    "line_items_arl.yaml": Chart,
    "line_items_kommun.yaml": Chart,
    "line_items_ifrs.yaml": Chart,
    "concepts.yaml": Concepts,
    "money.yaml": MoneyVocabulary,
    "municipalities.yaml": MunicipalityVocabulary,
    "plan.yaml": PlanRules,
    "projects.yaml": ProjectRules,
    "statements.yaml": StatementWording,
}


def test_every_vocabulary_file_has_a_model():
    assert sorted(path.name for path in VOCABULARY_DIR.glob("*.yaml")) == sorted(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_vocabulary_loads_into_its_model(name):
    loaded = load_vocabulary(VOCABULARY_DIR / name, MODELS[name])
    assert isinstance(loaded, MODELS[name])


def edited(tmp_path, name: str, change) -> object:
    """The vocabulary file `name`, changed by `change(data)`, written to tmp_path and loaded."""
    data = yaml.safe_load((VOCABULARY_DIR / name).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_vocabulary(path, MODELS[name])


@pytest.mark.parametrize("name", sorted(MODELS))
def test_an_unknown_key_is_refused_naming_the_file_and_the_key(tmp_path, name):
    with pytest.raises(VocabularyError) as refused:
        edited(tmp_path, name, lambda data: data.update(match_treshold=90))  # a typo of a real key
    assert str(refused.value).startswith(f"{name}: ")
    assert "match_treshold" in str(refused.value) and "Extra inputs are not permitted" in str(refused.value)


@pytest.mark.parametrize(
    "name, change, key",
    [
        ("committee.yaml", lambda d: d.update(person_match_threshold="92"), "person_match_threshold"),
        ("municipalities.yaml", lambda d: d["municipalities"][0].update(code="12600"), "municipalities.0.code"),
        ("line_items.yaml", lambda d: d["line_items"][0].update(kind="intakt"), "line_items.0.kind"),
        ("line_items.yaml", lambda d: d["line_items"][5].update(sums=["no_such_line"]), "no_such_line"),
        ("key_figures.yaml", lambda d: d["money_metrics"][0].update(all="medlemsavgift"), "money_metrics.0.all"),
        ("key_figures.yaml", lambda d: d["count_metrics"][0].update(pattern="(?P<count>\\d+) möten"), "group named n"),
        ("projects.yaml", lambda d: d["sections"][0].update(heading="^projekt (som"), "sections.0.heading"),
        ("money.yaml", lambda d: d["units"][0].update(sek=-1), "units.0.sek"),
        ("document_types.yaml", lambda d: d["document_types"][0].update(where=["title", "cover"]), "document_types.0.where.1"),
        ("plan.yaml", lambda d: d["goal_columns"].update(owner="^ägare"), "goal_columns.owner"),
    ],
    ids=["threshold as text", "five-digit code", "unknown kind", "sum of an unknown line", "pattern list as text",
         "count without n", "bad regex", "negative unit", "unknown place", "unknown goal column"],
)
def test_a_wrong_value_is_refused_naming_the_file_and_the_key(tmp_path, name, change, key):
    with pytest.raises(VocabularyError) as refused:
        edited(tmp_path, name, change)
    assert str(refused.value).startswith(f"{name}: ") and key in str(refused.value)


def test_a_file_that_is_not_yaml_is_refused_by_name(tmp_path):
    shutil.copy(VOCABULARY_DIR / "language.yaml", tmp_path / "language.yaml")
    (tmp_path / "language.yaml").write_text("page_number_patterns: [unclosed\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"^language\.yaml: not valid YAML"):
        load_vocabulary(tmp_path / "language.yaml", Language)


def test_every_line_that_gives_a_headline_figure_names_one_the_analysts_know():
    from schemas.vocabularies import concept_vocabulary, line_item_charts

    known = {concept.code for concept in concept_vocabulary().concepts}
    given = {item.concept for chart in line_item_charts() for item in chart.line_items if item.concept}
    assert given and given <= known
    # and every figure is given by some chart
    assert known <= given

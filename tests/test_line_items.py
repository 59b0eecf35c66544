"""Printed labels are matched to the chart: every alias, near misses, and nothing forced."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rapidfuzz import fuzz

from extractors.records.statements.labels import _choices, match_label, normalise_label
from schemas.vocabularies import Chart
from tests.conftest import gold_rows

CHART = Chart.load()


@pytest.mark.parametrize(
    "item, alias",
    [(item, alias) for item in CHART.line_items for alias in (item.name, *item.aliases)],
    ids=lambda v: getattr(v, "code", v),
)
def test_every_alias_matches_its_line_exactly(item, alias):
    assert match_label(alias, item.statement).code == item.code
    assert match_label(alias, item.statement).score == 100.0


@pytest.mark.parametrize(
    "label, code",
    [
        ("Test-och utvecklingsprojekt*", "test_och_utvecklingsprojekt"),
        ("TEST- OCH UTVECKLINGSPROJEKT", "test_och_utvecklingsprojekt"),
        ("Övriga intäkter – Traineeverksamheten", "ovriga_intakter_trainee"),
        ("Övriga  intäkter -  Traineeverksamheten", "ovriga_intakter_trainee"),
        ("Övriga intäkter - Traineeverksamhet", "ovriga_intakter_trainee"),  # a letter short
        ("Ersättning från medlemskommunerna", "ersattning_medlemskommuner"),
        ("Utgående medel att förfoga över inför 2026, se bilaga 3", "utgaende_medel"),
        ("Ingående medel att förfoga över, SEK", "ingaende_medel"),
        ("Övriga intäkter - Familjen Helsingborgs", "ovriga_intakter_familjen_helsingborg"),
    ],
)
def test_variants_of_a_label_match_its_line(label, code):
    assert match_label(label, "resultatrapport").code == code


@pytest.mark.parametrize(
    "label",
    [
        "Lönekostnader",
        "Övriga intäkter",  # which of them? not guessed
        "Summa intäkter och kostnader",
        "Utgående medel att förfoga",  # between ingående and utgående: too close to call
        "Avskrivningar",
    ],
)
def test_an_unrelated_or_ambiguous_label_stays_unmatched(label):
    assert match_label(label, "resultatrapport").code is None


def test_the_threshold_lies_above_every_pair_of_different_lines():
    # Chosen from the data: the closest aliases of two different lines must not
    # reach the threshold, or a variant of one could be taken for the other.
    assert CHART.statements
    for statement in CHART.statements:
        choices = _choices(CHART, statement)
        closest = max(
            (fuzz.ratio(a, b) for a in choices for b in choices if choices[a] != choices[b]), default=0.0
        )
        assert closest < CHART.match_threshold, statement


def test_specification_items_fall_to_the_statement_catch_all():
    assert match_label("Familjedagen 2024", "disposition_specifikation").code == "disposition_post"
    assert match_label("Totalt", "disposition_specifikation").code == "disposition_totalt"
    assert match_label("Övriga medel att förfoga", "utgaende_medel_specifikation").code == "utgaende_medel_post"


def test_labels_of_the_same_line_in_the_gold_file_share_a_code():
    by_position = defaultdict(set)
    for gold in gold_rows("financial_lines.csv"):
        if gold["statement"] == "resultatrapport":
            by_position[(gold["report_file"], gold["label"])].add(match_label(gold["label"], "resultatrapport").code)
    codes_by_report = defaultdict(list)
    for (report, label), codes in by_position.items():
        assert len(codes) == 1 and None not in codes, label
        codes_by_report[report].append(next(iter(codes)))
    reports = list(codes_by_report)
    assert len(reports) == 2
    # Both reports print the same fourteen lines in the same order, under their own labels.
    assert codes_by_report[reports[0]] == codes_by_report[reports[1]]
    assert match_label("Årets intäkter", "resultatrapport").code == match_label("Summa intäkter", "resultatrapport").code


def test_normalisation_is_deterministic_and_keeps_words():
    assert normalise_label("Övriga externa kostnader - HR-projekt") == "övriga externa kostnader - hr - projekt"
    assert normalise_label("Test-och utvecklingsprojekt*") == normalise_label("Test- och utvecklingsprojekt")

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


# The charts of any annual report: an annual report's under ÅRL, a municipality's under RKR, a listed group's
# under IFRS. Every name and alias reads as its own line (in the section it names, where it names one), and
# every counter-example a chart lists for a line (a label printed for another line) never does.
def _any_report_lines():
    from schemas.vocabularies import annual_report_chart, group_chart, municipal_chart

    return [(chart, item) for chart in (annual_report_chart(), municipal_chart(), group_chart()) for item in chart.line_items]


def _section_for(item) -> str | None:
    return {"långfristiga": "Skulder > Långfristiga skulder", "kortfristiga": "Skulder > Kortfristiga skulder",
            "inom linjen": "Poster inom linjen"}.get(item.section or "", item.section)


@pytest.mark.parametrize("chart, item, text", [(c, i, t) for c, i in _any_report_lines() for t in (i.name, *i.aliases)],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_name_and_alias_of_the_any_report_charts_reads_as_its_own_line(chart, item, text):
    from extractors.records.statements.labels import match_in_section

    assert match_in_section(text, item.statement, _section_for(item), chart).code == item.code


@pytest.mark.parametrize("chart, item, text", [(c, i, t) for c, i in _any_report_lines() for t in i.counter_examples],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_no_counter_example_of_a_line_reads_as_that_line(chart, item, text):
    from extractors.records.statements.labels import match_in_section

    assert match_in_section(text, item.statement, _section_for(item), chart).code != item.code

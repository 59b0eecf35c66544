"""Words broken at a line end are joined; suspended compounds keep their hyphen."""

from __future__ import annotations

import pytest

from extractors import build_document
from extractors.pdf.hyphenation import join_lines
from tests.conftest import PLAN_2019, REPORT_2024, sample_document
from tests.render import render_pages


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["består av elva kommu-", "ner som slutit avtal"], "består av elva kommuner som slutit avtal"),
        (["Åstorp, Ängel-", "holm och Örkelljunga."], "Åstorp, Ängelholm och Örkelljunga."),
        (["återbruk av bygg-", "och anläggningsmaterial"], "återbruk av bygg- och anläggningsmaterial"),
        (["Test-", "och utvecklingsprojekt"], "Test- och utvecklingsprojekt"),
        (["nätverket Näringsliv-", "och destination"], "nätverket Näringsliv- och destination"),
        (["för-, grund-", "och gymnasieskola"], "för-, grund- och gymnasieskola"),
        (["kunskaps-, erfarenhets-,", "och informationsutbyte"], "kunskaps-, erfarenhets-, och informationsutbyte"),
        (["Övriga intäkter HR-", "projekt"], "Övriga intäkter HR-projekt"),
        (["perioden 2019-", "2022 genomfördes"], "perioden 2019- 2022 genomfördes"),
        (["Skåne-", "Blekinge"], "Skåne-Blekinge"),
        (["ett vanligt ord", "på nästa rad"], "ett vanligt ord på nästa rad"),
        (["avstav\u00ad", "ning"], "avstavning"),
    ],
    ids=[
        "broken-word",
        "broken-place-name",
        "suspended-och",
        "suspended-capital",
        "suspended-naringsliv",
        "suspended-list",
        "comma-list",
        "abbreviation-keeps-hyphen",
        "number-range-is-not-a-break",
        "capital-after-hyphen",
        "no-hyphen",
        "soft-hyphen",
    ],
)
def test_join_lines(lines, expected):
    assert join_lines(lines) == expected


def test_the_document_spelling_decides_between_a_break_and_a_conjunction():
    # "samt" is a conjunction of suspended compounds, but "gemen-" + "samt" is a
    # broken "gemensamt" when the document prints that word elsewhere.
    assert join_lines(["ett gemen-", "samt sekretariat"], vocabulary={"gemensamt"}) == "ett gemensamt sekretariat"
    assert join_lines(["ett gemen-", "samt sekretariat"]) == "ett gemen- samt sekretariat"


def test_the_2024_report_is_dehyphenated_both_ways():
    text = sample_document(REPORT_2024).page(3).text + sample_document(REPORT_2024).page(4).text
    assert "elva kommuner som slutit avtal" in text
    assert "Ängelholm och Örkelljunga" in text
    assert "ett gemensamt sekretariat" in text
    assert "bygg- och anläggningsmaterial" in text
    assert "kommu- ner" not in text and "kommu-ner" not in text


def test_the_2019_plan_keeps_suspended_compounds():
    text = "\n".join(p.text for p in sample_document(PLAN_2019).pages)
    assert "Näringsliv- och destination" in text
    assert "för-, grund- och gymnasieskola" in text


def test_rendered_line_breaks_are_repaired(tmp_path):
    lines = [
        ("p", "Familjen Helsingborg består av elva kommu-"),
        ("p", "ner som samarbetar inom bygg-"),
        ("p", "och anläggningsmaterial och inom HR-"),
        ("p", "projekt. Ängel-"),
        ("p", "holm är en av kommunerna."),
    ]
    pdf = render_pages(tmp_path / "breaks.pdf", [lines])
    text = build_document(pdf).page(1).text
    assert text == (
        "Familjen Helsingborg består av elva kommuner som samarbetar inom bygg- och "
        "anläggningsmaterial och inom HR-projekt. Ängelholm är en av kommunerna."
    )

"""Reading order: columns are read one after the other, full-width parts in their place."""

from __future__ import annotations

import pytest

from extractors import BlockKind, build_document
from tests.conftest import REPORT_2022, REPORT_2024, sample_document
from tests.render import Column, TextStyle, render_columns


def positions(text: str, *snippets: str) -> list[int]:
    found = [text.find(s) for s in snippets]
    missing = [s for s, i in zip(snippets, found, strict=True) if i < 0]
    assert not missing, f"not in text: {missing}"
    return found


def test_the_2024_opening_sentence_stands_whole():
    text = sample_document(REPORT_2024).page(3).text
    assert (
        "Kommunsamarbetet Familjen Helsingborg består av elva kommuner som slutit avtal om "
        "samarbete inom olika verksamhetsområden." in text
    )


def test_the_2024_two_column_page_reads_the_left_column_before_the_right():
    text = sample_document(REPORT_2024).page(3).text
    order = positions(
        text,
        "Samarbetskommittén Familjen Helsingborg",  # full-width title
        "Kommunsamarbetet Familjen Helsingborg",  # left column, top
        "Syfte",
        "Organisation",
        "inför samarbetskommiténs sammanträden.",  # left column, bottom
        "Samarbetskommitén har haft totalt sex möten",  # right column, top
        "Finansiering",
        "Det ackumulerade överskottet är 7 530 250 kr.",  # right column, bottom
    )
    assert order == sorted(order)


def test_a_paragraph_continued_in_the_next_column_follows_on():
    text = sample_document(REPORT_2024).page(4).text
    first, second = positions(
        text,
        "Kommunerna inom Familjen Helsingborg har under 2024",
        "avtalat om att gemensamt finansiera och bedriva samhällsorientering",
    )
    assert first < second
    between = text[first:second]
    assert "Förskolenätverket" not in between and "Livskvalitet" not in between


def test_the_committee_grid_keeps_each_municipality_with_its_members():
    page = sample_document(REPORT_2022).page(20)
    blocks = [b.text for b in page.blocks]
    seats = [("Bjuvs kommun", "Mikael Henrysson"), ("Båstads kommun", "Johan Olsson Swanstein"),
             ("Örkelljunga kommun", "Christian Larsson")]
    assert [(place, member) for place, member in seats if member not in blocks[blocks.index(place) + 1]] == []


LEFT = Column(
    [
        ("h", "Vänster rubrik"),
        ("p", "Första stycket i vänster spalt börjar"),
        ("p", "här och fortsätter på nästa rad."),
        ("", ""),
        ("p", "Andra stycket i vänster spalt."),
        ("p", "Det slutar i vänster spalt."),
    ]
)
RIGHT = Column(
    [
        ("h", "Höger rubrik"),
        ("p", "Första stycket i höger spalt börjar"),
        ("p", "också här och fortsätter."),
        ("", ""),
        ("p", "Andra stycket i höger spalt."),
        ("p", "Det slutar i höger spalt."),
    ]
)


@pytest.mark.parametrize(
    "style, gutter",
    [
        (TextStyle(), 24.0),
        (TextStyle(font="Times-Roman", bold_font="Times-Bold", size=11, leading=13.5), 18.0),
        (TextStyle(font="Courier", bold_font="Courier-Bold", size=8, leading=10), 30.0),
    ],
    ids=["helvetica", "times", "courier"],
)
def test_rendered_columns_whose_paragraph_breaks_line_up_are_read_column_by_column(tmp_path, style, gutter):
    # Both columns break their paragraphs at the same height: a naive
    # top-to-bottom cut would read across the gutter there.
    pdf = render_columns(
        tmp_path / "columns.pdf",
        "Rubrik över hela sidan",
        [LEFT, RIGHT],
        style=style,
        gutter=gutter,
        after=[("p", "En avslutande rad över hela sidans bredd, under båda spalterna, läses sist av allt.")],
    )
    text = build_document(pdf).page(1).text
    order = positions(
        text,
        "Rubrik över hela sidan",
        "Vänster rubrik",
        "Första stycket i vänster spalt börjar här och fortsätter på nästa rad.",
        "Det slutar i vänster spalt.",
        "Höger rubrik",
        "Första stycket i höger spalt börjar också här och fortsätter.",
        "Det slutar i höger spalt.",
        "En avslutande rad över hela sidans bredd",
    )
    assert order == sorted(order)


def test_three_rendered_columns_are_read_left_to_right(tmp_path):
    columns = [Column([("p", f"Spalt {n} rad {r}.") for r in range(1, 6)]) for n in (1, 2, 3)]
    pdf = render_columns(tmp_path / "three.pdf", "Tre spalter", columns)
    text = build_document(pdf).page(1).text
    snippets = [f"Spalt {n} rad {r}." for n in (1, 2, 3) for r in range(1, 6)]
    order = positions(text, *snippets)
    assert order == sorted(order)


def test_headings_are_recognised_from_size_and_weight():
    page = sample_document(REPORT_2024).page(3)
    headings = [b.text for b in page.blocks if b.kind is BlockKind.HEADING]
    assert headings[:2] == ["Samarbetskommittén Familjen Helsingborg", "Syfte"]
    assert {"Organisation", "Finansiering"} <= set(headings)
    title = next(b for b in page.blocks if b.text == "Samarbetskommittén Familjen Helsingborg")
    section = next(b for b in page.blocks if b.text == "Syfte")
    assert title.level < section.level

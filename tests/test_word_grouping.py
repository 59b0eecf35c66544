"""Words are grouped as pdfplumber groups them: `group_words` against `pdfplumber.utils.extract_words` (with the
settings the project reads with) on every page of the samples and the real reports, the first pages of others' PDFs, and on pages
rendered here with what those lack (turned text, characters of no text)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils import extract_words
from reportlab.pdfgen.canvas import Canvas

from extractors.pdf.geometry import settle_rounding
from extractors.pdf.word_grouping import group_words
from tests.conftest import RAW_REPORTS, REALWORLD, SHARED

SMALL = 2_000_000  # bytes: others' PDFs up to this size (the larger ones are the same kinds of page, slower)
FIRST_PAGES = 12  # of each of others' PDFs: a long one's pages are mostly alike


def pdfplumbers_words(chars: list[dict]) -> list[tuple]:
    words = extract_words(chars, extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["fontname"], w["size"], w["upright"])
            for w in words]


def pages_grouped_otherwise(pdf: pdfplumber.PDF, name: str, pages: int | None) -> tuple[list[str], int]:
    """The pages (the first `pages`, or all) whose words `group_words` gives otherwise than pdfplumber does
    (named), and the pages read."""
    differ, read = [], 0
    for page in pdf.pages[:pages]:
        try:
            chars = page.chars
        except Exception:  # noqa: BLE001 - a page whose content pdfminer cannot parse has no characters to group
            continue
        settle_rounding(chars)  # as words_of has them
        read += 1
        if group_words(chars) != pdfplumbers_words(chars):
            differ.append(f"{name} p{page.page_number}")
        page.close()
    return differ, read


def grouped_otherwise(paths: list[Path], pages: int | None = None) -> tuple[list[str], int]:
    differ, read = [], 0
    for path in paths:
        try:
            pdf = pdfplumber.open(path)
            pdf.pages  # noqa: B018 - a file whose page tree pdfplumber cannot read has no words to compare
        except Exception:  # noqa: BLE001 - others' damaged and encrypted files among them
            continue
        with pdf:
            pages_differ, pages_read = pages_grouped_otherwise(pdf, path.name, pages)
        differ += pages_differ
        read += pages_read
    return differ, read


def test_the_samples_words_are_pdfplumbers():
    differ, read = grouped_otherwise(sorted(RAW_REPORTS.glob("*.pdf")))
    assert read >= 50
    assert differ == []


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_every_page_of_the_real_reports_has_pdfplumbers_words(folder):
    differ, read = grouped_otherwise(sorted((SHARED / folder / "pdfs").glob("*.pdf")))
    assert read >= 100
    assert differ == []


@pytest.mark.corpus
def test_others_pdfs_have_pdfplumbers_words():
    paths = sorted(p for p in (REALWORLD / "pdfs").rglob("*.pdf") if p.stat().st_size <= SMALL)
    differ, read = grouped_otherwise(paths, FIRST_PAGES)
    assert read >= 300
    assert differ == []


def render(draw) -> pdfplumber.PDF:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return pdfplumber.open(io.BytesIO(buffer.getvalue()))


def test_turned_text_is_grouped_down_the_page_as_pdfplumber_groups_it():
    def draw(canvas):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(40, 360, "Across the page, then down it")
        for x, words in ((120, "Kommunstyrelsen 2024"), (126, "Summa intäkter"), (300, "8,7 Mkr")):
            canvas.saveState()
            canvas.translate(x, 300)
            canvas.rotate(-90)  # written downwards
            canvas.drawString(0, 0, words)
            canvas.restoreState()

    with render(draw) as pdf:
        chars = pdf.pages[0].chars
        assert any(not char["upright"] for char in chars)
        settle_rounding(chars)
        grouped = group_words(chars)
    assert grouped == pdfplumbers_words(chars)
    turned = "".join(word[0] for word in grouped if not word[7])
    # pdfminer sizes a turned glyph by its own box, so pdfplumber ends a word wherever that size changes
    assert sorted(turned) == sorted("Kommunstyrelsen2024Summaintäkter8,7Mkr")
    assert "2024" in [word[0] for word in grouped]


def test_a_character_of_no_text_is_a_word_of_its_own_as_in_pdfplumber():
    with render(lambda canvas: (canvas.setFont("Helvetica", 10), canvas.drawString(40, 360, "Netto kostnad"))) as pdf:
        chars = pdf.pages[0].chars
    chars[2] = {**chars[2], "text": ""}  # a glyph pdfminer reads as nothing, in the middle of "Netto"
    grouped = group_words(chars)
    assert grouped == pdfplumbers_words(chars)
    assert [word[0] for word in grouped] == ["Ne", "", "to", "kostnad"]


def test_gaps_and_lines_at_the_tolerance_are_split_where_pdfplumber_splits_them():
    """Letters 2.9 and 3.1 pt apart, lines whose tops lie 2.9 and 3.1 pt apart (chained across several)."""
    def draw(canvas):
        canvas.setFont("Helvetica", 9)
        x = 40.0
        for gap, letters in ((2.9, "Bjuv"), (3.1, "Båstad"), (0.0, "Klippan")):
            for letter in letters:
                canvas.drawString(x, 360, letter)
                x += canvas.stringWidth(letter, "Helvetica", 9) + gap
        rises = (0.0, 2.9, 2.9, 3.1, 2.0)
        for n, word in enumerate(("Perstorp", "Svalöv", "Åstorp", "Ängelholm", "Örkelljunga")):
            canvas.drawString(300 - 60 * n, 300 - sum(rises[: n + 1]), word)  # right to left: a line reorders them

    with render(draw) as pdf:
        chars = pdf.pages[0].chars
    settle_rounding(chars)
    grouped = group_words(chars)
    assert grouped == pdfplumbers_words(chars)
    texts = [word[0] for word in grouped]
    assert {"BjuvB", "å", "Klippan"} <= set(texts)  # 2.9 pt joins, 3.1 pt splits
    assert texts[-5:] == ["Åstorp", "Svalöv", "Perstorp", "Örkelljunga", "Ängelholm"]  # two lines, each across

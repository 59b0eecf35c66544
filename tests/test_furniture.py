"""Running headers, footers and page numbers are set apart from the body text."""

from __future__ import annotations

import re

import pytest

from extractors import build_document
from extractors.pdf.furniture import is_page_number
from tests.conftest import SAMPLE_REPORTS, sample_document
from tests.render import render_pages


@pytest.mark.parametrize("file_name", SAMPLE_REPORTS)
def test_no_page_number_stands_in_the_body_of_a_sample_report(file_name):
    pages = [page for page in sample_document(file_name).pages if page.text]
    assert pages
    for page in pages:
        last_block = page.blocks[-1].text
        assert last_block.strip() != str(page.number), f"page {page.number} ends with its number"
        assert not re.search(rf"(^|\n){page.number}$", page.text), f"page {page.number} text ends with its number"


def test_the_printed_page_numbers_of_the_2024_report_are_furniture():
    document = sample_document("familjen-helsingborg-arsredovisning-2024.pdf")
    numbered = {page.number: [line.text for line in page.furniture] for page in document.pages}
    # Every page with body text but the cover prints its number in a margin.
    assert numbered[1] == []
    for page in document.pages[1:]:
        if page.text:
            assert numbered[page.number] == [str(page.number)]


@pytest.mark.parametrize(
    "text, expected",
    [("3", True), ("Sida 3", True), ("Sida 3 av 22", True), ("3 (22)", True), ("3/22", True), ("– 3 –", True),
     ("Bilaga 1", False), ("2024–2027", False), ("8 390 299", False)],
)
def test_page_number_patterns(text, expected):
    assert is_page_number(text) is expected


def test_rendered_running_header_and_footer_are_set_apart(tmp_path):
    pages = [[("h", f"Kapitel {n}"), ("p", f"Brödtext på sidan {n} om samarbetet i regionen.")] for n in range(1, 5)]
    pdf = render_pages(
        tmp_path / "furniture.pdf", pages, header="Årsredovisning 2024 Familjen Helsingborg", footer_format="Sida {n} av {total}"
    )
    document = build_document(pdf)
    assert len(document.pages) == 4
    for page in document.pages:
        assert "Årsredovisning 2024 Familjen Helsingborg" not in page.text
        assert "Sida" not in page.text
        assert f"Brödtext på sidan {page.number} om samarbetet i regionen." in page.text
        assert sorted(line.text for line in page.furniture) == sorted(
            ["Årsredovisning 2024 Familjen Helsingborg", f"Sida {page.number} av 4"]
        )


def test_a_heading_at_the_top_of_one_page_is_not_furniture(tmp_path):
    pages = [[("h", "Bilaga 1 Ekonomi"), ("p", "Text.")], [("h", "Bilaga 2 Specifikation"), ("p", "Mer text.")]]
    pdf = render_pages(tmp_path / "headings.pdf", pages, margin=30.0)
    document = build_document(pdf)
    assert document.page(1).furniture == ()
    assert document.page(1).text.startswith("Bilaga 1 Ekonomi")


def test_signing_marks_large_page_numbers_and_rotated_stamps_are_furniture_not_body(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "signed.pdf"
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    for number in (1, 2):  # two pages: the marks need not recur to be known
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, height - 120, "Styrelsen lämnar härmed årsredovisningen för räkenskapsåret.")
        canvas.setFont("Helvetica", 13)  # larger than the body, as some tools print it
        canvas.drawRightString(width - 60, 30, f"Sida {number} av 2")
        canvas.setFont("Helvetica", 7)
        canvas.drawString(60, 45, "Transaktion 09222115557514936829  Signerat JS, RK, RM")
        canvas.saveState()
        canvas.translate(width - 20, 200)
        canvas.rotate(90)
        canvas.drawString(0, 0, "Penneo dokumentnyckel: 4JX2K-8PQ1R")
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    pages = build_document(path).pages
    assert len(pages) == 2
    for page in pages:
        furniture = " ".join(line.text for line in page.furniture)
        assert f"Sida {page.number} av 2" in furniture and "Transaktion 09222115557514936829" in furniture
        assert page.text.strip() == "Styrelsen lämnar härmed årsredovisningen för räkenskapsåret."
        assert any(not w.upright for line in page.furniture for w in line.words)  # the stamp, kept as furniture

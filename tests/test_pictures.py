"""The audit pictures: each page that holds figures rendered once, and the window onto it that shows a figure."""

from __future__ import annotations

from PIL import Image

from extractors.pdf.pictures import render_pages
from extractors.records.report_metadata import report_year
from extractors.records.statements import extract_statements
from tests.conftest import RAW_REPORTS, REPORT_2024, sample_document
from warehouse.audit_pages import view_box


def test_a_page_picture_shows_the_page_with_each_figure_where_its_box_says(tmp_path):
    document = sample_document(REPORT_2024)
    facts = extract_statements(document, "r", report_year(document)).facts
    chosen = [facts[0], facts[len(facts) // 2], facts[-1]]  # on more than one row, and both statements' ends
    pages = {f.page: tmp_path / f"page-{f.page}.png" for f in chosen}

    images = {image.page: image for image in render_pages(RAW_REPORTS / REPORT_2024, pages, resolution=110)}

    assert sorted(images) == sorted(pages)
    for fact in chosen:
        image = images[fact.page]
        page = document.pages[fact.page - 1]
        picture = Image.open(image.path)
        assert picture.mode == "L"  # print: grey is enough, the outline is drawn by the page
        assert abs(image.scale - 110 / 72) < 0.01
        assert abs(picture.width - page.width * image.scale) <= 1.5 and abs(picture.height - page.height * image.scale) <= 1.5
        # Ink inside the figure's box, as printed; none in the white just left of the page's words.
        left, top, width, height = image.pixels((fact.x0, fact.top, fact.x1, fact.bottom))
        assert min(picture.crop((round(left), round(top), round(left + width), round(top + height))).getdata()) < 100, fact
        first_ink = min(word.bbox.x0 for word in page.words)
        margin = image.pixels((0, fact.top, first_ink - 3, fact.bottom))
        blank = picture.crop((0, round(margin[1]), max(1, round(margin[2])), round(margin[1] + margin[3])))
        assert min(blank.getdata()) > 200, fact


def test_a_window_holds_the_figure_and_its_label_with_a_margin_and_stays_on_the_page():
    page = (0, 0, 595, 842)
    figure, label = (400, 300, 450, 310), (60, 301, 200, 311)
    shown = view_box(figure, page, label, margin=24)
    assert shown == (36, 276, 474, 335)
    at_the_edge = view_box((560, 820, 590, 838), page, margin=24)
    assert at_the_edge == (536, 796, 595, 842)

"""The PDFium fast path against pdfplumber, the reference: the same records from every PDF of the samples, the
real Swedish reports and the larger reports, read both ways.

Every fact, key figure, committee member, project, network, plan goal, table cell and finding is compared
value for value; boxes may differ by what the two readers make of a glyph's edges, under BOX_TOLERANCE points.
A page the fast path cannot read as pdfplumber would is read by pdfplumber (the rule in
`extractors.pdf.pdfium_geometry`); the tests also hold that the rule leaves most pages to PDFium, so that they
cannot pass by sending every page to the reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from operator import itemgetter
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import Font, registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extractors import build_document
from extractors.pdf import pdfium_geometry
from extractors.pdf.document import page_readers
from extractors.pdf.geometry import words_of
from extractors.pdf.ocr import OcrSettings
from extractors.pdf.pdfium_geometry import FastPathRefused, PdfiumPages
from pipelines.extraction import extract_report
from tests.conftest import RAW_REPORTS, SHARED

BOX_TOLERANCE = 2.0  # points
BOX_FIELD = re.compile(r"(^|_)(x0|x1|top|bottom)$")
RECORDS = ("facts", "key_figures", "committee", "projects", "networks", "plan_goals", "table_cells", "findings")
NO_OCR = OcrSettings(enabled=False)  # OCR reads the same pictures whichever reader read the text layer


def split(record) -> tuple[dict, dict]:
    """A record's values, and its boxes' edges."""
    data = record.model_dump()
    boxes = {k: v for k, v in data.items() if BOX_FIELD.search(k) and isinstance(v, int | float)}
    return {k: v for k, v in data.items() if k not in boxes}, boxes


def differences(path: Path) -> list[str]:
    """Where the records of a file read by the fast path differ from those read by pdfplumber alone."""
    fast = extract_report(build_document(path, ocr=NO_OCR, reader="pdfium"))
    reference = extract_report(build_document(path, ocr=NO_OCR, reader="pdfplumber"))
    said = []
    for name in RECORDS:
        ours, theirs = getattr(fast, name), getattr(reference, name)
        if len(ours) != len(theirs):
            said.append(f"{path.name} {name}: {len(ours)} records, pdfplumber {len(theirs)}")
            continue
        for mine, reference_record in zip(ours, theirs, strict=True):
            (values, boxes), (expected, expected_boxes) = split(mine), split(reference_record)
            if values != expected:
                said.append(f"{path.name} {name}: {[(k, values[k], expected.get(k)) for k in values if values[k] != expected.get(k)]}")
            elif any(abs(boxes[k] - expected_boxes[k]) > BOX_TOLERANCE for k in boxes):
                said.append(f"{path.name} {name} box: {boxes} against {expected_boxes}")
    return said


def read_fast(paths: list[Path]) -> tuple[int, int]:
    """How many pages of these files the fast path reads with PDFium, of how many."""
    readers = [reader for path in paths for reader in page_readers(path).values()]
    return readers.count("pdfium"), len(readers)


def test_the_samples_give_the_same_records_read_by_pdfium_as_by_pdfplumber():
    samples = sorted(RAW_REPORTS.glob("*.pdf"))
    assert len(samples) == 5
    assert [said for path in samples for said in differences(path)] == []
    fast, pages = read_fast(samples)
    assert fast >= 0.8 * pages, f"only {fast} of {pages} sample pages read by PDFium"


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_every_real_report_gives_the_same_records_read_by_pdfium_as_by_pdfplumber(folder):
    paths = sorted((SHARED / folder / "pdfs").glob("*.pdf"))
    assert len(paths) >= 4
    assert [said for path in paths for said in differences(path)] == []
    fast, pages = read_fast(paths)
    assert fast >= 0.5 * pages, f"only {fast} of {pages} pages of {folder} read by PDFium"


def word_differences(path: Path, pages: Collection[int] = (), read: Counter | None = None) -> list[str]:
    """Where the words of a page PDFium reads differ from pdfplumber's words of it: their text and their size to
    a fiftieth of a point (the order words come in is layout's to decide). Their boxes are held by the records
    above: a word's box may differ more than a record's (a bullet pdfminer gives no width, a title in a font
    whose descent the two read differently). `read` counts the pages PDFium reads ("pdfium") and all ("pages")."""
    said = []
    read = Counter() if read is None else read
    with pdfplumber.open(path) as pdf:
        read["pages"] += len(pdf.pages)
        try:
            fast = PdfiumPages(path)
        except Exception:  # noqa: BLE001 - a file PDFium cannot open is pdfplumber's alone
            return said
        try:
            for page in pdf.pages:
                if pages and page.page_number not in pages:
                    continue
                try:
                    objects = fast.read(page.page_number, float(page.width), float(page.height),
                                        page.page_obj)
                except FastPathRefused:
                    continue
                read["pdfium"] += 1
                # Each word by its text, then its size: words of one text are paired by size, whatever order a
                # hair's difference of place would give them.
                ours = sorted((w.text, w.size) for w in words_of(objects.chars))
                theirs = sorted((w.text, w.size) for w in words_of(page.chars))
                if [text for text, _ in ours] != [text for text, _ in theirs]:
                    missing = Counter(text for text, _ in theirs) - Counter(text for text, _ in ours)
                    extra = Counter(text for text, _ in ours) - Counter(text for text, _ in theirs)
                    said.append(f"{path.name} p{page.page_number}: lacks {dict(missing)}, adds {dict(extra)}")
                    continue
                sizes = zip([size for _, size in ours], [size for _, size in theirs], strict=True)
                if any(abs(mine - reference) > 0.02 for mine, reference in sizes):
                    said.append(f"{path.name} p{page.page_number}: sizes differ")
                page.close()
        finally:
            fast.close()
    return said


def test_every_page_pdfium_reads_of_the_samples_gives_pdfplumbers_words():
    assert [said for path in sorted(RAW_REPORTS.glob("*.pdf")) for said in word_differences(path)] == []


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_every_page_pdfium_reads_of_the_real_reports_gives_pdfplumbers_words(folder):
    paths = sorted((SHARED / folder / "pdfs").glob("*.pdf"))
    assert [said for path in paths for said in word_differences(path)] == []


def test_a_ligature_is_one_character_across_its_glyph_as_pdfminer_reads_it():
    # A book sets "fi" and "fl" as one glyph each ("ﬁ"); PDFium gives each letter of it at the glyph's origin,
    # pdfminer one character across the glyph (pdfplumber's words spell it out).
    path = SHARED / "realworld" / "pdfs" / "pdf.js__test__pdfs__freeculture.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[11]
        ligatures = [c for c in page.chars if len(unicodedata.normalize("NFKC", c["text"])) > 1]
        fast = PdfiumPages(path)
        try:
            ours = fast.read(12, float(page.width), float(page.height), page.page_obj).chars
        finally:
            fast.close()
    assert len(ligatures) == 3
    for ligature in ligatures:
        at = [c for c in ours if abs(c["x0"] - ligature["x0"]) < 0.1 and abs(c["top"] - ligature["top"]) < 0.5]
        assert [c["text"] for c in at] == [unicodedata.normalize("NFKC", ligature["text"])]
        assert abs(at[0]["x1"] - ligature["x1"]) < 0.1


def test_a_ligature_whose_ink_hides_its_advance_is_left_to_pdfplumber():
    # "off against" set with an "ff" glyph whose ink reaches past its advance: where the glyph ends, and so
    # whether the gap before "against" is a word's end, PDFium does not say.
    path = SHARED / "realworld" / "pdfs" / "pdfminer.six__samples__contrib__issue-1061-colour-space-stack.pdf"
    assert page_readers(path)[1] == "pdfplumber"
    assert word_differences(path, {1}) == []


def test_a_font_without_a_map_to_text_is_read_as_pdfplumber_reads_it():
    # Without a ToUnicode map, pdfminer and PDFium each guess the characters of TeX's math fonts (their own
    # built-in encodings) their own way.
    path = SHARED / "realworld" / "pdfs" / "sample-files__009-pdflatex-geotopo__GeoTopo-komprimiert.pdf"
    pages = {2, 6, 7}
    readers = page_readers(path)
    assert {readers[number] for number in pages} == {"pdfplumber"}
    assert word_differences(path, pages) == []


def render_text_pdfium_leaves_out(path: Path) -> Path:
    """Three pages as some typesetters print them. Page 1: a heading made bold by printing it twice, a third of
    a point apart; PDFium's text page keeps one copy, pdfminer reads both. Page 2: a space printed as a text
    object of its own, narrower than a word gap; PDFium's text page leaves such an object out. Page 3: a word
    marked with an ActualText, which PDFium's text page reads in place of the glyphs."""
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica-Bold", 11)
    for shift in (0.0, 0.3):
        canvas.drawString(72 + shift, 700, "Summa intäkter")
    canvas.showPage()
    canvas.setFont("Helvetica", 9)
    x = 72.0
    for part in ("Nettoomsättning", " ", "2024"):
        canvas.drawString(x, 650, part)
        x += stringWidth(part, "Helvetica", 9)
    canvas.showPage()
    canvas.setFont("Helvetica", 11)
    canvas.addLiteral("/Span <</ActualText (Total)>> BDC")  # marked content, as raw operators
    canvas.drawString(72, 700, "Summa")
    canvas.addLiteral("EMC")
    canvas.save()
    return path


def test_text_pdfiums_text_page_leaves_out_is_read_as_pdfplumber_reads_it(tmp_path):
    path = render_text_pdfium_leaves_out(tmp_path / "left-out.pdf")
    fast = build_document(path, ocr=NO_OCR, reader="pdfium")
    reference = build_document(path, ocr=NO_OCR, reader="pdfplumber")
    printed = [["SSuummmmaa", "iinnttääkktteerr"], ["Nettoomsättning", "2024"], ["Summa"]]
    assert [[w.text for w in page.words] for page in fast.pages] == printed
    assert [[w.text for w in page.words] for page in reference.pages] == printed
    # The heading printed twice and the ActualText are left to pdfplumber; the space printed on its own
    # PDFium's reading restores.
    assert page_readers(path) == {1: "pdfplumber", 2: "pdfium", 3: "pdfplumber"}


def render_spaces_pdfium_leaves_out(path: Path) -> Path:
    """Two pages with runs of spaces printed as text objects of their own, right after a printed space, spread
    by TJ numbers: PDFium's text page leaves such an object out (a second space in a row), pdfminer reads its
    spaces. Page 1: they stand in the gap before a figure, ending no word. Page 2: the second stands between the
    first two letters of the word printed after them, which pdfminer splits there."""
    canvas = Canvas(str(path))
    end = 72 + stringWidth("Nettoomsättning ", "Helvetica", 10)
    canvas.addLiteral("BT /F1 10 Tf 72 700 Td (Nettooms\\344ttning ) Tj ET")  # (ä in WinAnsiEncoding)
    canvas.addLiteral(f"BT /F1 10 Tf {end:.3f} 700 Td [( ) -3000 ( ) -3000 ( )] TJ ET")
    canvas.addLiteral("BT /F1 10 Tf 300 700 Td (2024) Tj ET")
    canvas.setFont("Helvetica", 10)  # (the font the literals print in, named F1)
    canvas.showPage()
    end = 72 + stringWidth("permits ", "Helvetica", 10)
    canvas.addLiteral("BT /F1 10 Tf 72 700 Td (permits ) Tj ET")
    canvas.addLiteral(f"BT /F1 10 Tf {end:.3f} 700 Td [( ) -3000 ( )] TJ ET")
    second = end + stringWidth(" ", "Helvetica", 10) + 30
    canvas.addLiteral(f"BT /F1 10 Tf {second - 1:.3f} 700 Td (Since) Tj ET")
    canvas.setFont("Helvetica", 10)
    canvas.save()
    return path


def test_spaces_pdfiums_text_page_leaves_out_are_read_by_pdfium_where_they_end_no_word(tmp_path, monkeypatch):
    path = render_spaces_pdfium_leaves_out(tmp_path / "spaces-left-out.pdf")
    printed = [["Nettoomsättning", "2024"], ["permits", "S", "ince"]]
    for reader in ("pdfium", "pdfplumber"):
        assert [[w.text for w in page.words] for page in build_document(path, ocr=NO_OCR, reader=reader).pages] == printed
    # Page 1 PDFium reads (its left-out spaces end no word); page 2, where one ends a word, pdfplumber.
    assert page_readers(path) == {1: "pdfium", 2: "pdfplumber"}
    assert word_differences(path) == []
    # Without that rule, the word the left-out space ends would be read whole.
    monkeypatch.setattr(pdfium_geometry, "_lost_text_prints_no_word_break", lambda *args: None)
    assert page_readers(path) == {1: "pdfium", 2: "pdfium"}
    assert [w.text for w in build_document(path, ocr=NO_OCR, reader="pdfium").pages[1].words] == ["permits", "Since"]


def render_padded_cells(path: Path) -> Path:
    """Cells padded with runs of spaces to their column's width, each cell one text object, and the next
    column's figures printed over the padding by text objects of their own (as the WARN report of the realworld
    corpus prints its dates): after a cell's last letter, between two words of a cell, and with character
    spacing that moves every space of a run alike. PDFium's text page keeps the first space of each run."""
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    rows = [("Bjuv" + " " * 24, 0.0), ("Båstad" + " " * 9 + "Klippan" + " " * 12, 0.0),
            ("Höganäs" + " " * 20, -0.15)]
    for number, (cell, spacing) in enumerate(rows):
        y = 700 - 20 * number
        text = canvas.beginText(60, y)
        text.setFont("Helvetica", 10)
        text.setCharSpace(spacing)
        text.textOut(cell)
        canvas.drawText(text)
        canvas.drawString(100, y, f"0{number + 7}/01/2015")  # over the padding
    canvas.save()
    return path


def test_the_spaces_padding_a_cell_are_each_read_as_pdfplumber_reads_them(tmp_path):
    path = render_padded_cells(tmp_path / "padded.pdf")
    assert page_readers(path) == {1: "pdfium"}
    assert word_differences(path) == []
    words = [w.text for w in build_document(path, ocr=NO_OCR, reader="pdfium").pages[0].words]
    assert "07/01/2015" not in words  # split by the padding printed under it, as pdfplumber splits it


@pytest.mark.corpus
def test_a_report_of_padded_cells_is_read_as_pdfplumber_reads_it():
    path = SHARED / "realworld" / "pdfs" / "pdfplumber__tests__pdfs__WARN-Report-for-7-1-2015-to-03-25-2016.pdf"
    readers = page_readers(path)
    assert list(readers.values()).count("pdfium") >= 10
    assert word_differences(path) == []


def test_a_bullet_at_a_code_win_ansi_leaves_unused_is_a_bullet_either_way(tmp_path):
    # Some typesetters print list bullets at WinAnsi's unused code 0x81 (camelot's diesel_engines does): PDF
    # says such a code prints a bullet; PDFium gives "•", pdfminer "(cid:129)".
    path = tmp_path / "bullets.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 720, "Mål för 2024")
    for number, code in enumerate(("201", "215")):  # 0x81, and 0x95: WinAnsi's own bullet
        canvas.addLiteral(f"BT /F1 10 Tf 72 {700 - 14 * number} Td (\\{code}) Tj 10 0 Td (Kollektivtrafik) Tj ET")
    canvas.save()
    with pdfplumber.open(path) as pdf:
        assert "(cid:129)" in "".join(char["text"] for char in pdf.pages[0].chars)
    for reader in ("pdfium", "pdfplumber"):
        words = [w.text for w in build_document(path, ocr=NO_OCR, reader=reader).pages[0].words]
        assert words == ["Mål", "för", "2024", "•", "Kollektivtrafik", "•", "Kollektivtrafik"], reader
    assert page_readers(path) == {1: "pdfium"}


@pytest.mark.corpus
def test_a_report_of_bullets_at_an_unused_code_is_read_as_pdfplumber_reads_it():
    path = SHARED / "realworld" / "pdfs" / "camelot__tests__files__diesel_engines.pdf"
    with pdfplumber.open(path) as pdf:
        bulleted = {page.page_number for page in pdf.pages if any(c["text"] == "(cid:129)" for c in page.chars)}
    readers = page_readers(path)
    assert len(bulleted) >= 10 and {readers[number] for number in bulleted} == {"pdfium"}
    assert word_differences(path, bulleted) == []


def test_text_turned_by_an_angle_is_read_as_pdfplumber_reads_it(tmp_path):
    # A chart's axis title set at an angle (camelot's diesel_engines, p17): pdfminer takes such text for
    # upright, boxes each glyph as its box turned, and sizes it by that box's height.
    path = tmp_path / "turned.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 720, "Kostnader per invånare")
    for angle, x in ((35, 100), (-20, 300), (80, 480)):
        canvas.saveState()
        canvas.translate(x, 500)
        canvas.rotate(angle)
        canvas.drawString(0, 0, "Nettokostnad 2024, Mkr")
        across = 0.0
        for part in ("Verksamhetens", " ", "intäkter"):  # a space printed as a text object of its own
            canvas.drawString(across, -14, part)
            across += stringWidth(part, "Helvetica", 10)
        canvas.restoreState()
    canvas.save()
    assert page_readers(path) == {1: "pdfium"}
    assert word_differences(path) == []
    with pdfplumber.open(path) as pdf:
        assert len({round(c["size"], 2) for c in pdf.pages[0].chars if c["upright"]}) > 3  # each glyph its size


def char_differences(path: Path) -> list[str]:
    """Where the characters of a page PDFium reads differ from pdfplumber's: text, box and size to a hundredth of
    a point, in any order."""
    said = []
    with pdfplumber.open(path) as pdf:
        fast = PdfiumPages(path)
        try:
            for page in pdf.pages:
                try:
                    ours = fast.read(page.page_number, float(page.width), float(page.height), page.page_obj).chars
                except FastPathRefused:
                    continue
                key = itemgetter("text", "x0", "top")
                pairs = zip(sorted(ours, key=key), sorted(page.chars, key=key), strict=False)
                if len(ours) != len(page.chars):
                    said.append(f"p{page.page_number}: {len(ours)} characters, pdfplumber {len(page.chars)}")
                for mine, theirs in pairs:
                    if mine["text"] != theirs["text"] or any(
                            abs(mine[k] - theirs[k]) > 0.01 for k in ("x0", "x1", "top", "bottom", "size")):
                        said.append(f"p{page.page_number}: {_char(mine)} against {_char(theirs)}")
        finally:
            fast.close()
    return said


def _char(char: dict) -> str:
    return f"{char['text']!r} {[round(char[k], 2) for k in ('x0', 'x1', 'top', 'bottom', 'size')]}"


def test_text_turned_a_quarter_is_boxed_and_sized_as_pdfminer_boxes_it(tmp_path):
    # A report's page number or filing note printed up its margin: pdfminer boxes each glyph as its box (from
    # the descent up one font size, across its advance) turned, and sizes it by that box's height.
    path = tmp_path / "margin.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 720, "Förvaltningsberättelse")
    for angle, x, y in ((90, 40, 300), (-90, 560, 600)):
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        canvas.drawString(0, 0, "Årsredovisning 2024 /jw sid 7")
        canvas.restoreState()
    canvas.save()
    assert page_readers(path) == {1: "pdfium"}
    assert char_differences(path) == []
    with pdfplumber.open(path) as pdf:
        assert len({round(c["size"], 2) for c in pdf.pages[0].chars if not c["upright"]}) > 3  # each its advance


def test_two_font_dictionaries_of_one_name_are_one_font_as_pdfplumber_reads_them(tmp_path):
    # A typesetter that prints a ligature from a second dictionary of the same font (camelot's agstat): pdfminer
    # names both by their BaseFont and pdfplumber runs a word across them; PDFium holds two fonts.
    registerFont(Font("Helvetica-Ligatures", "Helvetica", "WinAnsiEncoding"))  # a second /BaseFont /Helvetica
    path = tmp_path / "two-dictionaries.pdf"
    canvas = Canvas(str(path))
    x = 72.0
    for part, font in (("Surplus/De", "Helvetica"), ("fi", "Helvetica-Ligatures"), ("cit", "Helvetica")):
        canvas.setFont(font, 11)
        canvas.drawString(x, 700, part)
        x += stringWidth(part, "Helvetica", 11)
    canvas.save()
    for reader in ("pdfium", "pdfplumber"):
        assert [w.text for w in build_document(path, ocr=NO_OCR, reader=reader).pages[0].words] == ["Surplus/Deficit"]
    assert page_readers(path) == {1: "pdfium"}


def test_a_descent_the_font_descriptor_does_not_give_is_pdfminers_0(tmp_path):
    # A descriptor with Ascent and Descent 0 (the realworld i1040nr's Symbol): pdfminer takes the descent for
    # 0, PDFium measures the glyphs. The box is pdfminer's.
    registerFont(TTFont("Vera", "Vera.ttf"))  # (shipped with ReportLab)
    path = tmp_path / "no-descent.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Vera", 11)
    canvas.drawString(72, 700, "Mål • 2024 Kyrkogårdsförvaltning")
    canvas.save()
    raw = path.read_bytes()
    for metric in (rb"/Ascent (-?[\d.]+)", rb"/Descent (-?[\d.]+)"):  # zeroed, the file's length kept
        raw = re.sub(metric, lambda found: found[0][: -len(found[1])] + b"0" * len(found[1]), raw)
    path.write_bytes(raw)
    with pdfplumber.open(path) as pdf:
        assert {round(c["bottom"] - c["top"], 6) for c in pdf.pages[0].chars} == {11.0}
        assert pdf.pages[0].chars[0]["bottom"] == pytest.approx(pdf.pages[0].height - 700)  # on the baseline
    assert page_readers(path) == {1: "pdfium"}
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        fast = PdfiumPages(path)
        ours = fast.read(1, float(page.width), float(page.height), page.page_obj).chars
        fast.close()
        # (across, the two differ by hundredths: PDFium takes the fractions of ReportLab's /Widths off)
        assert [(c["text"], round(c["top"], 2), round(c["bottom"], 2)) for c in ours] == [
            (c["text"], round(c["top"], 2), round(c["bottom"], 2)) for c in page.chars]


def test_a_space_pdfium_erases_after_one_it_made_is_read_back(tmp_path):
    # "permits Since" with the text moved on by a TJ number before its space (the realworld nics report):
    # PDFium makes a space at the gap and keeps it, not the printed one after it. Without that space the gap
    # from "s" to "S" is under pdfplumber's tolerance.
    path = tmp_path / "moved-on.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 5)
    canvas.addLiteral("BT /F1 5 Tf 72 700 Td [(permits) -200 ( Since the) -200 (  law)] TJ ET")
    canvas.save()
    for reader in ("pdfium", "pdfplumber"):
        words = [w.text for w in build_document(path, ocr=NO_OCR, reader=reader).pages[0].words]
        assert words == ["permits", "Since", "the", "law"], reader
    assert page_readers(path) == {1: "pdfium"}
    assert char_differences(path) == []


def test_a_page_that_prints_a_soft_hyphen_is_left_to_pdfplumber(tmp_path):
    # A word broken by a soft hyphen (WinAnsi's 0xAD; the realworld issue-71 maps its own to U+00AD): PDFium reads
    # it as a hyphen, at a line's end and within one; pdfminer by the encoding's table, a space. The same words
    # broken by a hyphen-minus, or a font that has a soft hyphen but does not print it, stay PDFium's.
    path = tmp_path / "hyphens.pdf"
    canvas = Canvas(str(path))
    for hyphen, within in (("\\255", "in\\255dex"), ("-", "in-dex"), ("-", "index")):
        canvas.setFont("Helvetica", 10)
        canvas.addLiteral(f"BT /F1 10 Tf 72 700 Td (Driftkostnaderna steg genom kompensa{hyphen}) Tj 0 -12 Td "
                          f"(tion for {within}) Tj ET")  # (raw operators: ASCII only)
        canvas.showPage()
    canvas.save()
    assert page_readers(path) == {1: "pdfplumber", 2: "pdfium", 3: "pdfium"}
    with pdfplumber.open(path) as pdf:
        assert [w["text"] for w in pdf.pages[0].extract_words()][3:] == ["kompensa", "tion", "for", "in", "dex"]
    assert word_differences(path) == []
    fast = build_document(path, ocr=NO_OCR, reader="pdfium").pages
    assert [w.text for w in fast[1].words][3:] == ["kompensa-", "tion", "for", "in-dex"]


def test_a_gap_of_the_tolerance_to_a_hair_is_left_to_pdfplumber(tmp_path):
    # Dot leaders spaced by character spacing to exactly pdfplumber's 3 points (the realworld i1040nr): whether a
    # word ends there is each library's rounding, 64 bits against 32.
    path = tmp_path / "leaders.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 10)
    dot = stringWidth(".", "Helvetica", 10)
    canvas.addLiteral(f"BT /F1 10 Tf 72 700 Td (Resultaträkning) Tj {stringWidth('Resultaträkning ', 'Helvetica', 10)} 0 Td "
                      f"3 Tc (..........) Tj 0 Tc 60 0 Td (7) Tj ET")
    canvas.drawString(72, 680, "Balansräkning 8")
    canvas.save()
    with pdfplumber.open(path) as pdf:
        dots = [c for c in pdf.pages[0].chars if c["text"] == "."]
    assert {round(b["x0"] - a["x1"], 6) for a, b in zip(dots, dots[1:], strict=False)} == {3.0} and dot < 3
    assert page_readers(path) == {1: "pdfplumber"}


@pytest.mark.corpus
def test_a_font_whose_widths_pdfium_asks_by_another_code_is_left_to_pdfplumber():
    # pypdf's font sampler prints Noto Serif from a subset whose codes PDFium does not map its letters back to:
    # the width it gives for " " is another glyph's (12 points against 3.1), and words would run together.
    path = SHARED / "realworld" / "pdfs" / "pypdf__resources__fontsampler.pdf"
    assert page_readers(path)[1] == "pdfplumber"
    assert word_differences(path, {1}) == []


@pytest.mark.corpus
def test_a_to_unicode_that_names_a_cmap_is_no_map_to_pdfium():
    # pdfminer's issue 625: a composite font whose ToUnicode is the name Identity-H, not a CMap. pdfminer reads
    # the codes as Unicode ("Faktura"), PDFium maps them to nothing ("(cid:70)(cid:97)...").
    path = SHARED / "realworld" / "pdfs" / "pdfminer.six__samples__contrib__issue-625-identity-cmap.pdf"
    assert set(page_readers(path).values()) == {"pdfplumber"}


def test_the_fast_path_is_the_default_and_pdfplumber_is_asked_for(monkeypatch):
    from extractors.pdf.document import default_reader

    monkeypatch.delenv("FH_PDF_READER", raising=False)
    assert default_reader() == "pdfium"
    monkeypatch.setenv("FH_PDF_READER", "PDFplumber")
    assert default_reader() == "pdfplumber"
    monkeypatch.setenv("FH_PDF_READER", "poppler")
    with pytest.raises(ValueError, match="FH_PDF_READER is 'poppler'"):
        default_reader()
    monkeypatch.setenv("FH_PDF_READER", "")
    assert default_reader() == "pdfium"


def test_a_reading_by_the_fast_path_is_not_taken_for_one_by_pdfplumber(monkeypatch):
    from pipelines.reading import fingerprint

    fingerprints = {}
    for reader in ("pdfplumber", "pdfium"):
        monkeypatch.setenv("FH_PDF_READER", reader)
        fingerprint._document_fingerprint.cache_clear()
        fingerprints[reader] = fingerprint.document_fingerprint()
    fingerprint._document_fingerprint.cache_clear()
    assert fingerprints["pdfplumber"] != fingerprints["pdfium"]

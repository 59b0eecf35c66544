"""Search over every page of every report: Swedish stems, ranked, garbled and OCR-read pages included, from SQL
(`search(query)`) and from a command."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

import warehouse
from extractors import build_document
from extractors.records.search_terms import glyph_letters, known_words, query_stems, repaired_text
from tests.conftest import PROJECT_ROOT, load_sample
from tests.render import Column, render_columns

REALWORLD_SV = PROJECT_ROOT.parent / "shared" / "realworld-sv"


def test_a_word_is_searched_in_all_its_forms_and_without_its_diacritics():
    assert query_stems("Kollektivtrafiken kollektivtrafik") == ["kollektivtrafik"]
    assert query_stems("balansräkningen") == query_stems("BALANSRAKNING") == ["balansrakning"]


def test_a_garbled_layers_glyphs_are_read_as_the_letters_its_own_labels_show():
    """A font that prints ä as '"' and ö as '!' (with spaces around): the labels read back from the charts say so,
    and the page's words are repaired to words the report or the vocabulary know."""
    pairs = [('R ! relseint " kter', "Rörelseintäkter"), ('Summa r ! relsekostnader', "Summa rörelsekostnader"),
             ('Fastighetssk ! tsel', "Fastighetsskötsel"), ('Int " kter', "Intäkter"), ("Tillg ! ngar", "Tillgångar")]
    letters = glyph_letters(pairs)
    assert letters['"'][0] == "ä" and letters["!"][0] == "ö"
    text = 'Balansr " kning\nS ! k i underh ! llsplanen! Det var bra.'
    repaired = repaired_text(text, letters, known_words(["Balansräkning", "Underhållsplanen"]))
    assert repaired.startswith("Balansräkning\nSök i underhållsplanen")  # '!' is ö or å: the word the report knows
    assert repaired.endswith("bra.") and "!" in repaired  # a sentence's own exclamation mark stays
    assert repaired_text("Inget förvrängt här.", letters) is None


@pytest.fixture(scope="module")
def pages_warehouse(tmp_path_factory):
    out = tmp_path_factory.mktemp("search")
    first = render_columns(out / "trafik-2023.pdf", "Verksamhetsberättelse 2023", [Column([
        ("h", "Kollektivtrafiken"), ("p", "Kollektivtrafiken i regionen växte under året."),
        ("p", "Kollektivtrafik och cykel är samarbetets mål."), ("p", "Kollektivtrafik till alla kommuner.")])])
    second = render_columns(out / "kultur-2023.pdf", "Verksamhetsberättelse 2023", [Column([
        ("h", "Kultur"), ("p", "Biblioteken samarbetar om kollektivtrafikens tidtabeller."), ("p", "Inget mer.")])])
    third = render_columns(out / "ovrigt-2023.pdf", "Verksamhetsberättelse 2023", [Column([
        ("h", "Ekonomi"), ("p", "Budgeten hölls.")])])
    path = out / "w.duckdb"
    connection = warehouse.connect(path)
    for pdf in (first, second, third):
        load_sample(connection, pdf.name, build_document(pdf))
    connection.close()
    return path


def test_search_ranks_the_pages_that_print_a_word_in_any_form_and_shows_where(pages_warehouse):
    connection = duckdb.connect(str(pages_warehouse), read_only=True)
    found = connection.execute("select report_id, page_number, snippet from search('kollektivtrafik')").fetchall()
    assert [(r, p) for r, p, _ in found] == [("trafik-2023", 1), ("kultur-2023", 1)]  # three mentions before one
    assert "Kollektivtrafiken" in found[0][2] and "kollektivtrafikens" in found[1][2]
    both = connection.execute("select report_id from search('kultur kollektivtrafik')").fetchall()
    assert both[0] == ("kultur-2023",)  # the page that prints both words comes first
    assert connection.execute("select * from search('tunnelbana')").fetchall() == []
    connection.close()


def test_the_search_command_answers_with_report_page_and_snippet(pages_warehouse):
    done = subprocess.run([sys.executable, "-m", "warehouse.search", "Kollektivtrafikens", "--warehouse",
                           str(pages_warehouse)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("trafik-2023  page 1") and "Kollektivtrafiken" in lines[1]
    assert lines[2].startswith("kultur-2023  page 1")


@pytest.mark.corpus
@pytest.mark.ocr
def test_balansräkning_is_found_on_the_balance_sheet_page_of_every_real_report_that_prints_the_word(tmp_path):
    """The real cooperatives' reports, two with a garbled text layer ("Balansr " kning") and one scan OCR reads
    as "BALANSRAKNING": the page of each balance sheet that prints the word is found."""
    connection = warehouse.connect(tmp_path / "w.duckdb")
    for pdf in sorted((REALWORLD_SV / "pdfs").glob("*.pdf")):
        if "skannad" in pdf.name and pdf.name != "brf-stappan-leksand-skannad.pdf":
            continue
        load_sample(connection, pdf.name, build_document(pdf, pages=[5] if "skannad" in pdf.name else None))
    pages = connection.execute("""
        select f.report_id, min(f.page) from financial_facts as f where f.statement = 'balansrakning' group by 1""").fetchall()
    found = {(r, p) for r, p, *_ in connection.execute("select * from search('balansräkning')").fetchall()}
    printing = []
    for report_id, page in pages:
        text = connection.execute("select text from pages where report_id = ? and page_number = ?", [report_id, page]).fetchone()[0]
        if "balansr" in text.lower().replace(" ", ""):  # the word as the page prints it, garbled or not
            printing.append((report_id, page))
    connection.close()
    assert len(printing) >= 14 and {"brf-52576", "brf-torskumlet-5", "brf-stappan-leksand-skannad"} <= {r for r, _ in printing}
    assert [key for key in printing if key not in found] == []

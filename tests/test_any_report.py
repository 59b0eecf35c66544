"""Every statement of every entity: groups beside their parent company, municipalities beside their municipal
group, budget columns, interim reports' quarters, amounts in the US way and with öre, statements printed as
pictures. Each layout is rendered by the tests themselves (`tests/render.py: render_statements`); the larger
reports of `../shared/any-report/` are held against their hand-checked gold."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from extractors import build_document
from extractors.records.statements import extract_statements
from tests import statement_gold
from tests.conftest import PROJECT_ROOT
from tests.render import PrintedStatement, render_statements

ANY_REPORT = PROJECT_ROOT.parent / "shared" / "any-report"
REALWORLD_SV = PROJECT_ROOT.parent / "shared" / "realworld-sv"


def read(path: Path):
    return extract_statements(build_document(path), path.stem, None)


def facts_by(extraction, *fields) -> Counter:
    return Counter(tuple(getattr(f, name) for name in fields) for f in extraction.facts)


# --- an entity band over the columns: a municipality beside its municipal group -------------------------------

BAND = PrintedStatement(
    heading="Resultaträkning",
    unit_line="Belopp i mnkr",
    bands=(("KOMMUNEN", 0, 2), ("KONCERNEN", 3, 5)),
    columns=(("Not",), ("2024",), ("2023",), ("Not",), ("2024",), ("2023",)),
    note_columns=frozenset({0, 3}),
    rows=(
        ("Verksamhetens intäkter", ("1", "1 006,9", "984,6", "1", "1 512,0", "1 498,3")),
        ("Verksamhetens kostnader", ("2", "– 3 107,7", "– 3 055,3", "2", "– 3 215,2", "– 3 122,3")),
        ("Avskrivningar", ("3", "– 89,0", "– 84,4", "", "– 270,5", "– 239,2")),
        ("Verksamhetens nettokostnader", ("", "– 2 189,8", "– 2 155,1", "", "– 1 973,7", "– 1 863,2")),
        ("Skatteintäkter", ("4", "2 069,9", "1 955,3", "", "2 069,9", "1 955,3")),
        ("Finansiella kostnader", ("", "– 37,6", "-", "5", "– 46,9", "– 50,1")),
        ("ÅRETS RESULTAT", ("", "– 157,5", "– 199,8", "", "49,3", "42,0")),
    ),
)


def expected(statement: PrintedStatement, entities: dict[int, str | None], years: dict[int, int], factor: int,
             kinds: dict[int, str] | None = None, skip: frozenset[int] = frozenset()) -> Counter:
    """The facts a statement's rows should give: (label, entity, kind, year, amount in SEK) per amount column."""
    want = Counter()
    for label, cells in statement.rows:
        for index, cell in enumerate(cells):
            if index in statement.note_columns or index in skip or not cell:
                continue
            text = cell.replace(" ", "").replace("–", "-").replace("(", "-").replace(")", "")
            value = Decimal(0) if text == "-" else Decimal(text.replace(",", "") if "." in text else text.replace(",", "."))
            amount = int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            want[(label, entities[index], (kinds or {}).get(index, "actual"), years[index], amount)] += 1
    return want


def test_an_entity_band_names_the_kommun_and_the_kommunkoncern_with_a_not_column_each(tmp_path):
    extraction = read(render_statements(tmp_path / "band.pdf", [BAND], front=["Årsredovisning 2024", "Exempels kommun"]))
    got = facts_by(extraction, "label", "entity", "kind", "fiscal_year", "amount_sek")
    entities = {1: "kommun", 2: "kommun", 4: "kommunkoncern", 5: "kommunkoncern"}
    assert got == expected(BAND, entities, {1: 2024, 2: 2023, 4: 2024, 5: 2023}, 1_000_000)
    notes = {(f.label, f.entity, f.fiscal_year): f.note for f in extraction.facts}
    assert notes[("Avskrivningar", "kommun", 2024)] == "3" and notes[("Avskrivningar", "kommunkoncern", 2024)] is None
    assert notes[("Finansiella kostnader", "kommun", 2024)] is None
    assert notes[("Finansiella kostnader", "kommunkoncern", 2024)] == "5"
    # mnkr with one decimal: exact to 100 000 kr, the text as printed
    result = next(f for f in extraction.facts if f.label == "ÅRETS RESULTAT" and f.entity == "kommun" and f.fiscal_year == 2024)
    assert (result.unit, result.precision, result.amount_text, result.line_item) == ("mnkr", 100_000, "– 157,5",
                                                                                      "k_rr_arets_resultat")


# --- headings that name the entity: a group and its parent company, in tkr, with earnings per share ----------

GROUP = PrintedStatement(
    heading="Koncernens resultaträkning",
    unit_line="TSEK",
    columns=(("Not",), ("2024-12-31",), ("2023-12-31",)),
    note_columns=frozenset({0}),
    rows=(
        ("Nettoomsättning", ("4", "687 523", "705 197")),
        ("Övriga externa kostnader", ("", "(139 710)", "(46 000)")),
        ("Rörelseresultat", ("", "547 813", "659 197")),
        ("Skatt", ("14", "(4 601)", "12 022")),
        ("Årets resultat", ("", "543 212", "671 219")),
        ("Resultat per aktie före och efter utspädning", ("30", "-2,74", "0,67")),
    ),
)
PARENT = PrintedStatement(
    heading="Moderbolagets resultaträkning",
    unit_line="TSEK",
    columns=(("Not",), ("2024-12-31",), ("2023-12-31",), ("2022-12-31",)),
    note_columns=frozenset({0}),
    rows=(
        ("Nettoomsättning", ("", "25 200", "25 373", "20 513")),
        ("Övriga externa kostnader", ("3", "-64 078", "-21 006", "-19 270")),
        ("Rörelseresultat", ("", "-38 878", "4 367", "1 243")),
        ("Årets resultat", ("", "-38 878", "4 367", "1 243")),
    ),
)


def test_headings_name_the_group_and_the_parent_company_and_earnings_per_share_stay_in_kronor(tmp_path):
    extraction = read(render_statements(tmp_path / "group.pdf", [GROUP, PARENT], front=["Årsredovisning 2024"]))
    got = facts_by(extraction, "label", "entity", "kind", "fiscal_year", "amount_sek")
    want = expected(GROUP, {1: "koncern", 2: "koncern"}, {1: 2024, 2: 2023}, 1000)
    want += expected(PARENT, {1: "moderbolag", 2: "moderbolag", 3: "moderbolag"}, {1: 2024, 2: 2023, 3: 2022}, 1000)
    eps = "Resultat per aktie före och efter utspädning"
    for year, printed_kr in ((2024, -3), (2023, 1)):  # kronor per share, rounded: never scaled by the tkr
        scaled = next(key for key in want if key[0] == eps and key[3] == year)
        want[scaled] -= 1
        want[(eps, "koncern", "actual", year, printed_kr)] += 1
    assert got == +want
    per_share = [f for f in extraction.facts if f.label == eps]
    assert {(f.unit, f.amount_text) for f in per_share} == {("kr", "-2,74"), ("kr", "0,67")}
    # each entity's statement is matched to its own chart: the group's lines and the parent's both coded
    assert all(f.line_item for f in extraction.facts if f.label in ("Nettoomsättning", "Årets resultat"))


# --- a budget column and a deviation beside the outcomes -------------------------------------------------------

BUDGET = PrintedStatement(
    heading="Resultaträkning",
    unit_line="Belopp i mnkr",
    columns=(("Not",), ("Utfall", "2024"), ("Budget", "2024"), ("Utfall", "2023"), ("Avvikelse", "2024")),
    note_columns=frozenset({0}),
    rows=(
        ("Verksamhetens intäkter", ("3", "699,1", "650,0", "703,3", "49,1")),
        ("Verksamhetens kostnader", ("4", "-2 911,8", "-3 107,7", "-3 055,3", "195,9")),
        ("Skatteintäkter", ("7", "2 069,9", "1 997,9", "1 955,3", "72,0")),
        ("Årets resultat", ("", "-142,8", "-459,8", "-396,7", "317,0")),
    ),
)


def test_a_budget_column_is_a_budget_and_a_deviation_is_never_loaded(tmp_path):
    extraction = read(render_statements(tmp_path / "budget.pdf", [BUDGET], front=["Exempels kommun", "Årsredovisning 2024"]))
    got = facts_by(extraction, "label", "entity", "kind", "fiscal_year", "amount_sek")
    assert got == expected(BUDGET, {1: None, 2: None, 3: None}, {1: 2024, 2: 2024, 3: 2023}, 1_000_000,
                           kinds={2: "budget"}, skip=frozenset({4}))
    periods = {(f.kind, f.period) for f in extraction.facts}
    assert periods == {("actual", "Utfall 2024"), ("budget", "Budget 2024"), ("actual", "Utfall 2023")}


# --- an interim report: the quarter and the year to date, each its own period ---------------------------------

QUARTERS = PrintedStatement(
    heading="Koncernens resultaträkning i sammandrag",
    unit_line="Belopp i tkr",
    columns=(("Okt–dec 2024",), ("Okt–dec 2023",), ("Jan–dec 2024",), ("Jan–dec 2023",)),
    rows=(
        ("Nettoomsättning", ("180 112", "171 004", "687 523", "705 197")),
        ("Rörelseresultat", ("-12 004", "9 876", "-112 765", "49 662")),
        ("Periodens resultat", ("-15 330", "6 201", "-124 791", "29 385")),
    ),
)


def test_an_interim_reports_quarter_and_year_to_date_keep_their_periods_and_never_collide(tmp_path):
    extraction = read(render_statements(tmp_path / "interim.pdf", [QUARTERS], front=["Bokslutskommuniké 2024"],
                                        first_right=300.0, column_width=70.0))
    got = facts_by(extraction, "label", "period", "fiscal_year", "amount_sek")
    want = Counter()
    for label, cells in QUARTERS.rows:
        for (header,), cell in zip(QUARTERS.columns, cells, strict=True):
            want[(label, header, int(header[-4:]), int(cell.replace(" ", "")) * 1000)] += 1
    assert got == want
    keys = Counter((f.label, f.entity, f.kind, f.fiscal_year, f.period) for f in extraction.facts)
    assert max(keys.values()) == 1  # the quarter and the year to date of one year are two facts, told apart
    assert {f.entity for f in extraction.facts} == {"koncern"}


# --- an association's accounts in kronor and öre, printed the US way ------------------------------------------

US = PrintedStatement(
    heading="BALANSRÄKNING",
    columns=(("Noter",), ("2025-12-31",), ("2024-12-31",)),
    note_columns=frozenset({0}),
    rows=(
        ("TILLGÅNGAR", ("", "", "")),
        ("Inventarier, verktyg och installationer", ("4", "16,100.10", "28,863.45")),
        ("Kalmar Nations placeringar", ("5", "451,336.33", "401,457.00")),
        ("Leverantörsskulder", ("", "83,622.50", "(1,234.49)")),
        ("Lager av Fatcider", ("", "0.00", "0.00")),
        ("Summa tillgångar", ("", "10,266,141.81", "9,078,122.60")),
    ),
)


def test_amounts_printed_the_us_way_with_öre_are_whole_kronor_rounded_half_up_and_exact_as_printed(tmp_path):
    extraction = read(render_statements(tmp_path / "us.pdf", [US], front=["Årsbokslut 2025", "Exempel nation"]))
    got = facts_by(extraction, "label", "entity", "kind", "fiscal_year", "amount_sek")
    assert got == expected(US, {1: None, 2: None}, {1: 2025, 2: 2024}, 1)
    supplier = {f.fiscal_year: f for f in extraction.facts if f.label == "Leverantörsskulder"}
    assert (supplier[2025].amount_sek, supplier[2025].amount_text) == (83_623, "83,622.50")  # .50 rounds up
    assert (supplier[2024].amount_sek, supplier[2024].amount_text) == (-1_234, "(1,234.49)")
    assert {f.precision for f in extraction.facts} == {1}


def test_a_label_wrapped_onto_a_capital_is_joined_where_the_charts_know_the_whole(tmp_path):
    wrapped = PrintedStatement(
        heading="RESULTATRÄKNING",
        columns=(("Noter",), ("2025-12-31",), ("2024-12-31",)),
        note_columns=frozenset({0}),
        rows=(
            ("FINANSIELLA POSTER", ("", "", "")),
            ("Resultat från övriga finansiella", ("", "", "")),
            ("Anläggningstillgångar", ("3", "798,561.90", "842,883.17")),
            ("Räntekostnader och liknande resultatposter", ("", "-195,193.00", "-284,054.79")),
            ("Årets resultat", ("", "603,368.90", "558,828.38")),
        ),
    )
    facts = read(render_statements(tmp_path / "wrapped.pdf", [wrapped])).facts
    joined = [f for f in facts if f.label == "Resultat från övriga finansiella Anläggningstillgångar"]
    assert [(f.fiscal_year, f.amount_sek, f.section, f.note) for f in joined] == [
        (2025, 798_562, "FINANSIELLA POSTER", "3"), (2024, 842_883, "FINANSIELLA POSTER", "3")]
    assert all(f.line_item == "rr_resultat_ovriga_vardepapper" for f in joined)


def test_zero_width_characters_in_a_text_layer_are_no_part_of_any_word(tmp_path):
    """Some tools fill a row's tab stops with zero-width spaces: put them into a rendered page's text layer, between
    a label and its amount and inside a label, and no word holds one, the amount and label read as printed."""
    import pdfplumber

    from extractors.pdf.geometry import read_words

    path = render_statements(tmp_path / "plain.pdf", [US])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[1]
        chars = page.chars
        filled = []
        for char in chars:
            filled.append(char)
            if char["text"] in ("r", "4"):  # after each r of a label and each Not column's 4
                filled.append({**char, "text": "\u200b", "x0": char["x1"], "x1": char["x1"]})
        chars[:] = filled
        words = [w.text for w in read_words(page)]
    assert words and not any("\u200b" in w for w in words)
    assert {"Inventarier,", "verktyg", "installationer", "4", "16,100.10", "Leverantörsskulder"} <= set(words)


# --- a statement printed as a picture on a page whose heading is text -----------------------------------------

@pytest.mark.ocr
def test_a_statement_printed_as_a_picture_is_read_by_ocr_into_the_same_rows(tmp_path):
    pictured = read(render_statements(tmp_path / "picture.pdf", [GROUP], front=["Årsredovisning 2024"], as_picture=True,
                                      picture_dpi=220))
    printed = read(render_statements(tmp_path / "text.pdf", [GROUP], front=["Årsredovisning 2024"]))
    fields = ("label", "entity", "fiscal_year", "amount_sek")
    want, got = facts_by(printed, *fields), facts_by(pictured, *fields)
    found = sum((want & got).values())
    assert found >= 0.9 * sum(want.values()), f"{found} of {sum(want.values())}: {sorted((want - got).elements())}"
    assert all(f.ocr_confidence is not None for f in pictured.facts)  # marked as read by OCR
    assert {f.entity for f in pictured.facts} == {"koncern"}


def test_a_photograph_on_a_page_with_text_is_not_read_by_ocr(tmp_path):
    """A picture that is not print (a photograph's greys) costs no OCR, and the page's text is read as ever."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    gradient = Image.linear_gradient("L").resize((400, 300))
    path = tmp_path / "photo.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(60, 780, "Vd har ordet")
    canvas.drawImage(ImageReader(gradient.convert("RGB")), 60, 400, 400, 300)
    canvas.showPage()
    canvas.save()
    document = build_document(path)
    assert [p.reading_note for p in document.pages] == [None]
    assert "Vd har ordet" in document.pages[0].text


# --- the larger reports of ../shared/any-report against their gold -------------------------------------------

@pytest.mark.corpus
def test_the_larger_reports_match_their_gold_by_entity_and_kind():
    """At least 95% of the gold rows found with the same file, statement, entity, kind, fiscal year, amount and
    label; no budget read as an outcome; at most 2% of the facts on the gold's pages beyond it."""
    with open(ANY_REPORT / "gold" / "statements.csv", encoding="utf-8") as handle:
        gold = list(csv.DictReader(handle))
    found = beyond = on_pages = 0
    budgets_as_actuals = []
    for name in sorted({row["file"] for row in gold}):
        rows = [row for row in gold if row["file"] == name]
        facts = read(ANY_REPORT / "pdfs" / name).facts
        found += statement_gold.found(rows, facts)
        outside, mine = statement_gold.beyond(rows, facts)
        beyond, on_pages = beyond + outside, on_pages + mine
        # every column's period as the page prints it ("2025-01-01 - 2025-12-31" over two lines, "Budget 2021")
        periods = {(r["statement"], r["entity"] or None, r["kind"], int(r["fiscal_year"]), r["period"]) for r in rows}
        assert periods <= {(f.statement, f.entity, f.kind, f.fiscal_year, f.period) for f in facts}, name
        keys = {statement_gold.gold_key(row) for row in rows}
        budgets_as_actuals += [f for f in facts if f.kind == "actual" and statement_gold.fact_key(f) not in keys
                               and (f.statement, f.entity or "", "budget", f.fiscal_year, f.amount_sek) in keys]
    assert found / len(gold) >= 0.95, f"{found} of {len(gold)} gold rows"
    assert budgets_as_actuals == []
    assert beyond / on_pages <= 0.02, f"{beyond} of {on_pages} facts beyond the gold"

"""Money and counts stated in prose: value, precision, metric and fiscal year, never a non-amount."""

from __future__ import annotations

import re
from decimal import Decimal

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import build_document
from extractors.records.key_figures import classify_money, extract_key_figures, fiscal_year
from extractors.records.prose_money import find_money, parse_count
from extractors.records.report_metadata import report_year
from schemas.reports import report_id_for
from tests.conftest import SAMPLE_REPORTS, gold_rows, sample_document
from tests.render import Column, render_columns, render_pages

UNITS = {  # printed unit -> SEK per unit
    "kr": 1, "kronor": 1, "SEK": 1, "tkr": 1000, "Mkr": 10**6, "mnkr": 10**6,
    "miljoner kronor": 10**6, "miljarder kronor": 10**9,
}
SEPARATORS = [" ", "\u00a0", ""]
QUALIFIERS = [None, "ca", "cirka", "drygt", "knappt", "närmare", "ungefär", "över"]


def figures(file_name: str):
    document = sample_document(file_name)
    return extract_key_figures(document, report_id_for(file_name), report_year(document))


def test_every_gold_key_figure_is_found():
    missing = []
    for gold in gold_rows("key_figures.csv"):
        found = [
            f
            for f in figures(gold["report_file"])
            if f.metric == gold["metric"]
            and f.amount == int(gold["amount_sek"])
            and f.precision == int(gold["precision"])
            and f.fiscal_year == int(gold["fiscal_year"])
            and gold["quote"] in f.quote
        ]
        if len(found) != 1:
            missing.append((gold["report_file"], gold["metric"], gold["amount_sek"], len(found)))
    assert missing == []


def test_every_money_figure_of_the_samples_is_in_the_gold_file():
    gold = {(g["report_file"], g["metric"], int(g["amount_sek"])) for g in gold_rows("key_figures.csv")}
    money = {(name, f.metric, f.amount) for name in SAMPLE_REPORTS for f in figures(name) if f.unit.startswith("SEK")}
    assert money == gold


def test_the_amount_broken_over_two_lines_is_whole_and_placed_on_its_words():
    figure = next(f for f in figures("familjen-helsingborg-arsredovisning-2024.pdf") if f.metric == "ackumulerat_overskott")
    assert (figure.amount, figure.precision, figure.quote) == (7530250, 1, "Det ackumulerade överskottet är 7 530 250 kr")
    page = sample_document("familjen-helsingborg-arsredovisning-2024.pdf").page(figure.page)
    inside = [w.text for w in page.words if figure.x0 - 0.5 <= w.bbox.x0 and w.bbox.x1 <= figure.x1 + 0.5
              and figure.top - 0.5 <= w.bbox.top and w.bbox.bottom <= figure.bottom + 0.5]
    assert {"7", "530", "250", "kr."} <= set(inside)


def test_counts_analysts_follow():
    counts = {(f.metric, f.fiscal_year, f.amount, f.precision) for f in figures("familjen-helsingborg-arsredovisning-2024.pdf") if f.unit == "antal"}
    assert ("antal_moten", 2024, 6, 1) in counts
    assert ("antal_natverk", 2024, 40, 10) in counts  # "ett 40-tal kunskapsnätverk"
    # The trainee group's number says which group, not how many: an ordinal, never summed as a count.
    ordinals = {(f.metric, f.fiscal_year, f.amount) for f in figures("familjen-helsingborg-arsredovisning-2024.pdf") if f.unit == "nummer"}
    assert ("traineegrupp_nummer", 2024, 19) in ordinals and {metric for metric, _, _ in ordinals} == {"traineegrupp_nummer"}
    assert not any(metric == "traineegrupp_nummer" for metric, *_ in counts)
    assert ("antal_traineer", 2024, 10, 1) in counts
    assert ("antal_chefer_mentorskap", 2024, 46, 1) in counts
    meetings_2022 = {f.amount for f in figures("familjen-helsingborg-arsredovisning-2022.pdf") if f.metric == "antal_moten"}
    assert meetings_2022 == {5}  # the board's; the network of directors' nine meetings are not the board's


@given(
    value=st.integers(min_value=0, max_value=10**12),
    unit=st.sampled_from(list(UNITS)),
    decimals=st.integers(min_value=0, max_value=2),
    separator=st.sampled_from(SEPARATORS),
    qualifier=st.sampled_from(QUALIFIERS),
)
def test_any_amount_in_any_supported_form_parses(value, unit, decimals, separator, qualifier):
    if UNITS[unit] == 1:
        decimals = 0  # whole kronor
    whole, fraction = divmod(value, 10**decimals)
    printed = f"{whole:,}".replace(",", separator) + (f",{fraction:0{decimals}d}" if decimals else "")
    text = f"Kostnaden uppgick till {qualifier + ' ' if qualifier else ''}{printed} {unit} under året."
    [money] = find_money(text)
    expected = Decimal(value) / Decimal(10**decimals) * UNITS[unit]
    assert money.value == int(expected)
    assert money.precision == max(1, UNITS[unit] // 10**decimals)
    assert money.qualifier == qualifier


@pytest.mark.parametrize(
    "sentence",
    [
        "Utvecklingsplanen gäller för perioden 2024–2027.",
        "Det var den 16:e gången.",
        "Under ca 25% av sin anställning fick de utbildning.",
        "Telefon: 042-10 50 54",
        "Den 3 juni 2022 genomfördes Familjedagen.",
        "Sida 11",
        "De 11 kommunerna har 350 000 invånare.",
        "Tillsammans vandrade de 10 000 mil.",
        "Befolkningen ökade med 2 miljoner personer.",
    ],
)
def test_a_number_that_is_not_money_is_never_taken_for_money(sentence):
    assert find_money(sentence) == []


@pytest.mark.parametrize(
    "clause, metric",
    [
        ("grundfinansieringen sker genom medlemsavgifter som uppgår till 21 kr per invånare", "medlemsavgift_per_invanare"),
        ("årsbudgeten uppgick 2022 till 8,7 mkr", "arsbudget"),
        ("ingående balans redovisade ett överfört överskott från tidigare år på 7,1 mkr", "ingaende_balans"),
        ("årets resultat 2022 uppgick till 2,3 mkr", "arets_resultat"),
        ("resultatet för 2024 uppgick till 1 121 401 kr", "arets_resultat"),
        ("av ackumulerade medel att förfoga över användes 2,3 mkr", "anvant_fran_overskott"),
        ("från tidigare års överskott användes 1 981 450 kr", "anvant_fran_overskott"),
        ("det ackumulerade överskottet är 7 mkr", "ackumulerat_overskott"),
        ("varje år avsätter familjen helsingborg tillsammans drygt 4,5 miljoner kronor för att utveckla vår verksamhet", "test_och_utvecklingsprojekt_avsatt"),
        ("*under 2024 har test- och utvecklingsprojekt beviljats till en summa om 3 461 091 sek", "test_och_utvecklingsprojekt_beviljat"),
        ("under året har 120 000 sek återbetalats från projekt med startbeslut från 2023 eller tidigare", "test_och_utvecklingsprojekt_aterbetalat"),
        ("därutöver har 350 000 sek att faktureras under 2024 för projekt med startbeslut 2023", "test_och_utvecklingsprojekt_att_fakturera"),
        ("köpt plats i en bilaga till svenska dagbladet, kostnad ca 500 tkr", "other"),
        ("familjen helsingborg gör affärer för ungefär 10 miljarder kronor per år", "other"),
    ],
)
def test_each_sample_sentence_is_classified(clause, metric):
    assert classify_money(clause) == metric


@pytest.mark.parametrize(
    "clause, year",
    [
        ("årsbudgeten uppgick 2022 till 8,7 mkr", 2022),
        ("därutöver har 350 000 sek att faktureras under 2024 för projekt med startbeslut 2023", 2024),
        ("under året har 120 000 sek återbetalats från projekt med startbeslut från 2023 eller tidigare", 2030),
        ("utvecklingsplanen för 2024–2027 kostar 5 mkr", 2030),
    ],
)
def test_the_fiscal_year_is_the_one_the_clause_names_else_the_reports(clause, year):
    assert fiscal_year(clause, 2030) == year


@pytest.mark.parametrize("text, expected", [("6", (6, 1)), ("sex", (6, 1)), ("40-tal", (40, 10)), ("tio", (10, 1)), ("många", None)])
def test_counts_in_words_and_digits(text, expected):
    assert parse_count(text) == expected


def test_an_amount_split_over_two_lines_in_a_rendered_page(tmp_path):
    pdf = render_pages(
        tmp_path / "split.pdf",
        [[("p", "Årsbudgeten för 2025 uppgick till 11 250"), ("p", "000 kr. Det ackumulerade överskottet är drygt"), ("p", "6,4 Mkr.")]],
    )
    document = build_document(pdf)
    found = {(f.metric, f.fiscal_year, f.amount, f.precision, f.qualifier) for f in extract_key_figures(document, "x", 2025)}
    assert found == {("arsbudget", 2025, 11250000, 1, None), ("ackumulerat_overskott", 2025, 6400000, 100000, "drygt")}


def test_an_amount_split_across_two_columns(tmp_path):
    left = Column([("p", "Samarbetet finansieras av kommunerna."), ("p", "Årsbudgeten uppgick 2023 till")])
    right = Column([("p", "9,8 Mkr enligt beslut i kommittén."), ("p", "")])
    pdf = render_columns(tmp_path / "columns.pdf", "Finansiering", [left, right])
    document = build_document(pdf)
    found = [(f.metric, f.fiscal_year, f.amount, f.precision) for f in extract_key_figures(document, "x", 2023)]
    assert found == [("arsbudget", 2023, 9800000, 100000)]


@pytest.mark.parametrize("file_name", SAMPLE_REPORTS)
def test_every_figure_points_at_its_own_printed_words(file_name):
    import pdfplumber

    from tests.conftest import RAW_REPORTS

    found = figures(file_name)
    assert found  # every sample states a figure or a count in its prose
    with pdfplumber.open(RAW_REPORTS / file_name) as pdf:
        for figure in found:
            page = pdf.pages[figure.page - 1]
            text = " ".join(page.crop((figure.x0 - 0.5, figure.top - 0.5, figure.x1 + 0.5, figure.bottom + 0.5)).extract_text().split())
            if figure.unit in ("antal", "nummer"):
                assert parse_count(text) == (figure.amount, figure.precision), (figure, text)
            else:
                assert figure.amount in {m.value for m in find_money(text)}, (figure, text)


def prose_figures(tmp_path, sentences: list[str], year: int = 2024):
    """The key figures and findings of a rendered page whose lines are these sentences."""
    pdf = render_pages(tmp_path / "prosa.pdf", [[("p", sentence) for sentence in sentences]])
    return extract_key_figures(build_document(pdf), "x", year)


@pytest.mark.parametrize("sentence, amount", [
    ("Årets resultat är en förlust på 12 345 kr.", -12345),
    ("Årets resultat blev ett underskott om 250 000 kr.", -250000),
    ("Årets resultat har minskat med 1,2 Mkr jämfört med budget.", -1200000),
    ("Årets resultat uppgick till 98 000 kr.", 98000),  # no loss said: as printed
    ("Årets resultat blev ett överskott på 40 000 kr.", 40000),
    ("Föreningen har gjort en förlust vid försäljning av inventarier på 5 000 kr.", 5000),  # not a signed metric
])
def test_a_loss_deficit_or_reduction_makes_a_signed_figure_negative(tmp_path, sentence, amount):
    found = prose_figures(tmp_path, [sentence])
    assert [f.amount for f in found] == [amount], sentence


@pytest.mark.parametrize("sentence, expected", [
    ("Årets resultat blev 10 000 000 kr (10 500 000 kr, 2022).", [(2024, 10000000), (2022, 10500000)]),
    ("Årets resultat uppgick till 14 000 kr (12 287 kr 2022).", [(2024, 14000), (2022, 12287)]),
    ("Årets resultat uppgick till 14 000 kr (fg år 12 287 kr).", [(2024, 14000), (2023, 12287)]),
    ("Årets resultat uppgick till 14 000 kr (föregående år 9 000 kr).", [(2024, 14000), (2023, 9000)]),
])
def test_a_bracketed_comparison_gets_its_own_year_and_the_metric_it_compares_with(tmp_path, sentence, expected):
    found = prose_figures(tmp_path, [sentence])
    assert [(f.fiscal_year, f.amount) for f in found] == expected, sentence
    assert {f.metric for f in found} == {"arets_resultat"}


@pytest.mark.parametrize("sentence", [
    "Lånen uppgick till 10 000 000 kr (10 500 000 kr).",
    "Föreningens kassa var 120 000 kr (80 000 kr).",
    "Årets resultat blev 2 400 000 kr (2 100 000 kr) enligt förslaget.",
])
def test_a_bracketed_amount_naming_no_year_is_left_out_with_a_finding_never_the_reports_year(tmp_path, sentence):
    found = prose_figures(tmp_path, [sentence])
    assert len(found.figures) == 1 and found.figures[0].fiscal_year == 2024
    assert len(found.findings) == 1 and "names no year" in found.findings[0].message and found.findings[0].page == 1


@pytest.mark.parametrize("sentence", [
    "Förlängning av lånet från Nordea (3,8 miljoner kronor) har skett.",
    "Kostnader för el (totalt 1 026 900 kr) tas ut via årsavgiften.",
    "Projektmedel från Region Skåne (350 tkr) har möjliggjort arbetet.",
])
def test_an_amount_in_brackets_of_its_own_is_read_as_any_other(tmp_path, sentence):
    found = prose_figures(tmp_path, [sentence])
    assert len(found.figures) == 1 and found.figures[0].fiscal_year == 2024 and not found.findings


@pytest.mark.parametrize("sentences, loss", [
    (["Nämnden redovisar ett överskott mot budget med 1,07 mnkr.", "Verksamheten redovisar ett överskott mot budget om 1 070 mnkr."], False),
    (["Årets resultat uppgick till 2,3 Mkr.", "Årets resultat blev 2 300 Mkr enligt bokslutet."], False),
    (["Nämnden visar ett underskott mot budget på 0,4 mnkr.", "Budgetavvikelsen är ett underskott på 400 mnkr."], True),
])
def test_a_figure_a_thousand_times_another_of_the_same_thing_gets_a_finding_with_both(tmp_path, sentences, loss):
    found = prose_figures(tmp_path, sentences)
    [finding] = found.findings
    amounts = sorted(abs(f.amount) for f in found.figures)
    assert "a unit misprinted?" in finding.message and finding.severity == "error"
    assert all(f"{a:,}".replace(",", " ") in finding.message for a in amounts)
    assert all((f.amount < 0) == loss for f in found.figures)


@pytest.mark.parametrize("sentences", [
    ["Årets resultat uppgick till 2,3 Mkr.", "Årsbudgeten uppgick till 2 300 Mkr."],  # two metrics: nothing to compare
    ["Årets resultat uppgick till 2,3 Mkr.", "Årets resultat uppgick 2022 till 2 300 Mkr."],  # two years
    ["Årets resultat uppgick till 2,3 Mkr.", "Årets resultat uppgick till 23 Mkr."],  # ten times: not a unit's slip
])
def test_figures_of_other_metrics_years_or_scales_get_no_scale_finding(tmp_path, sentences):
    assert prose_figures(tmp_path, sentences).findings == []


@pytest.mark.parametrize("line", [
    "Nettoomsättning 1 234 000 kr 1 100 000 kr 987 000 kr",
    "Årsavgifter 2023: 800 000 kr, 2022: 780 000 kr, 2021: 760 000 kr",
    "Lån 10 000 000 kr | 9 500 000 kr | 9 000 000 kr",
])
def test_a_row_of_amounts_is_a_table_not_prose(tmp_path, line):
    assert prose_figures(tmp_path, [line]).figures == []


@pytest.mark.parametrize("sentence, count", [
    ("Museet finansieras av försäljning (1,1 mnkr), externa medel (2,6 mnkr) och kommunbidrag på 9 mnkr.", 3),
    ("Av 10,5 mnkr nyttjades 5,4 mnkr, och resterande 5,1 mnkr förs till nästa år.", 3),
    ("Årsbudgeten uppgick till 8,7 Mkr och årets resultat till 2,3 Mkr.", 2),
    ("Kommunerna har beviljat bidrag om 1 mnkr, 2 mnkr och 3 mnkr.", 3),
])
def test_amounts_in_a_real_sentence_are_prose(tmp_path, sentence, count):
    assert len(prose_figures(tmp_path, [sentence]).figures) == count


def _rules():
    from schemas.vocabularies import key_figure_rules

    return key_figure_rules().money_metrics


@pytest.mark.parametrize("rule", _rules(), ids=lambda rule: rule.metric)
def test_each_metric_rule_recognises_its_examples_and_not_its_counter_examples(rule):
    """Beside each rule in key_figures.yaml: at least three clauses it must recognise and three it must not."""
    assert len(rule.examples) >= 3 and len(rule.counter_examples) >= 3, rule.metric
    for clause in rule.examples:
        assert classify_money(clause.lower()) == rule.metric, clause
    for clause in rule.counter_examples:
        assert classify_money(clause.lower()) != rule.metric, clause


@pytest.mark.parametrize("sentence, meetings", [
    ("Samarbetskommitén har haft totalt sex möten under året.", 6),  # a letter short
    ("Samarbetskomittén har hållit fem sammanträden.", 5),  # another letter short
    ("Styrelsen har genomfört sju möten.", 7),
])
def test_a_misspelt_keyword_is_read_as_meant(tmp_path, sentence, meetings):
    found = prose_figures(tmp_path, [sentence])
    assert [(f.metric, f.amount) for f in found if f.metric == "antal_moten"] == [("antal_moten", meetings)]


def test_a_word_merely_like_a_keyword_is_not_read_as_it(tmp_path):
    assert [f.metric for f in prose_figures(tmp_path, ["Kommunerna har haft totalt sex möten under året."])
            if f.metric == "antal_moten"] == []


@pytest.mark.corpus
def test_no_prose_amount_per_unit_of_a_real_report_is_stored_as_plain_sek():
    """Fees per square metre, per flat, per year: each is 'SEK per …', never a plain amount of SEK."""
    from tests.conftest import PROJECT_ROOT

    corpus = PROJECT_ROOT.parent / "shared" / "realworld-sv" / "pdfs"
    expected = {
        ("brf-58256.pdf", 781200): "SEK per år", ("brf-58256.pdf", 695): "SEK per kvm per år",
        ("brf-58256.pdf", 64): "SEK per kvm", ("brf-58256.pdf", 50): "SEK per kvm",
        ("brf-46160.pdf", 643): "SEK per kvm per år", ("brf-46160.pdf", 1589): "SEK per lägenhet",
        ("brf-46160.pdf", 88359): "SEK per kvm", ("brf-79510.pdf", 686): "SEK per kvm per år",
        ("brf-lonnen-jonkoping.pdf", 1589): "SEK per lägenhet", ("brf-kastanjen-4.pdf", 1630): "SEK per lägenhet",
        ("brf-271949.pdf", 1589): "SEK per lägenhet", ("brf-48574.pdf", 1519): "SEK per lägenhet",
    }
    per_unit = re.compile(r"(?:/|per\s+)(?:kvm|kvadratmeter|m²|lägenhet|bostadslägenhet|år|månad|invånare)\b",
                          re.IGNORECASE)
    read, plain = {}, 0
    for name in sorted({name for name, _ in expected}):
        document = build_document(corpus / name)
        figures = extract_key_figures(document, name, report_year(document) or 2023).figures
        with pdfplumber.open(corpus / name) as pdf:
            for figure in figures:
                read[(name, figure.amount)] = figure.unit
                if figure.unit == "SEK":  # plain SEK: nothing per something right after its printed words
                    plain += 1
                    page = pdf.pages[figure.page - 1]
                    after = page.crop((figure.x1, figure.top - 1, min(page.width, figure.x1 + 60), figure.bottom + 1))
                    assert not per_unit.match((after.extract_text() or "").strip()), (name, figure)
    assert plain > 10
    assert {key: read.get(key) for key in expected} == expected


@pytest.mark.ocr
@pytest.mark.corpus
def test_an_amount_run_on_with_its_per_unit_is_outlined_whole_on_a_scan():
    """"11 228 kr/kvm boyta" on a scanned page: the outline covers both groups of digits and the unit, not "11"."""
    from extractors.pdf.ocr import OcrSettings
    from tests.conftest import PROJECT_ROOT

    scan = PROJECT_ROOT.parent / "shared" / "realworld-sv" / "pdfs" / "brf-stappan-leksand-skannad.pdf"
    document = build_document(scan, pages=[2], ocr=OcrSettings())
    figures = {f.amount: f for f in extract_key_figures(document, "x", 2023).figures}
    loan, fee = figures[11228], figures[591]
    assert (loan.unit, fee.unit) == ("SEK per kvm", "SEK per kvm")
    words = [w for w in document.page(2).words if loan.top - 1 <= w.bbox.top and w.bbox.bottom <= loan.bottom + 1
             and loan.x0 - 1 <= w.bbox.x0 and w.bbox.x1 <= loan.x1 + 1]
    assert [w.text for w in words][:2] == ["11", "228"] and words[-1].text.startswith("kr")


@pytest.mark.parametrize("sentence, metrics", [
    ("Under året har 5,4 mnkr av den totala investeringsbudgeten på 10,5 mnkr nyttjats.",
     [(5_400_000, "investeringar"), (10_500_000, "investeringsbudget")]),
    ("I samband med andra tertialrapporten prognostiserades ett underskott på 0,2 mnkr.", [(200_000, "prognos")]),
    ("Årets investeringar uppgick till 3,1 mnkr.", [(3_100_000, "investeringar")]),
])
def test_a_budget_or_a_forecast_is_a_metric_of_its_own_never_the_outcome(tmp_path, sentence, metrics):
    found = prose_figures(tmp_path, [sentence])
    assert [(abs(f.amount), f.metric) for f in found.figures] == metrics

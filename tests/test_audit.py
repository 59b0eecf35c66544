"""The auditor's checks pass on the samples and fail, precisely, on crafted bad input."""

from __future__ import annotations

import shutil

import pytest

import warehouse
from extractors import build_document
from tests.conftest import REPORT_2024, load_sample, sample_document
from tests.render import retypeset
from warehouse.audit import check_names, record_all_checks, run_check

R2022 = "familjen-helsingborg-arsredovisning-2022"
R2024 = "familjen-helsingborg-arsredovisning-2024"


@pytest.fixture
def audited(sample_warehouse, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(sample_warehouse, path)
    connection = warehouse.connect(path)
    yield connection
    connection.close()


def test_every_check_passes_on_the_samples_but_the_known_gap_in_2022(audited):
    results = record_all_checks(audited)
    assert set(results) == {
        "balance_continuity", "committee_complete", "labels_matched", "prose_agrees_with_tables",
        "restatements", "specifications_match_statement", "statement_complete", "totals_add_up",
        "sums_match_lines", "balance_sheet_balances", "result_reaches_equity", "cash_flow_reaches_cash",
    }
    findings = [(f.check, f.report_id, f.severity, f.message) for found in results.values() for f in found]
    # The published 2022 text leaves Svalöv out of the committee list: a warning, nothing else.
    assert findings == [("committee_complete", R2022, "warning",
                         "the committee list as of 2022-12-31 names no member for Svalöv (1214)")]
    statuses = dict(audited.execute("select report_id, audit_status from reports").fetchall())
    assert statuses[R2024] == "passed" and statuses[R2022] == "warnings"


def test_the_checks_compare_real_figures(audited):
    # A check that passes because it compares nothing proves nothing: count what each one compares.
    compared = audited.execute(
        """
        select
          (select count(*) from financial_facts f join line_items l on l.code = f.line_item where len(l.sums) > 0),
          (select count(*) from key_figures k where k.metric in (select metric from key_figure_counterparts)),
          (select count(*) from financial_facts where line_item = 'ingaende_medel'),
          (select count(*) from financial_facts f join line_items l on l.code = f.line_item where l.specifies is not null)
        """
    ).fetchone()
    assert compared == (2 * 3 * 4 + 2 + 1, 11, 6, 3)


def test_a_check_with_nothing_to_check_is_not_applicable_never_passed(audited):
    record_all_checks(audited)
    coverage = {(report, check): (checked, failed) for report, check, checked, failed in
                audited.execute('select report_id, "check", checked, failed from audit_coverage').fetchall()}
    statuses = dict(audited.execute("select report_id, audit_status from reports").fetchall())
    # The leaflet and the plan print no statement: no statement check applies to them.
    for report in ("familjen-helsingborg-2016", "familjen-helsingborg-verksamhetsplan-2019"):
        assert not any(r == report and check in ("totals_add_up", "statement_complete", "labels_matched")
                       for r, check in coverage), report
    applied = {r for r, _ in coverage}
    assert all((statuses[r] == "not_applicable") == (r not in applied) for r in statuses), statuses
    # Where they apply, the counts are what was compared: 2024's totals (4 totals x 3 years, 1 specification
    # total, and the result and closing funds) and its committee (one list of 11 municipalities).
    assert coverage[(R2024, "committee_complete")] == (11, 0)
    assert coverage[(R2022, "committee_complete")] == (11, 1)
    assert coverage[(R2024, "totals_add_up")][1] == 0 and coverage[(R2024, "totals_add_up")][0] >= 12
    assert statuses[R2024] == "passed"


def break_fact(connection, report_id, line_item, year, delta=1):
    connection.execute(
        "update financial_facts set amount_sek = amount_sek + ? where report_id = ? and line_item = ? and fiscal_year = ?",
        [delta, report_id, line_item, year],
    )


@pytest.mark.parametrize(
    "check, breakage, expected",
    [
        ("totals_add_up", lambda c: break_fact(c, R2024, "ovriga_intakter_hr_projekt", 2024, 10),
         (R2024, "error", 2024, "summa_intakter", 8884817, 8884807, -10)),
        ("totals_add_up", lambda c: break_fact(c, R2022, "ovriga_externa_kostnader", 2021, -5),
         (R2022, "error", 2021, "summa_kostnader", -6340247, -6340242, 5)),
        ("specifications_match_statement", lambda c: break_fact(c, R2024, "disposition_totalt", 2024, 100),
         (R2024, "error", 2024, "disposition_totalt", 1981450, 1981550, 100)),
        ("balance_continuity", lambda c: break_fact(c, R2024, "ingaende_medel", 2023, 7),
         (R2024, "error", 2023, "ingaende_medel", 7015464, 7015471, 7)),
        ("restatements", lambda c: break_fact(c, R2024, "arets_resultat", 2022, 1),
         (R2024, "warning", 2022, "arets_resultat", 2283677, 2283678, 1)),
        ("prose_agrees_with_tables", lambda c: c.execute(
            "update key_figures set amount = 2500000 where report_id = ? and metric = 'arets_resultat'", [R2022]),
         (R2022, "error", 2022, "arets_resultat", 2283677, 2500000, 216323)),
        ("prose_agrees_with_tables", lambda c: c.execute(
            "update key_figures set amount = 130000 where report_id = ? and metric = 'test_och_utvecklingsprojekt_aterbetalat'", [R2024]),
         (R2024, "error", 2024, "test_och_utvecklingsprojekt", 3691091, 3681091, -10000)),
        ("statement_complete", lambda c: c.execute(
            "delete from financial_facts where report_id = ? and line_item = 'summa_kostnader' and fiscal_year = 2023", [R2024]),
         (R2024, "error", 2023, "summa_kostnader", None, None, None)),
        ("labels_matched", lambda c: c.execute(
            "update financial_facts set line_item = null, label = 'Lönekostnader' where report_id = ? and line_item = 'ovriga_externa_kostnader' and fiscal_year = 2024", [R2024]),
         (R2024, "error", 2024, None, None, -2911743, None)),
        ("committee_complete", lambda c: c.execute(
            "delete from committee_members where report_id = ? and municipality_code = '1276'", [R2024]),
         (R2024, "warning", 2024, "1276", None, None, None)),
    ],
    ids=["revenue", "costs", "specification", "continuity", "restatement", "prose", "prose-footnote",
         "complete", "unmatched", "committee"],
)
def test_each_check_fails_on_crafted_bad_input(audited, check, breakage, expected):
    before = {(f.report_id, f.message) for f in run_check(audited, check)}
    breakage(audited)
    new = [f for f in run_check(audited, check) if (f.report_id, f.message) not in before]
    assert [(f.report_id, f.severity, f.fiscal_year, f.line_item_or_metric, f.expected, f.actual, f.difference)
            for f in new] == [expected]
    assert new[0].message and (new[0].page is not None or check == "statement_complete")


def test_a_prose_figure_within_its_precision_passes(audited):
    # "2,3 Mkr" against 2 283 677: 16 323 off, within half of 100 000.
    audited.execute("update key_figures set amount = 2300000, precision = 100000 where report_id = ? and metric = 'arets_resultat'", [R2022])
    assert run_check(audited, "prose_agrees_with_tables") == []
    # The same figure printed as exact kronor must match to the krona.
    audited.execute("update key_figures set precision = 1 where report_id = ? and metric = 'arets_resultat'", [R2022])
    assert len(run_check(audited, "prose_agrees_with_tables")) == 1


def test_a_copy_of_2024_with_one_amount_changed_loads_with_an_error_that_names_it(tmp_path, audited):
    copy = retypeset(sample_document(REPORT_2024), tmp_path / REPORT_2024, {(11, "1 071 642"): "1 071 652"})
    load_sample(audited, REPORT_2024, build_document(copy))
    results = record_all_checks(audited)
    [finding] = [f for f in results["totals_add_up"] if f.report_id == R2024]
    assert (finding.line_item_or_metric, finding.fiscal_year, finding.expected, finding.actual, finding.page) == (
        "summa_intakter", 2024, 8884817, 8884807, 11)
    assert "summa_intakter 2024" in finding.message and "8884817" in finding.message and "8884807" in finding.message
    status = audited.execute("select status, audit_status from reports where report_id = ?", [R2024]).fetchone()
    assert status == ("loaded", "errors")  # the data is loaded, with errors; nothing hidden
    assert audited.execute("select count(*) from financial_facts where report_id = ?", [R2024]).fetchone() == (46,)


def test_every_check_is_a_sql_file_that_describes_itself():
    from warehouse.audit import check_description

    names = check_names()
    assert names, "no check in warehouse/checks/"
    assert [name for name in names if len(check_description(name)) <= 30] == []


def test_a_readers_error_finding_makes_the_audit_say_errors_and_the_index_counts_it(tmp_path):
    """A prose amount a thousand times its twin is an error finding of the reader, not of a check: the report's
    audit says errors all the same, never 'not applicable', and the index and make run count its findings."""
    from pipelines.extraction import extract_report
    from pipelines.loading import replace_report
    from tests.render import render_pages
    from warehouse import holdings
    from warehouse.audit_pages import write_index

    sentences = ["Nämnden redovisar ett överskott mot budget med 1,07 mnkr.",
                 "Verksamheten redovisar ett överskott mot budget om 1 070 mnkr."]
    pdf = render_pages(tmp_path / "bokslut-2024.pdf", [[("h", "Bokslut 2024"), *[("p", s) for s in sentences]]])
    connection = warehouse.connect(tmp_path / "w.duckdb")
    replace_report(connection, extract_report(build_document(pdf)))
    record_all_checks(connection)
    [(status, findings)] = connection.execute(
        "select audit_status, (select count(*) from extraction_findings e where e.report_id = r.report_id and "
        "e.severity = 'error') from reports r").fetchall()
    assert (status, findings) == ("errors", 1)
    [summary] = holdings.report_summaries(connection, ["bokslut-2024.pdf"])
    assert summary.findings >= 1 and summary.audit_status == "errors"
    index = write_index(connection, tmp_path / "audit").read_text(encoding="utf-8")
    connection.close()
    row = index[index.index('data-report="bokslut-2024"'):]
    row = row[:row.index("</tr>")]
    assert 'data-audit-status="errors"' in row and f'<td class="num">{summary.findings}</td>' in row


def test_pages_are_headed_by_the_organisation_the_document_and_the_year_and_the_index_by_what_it_holds(tmp_path):
    import re

    from pipelines.audit_site import write_audit_site

    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, REPORT_2024)
    connection.execute("update reports set title = 'NS'")  # a PDF's title field, as junk as some are
    record_all_checks(connection)
    [page], index = write_audit_site(connection, [(R2024, None)], tmp_path / "audit")
    connection.close()
    html = page.read_text(encoding="utf-8")
    assert re.search(r'<h1 id="heading">Familjen Helsingborg: Årsredovisning 2024</h1>', html)
    assert "<title>Granskning: Familjen Helsingborg: Årsredovisning 2024</title>" in html and ">NS<" not in html
    front = index.read_text(encoding="utf-8")
    assert "<title>Granskning: Familjen Helsingborg: 1 rapport</title>" in front
    assert "Resultaträkningen över åren" in front  # this cooperation's chart, where its statement is loaded


@pytest.mark.corpus
def test_every_real_reports_organisation_is_read_from_its_own_words():
    import json
    import re

    from extractors.records.report_metadata import organisation_name
    from tests.conftest import PROJECT_ROOT, SAMPLE_REPORTS

    corpus = PROJECT_ROOT.parent / "shared" / "realworld-sv"
    gold = [r for r in json.loads((corpus / "gold" / "reports.json").read_text(encoding="utf-8")) if "organisation" in r]
    assert len(gold) >= 14

    def names(text: str) -> set[str]:  # "Bostadsrättsföreningen X (Brf X)": either, Brf for the legal form
        forms = {text, re.sub(r"\s*\(.*\)\s*$", "", text), *re.findall(r"\(([^)]+)\)", text)}
        return {re.sub(r"^(?:(hsb) )?(?:bostadsrättsföreningen|bostadsrättsförening|brf)\b", r"\1 brf", f.lower()).strip()
                for f in forms}

    wrong = []
    for report in gold:
        read = organisation_name(build_document(corpus / "pdfs" / report["file"], pages=[1, 2, 3]))
        if read is None or not names(read) & names(report["organisation"]):
            wrong.append((report["file"], read, report["organisation"]))
    assert wrong == []
    others = {"forening-hoganas-makerspace-2023.pdf": "Höganäs Makerspace",
              "kommun-simrishamn-kfn-bokslut-2025.pdf": "Kultur- och fritidsnämnden"}
    assert {name: organisation_name(build_document(corpus / "pdfs" / name, pages=[1, 2, 3])) for name in others} == others
    kalmar = PROJECT_ROOT.parent / "shared" / "any-report" / "pdfs" / "forening-kalmar-nation-bokslut-2025.pdf"
    assert organisation_name(build_document(kalmar, pages=[1, 2, 3])) == "Kalmar Nation"  # "Årsbokslut" / "För" / name
    assert {name: organisation_name(sample_document(name)) for name in SAMPLE_REPORTS} == {
        name: "Familjen Helsingborg" for name in SAMPLE_REPORTS}


@pytest.mark.corpus
def test_a_listed_company_that_names_itself_only_in_its_directors_report_is_named_from_it():
    """Qben Infra's first pages print a logo and a table of contents; its name and number stand in the directors'
    report ("Qben Infra AB (publ), org.nr. 556619-3222, investerar ...") and the audit report, pages 19-20."""
    from extractors.records.report_metadata import organisation_name, organisation_number
    from tests.conftest import PROJECT_ROOT

    qben = PROJECT_ROOT.parent / "shared" / "any-report" / "pdfs" / "ab-qben-infra-ar-2024.pdf"
    document = build_document(qben, pages=[1, 2, 3, 19, 20])
    assert organisation_name(build_document(qben, pages=[1, 2, 3])) is None
    assert (organisation_name(document), organisation_number(document)) == ("Qben Infra AB (publ)", "556619-3222")

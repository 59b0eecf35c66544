"""The audit pages, opened in a real headless Chromium: whole, every gold figure shown, each picture where it belongs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pdfplumber
import pytest

import warehouse
from extractors.pdf.table_amounts import parse_amount
from extractors.records.prose_money import find_money, parse_count
from pipelines.audit_site import RESOLUTION, write_audit_site
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, gold_rows
from warehouse.audit import record_all_checks

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=10000", "--window-size=1400,1000",
]
# Screenshots of each kind of page, for a person to look at after `make test` (not committed).
SCREENSHOTS = Path(os.environ.get("FH_TEST_OUTPUT") or PROJECT_ROOT / "test-output") / "screenshots"


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


def rendered_dom(page: Path, profile: Path, fragment: str = "", width: int = 1400) -> str:
    """The page's DOM after Chromium loaded it in a window `width` pixels wide (1400 unless told) and its scripts ran."""
    flags = [f for f in CHROMIUM_FLAGS if not f.startswith("--window-size")] + [f"--window-size={width},1000"]
    result = subprocess.run(
        [chromium(), *flags, "--dump-dom", f"--user-data-dir={profile}", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(page: Path, profile: Path, name: str, fragment: str = "", height: int = 1000) -> Path:
    """A screenshot of the page as a person sees it in a 1400-pixel window, kept in the test output."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    target.unlink(missing_ok=True)
    flags = [f for f in CHROMIUM_FLAGS if not f.startswith("--window-size")] + [f"--window-size=1400,{height}"]
    result = subprocess.run(
        [chromium(), *flags, f"--screenshot={target}", f"--user-data-dir={profile}", page.as_uri() + fragment],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0 and target.stat().st_size > 10_000, result.stderr[-2000:]
    return target


def box(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def around(inner: list[float], outer: list[float], least: float, most: float) -> bool:
    """Whether `outer` holds `inner` with at least `least` and at most `most` points to spare on every side."""
    return all(least <= spare <= most for spare in (inner[0] - outer[0], inner[1] - outer[1],
                                                    outer[2] - inner[2], outer[3] - inner[3]))


class Elements(HTMLParser):
    """The attributes of the body, the item rows with their windows, the whole-page views, the checks and the chart."""

    def __init__(self, html: str):
        super().__init__()
        self.body: dict = {}
        self.figures: list[dict] = []
        self.page_views: dict[str, dict] = {}
        self.checks: dict[str, dict] = {}
        self.ids: set[str] = set()
        self.svg_series: list[str] = []
        self.ticks: list[str] = []
        self.legend: list[str] = []
        self.circles: list[dict] = []
        self._text_of: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "body":
            self.body = attrs
        elif tag == "tr" and attrs.get("class") == "figure":
            self.figures.append(attrs)
        elif tag == "tr" and "data-check" in attrs:
            self.checks[attrs["data-check"]] = attrs
        elif tag == "a" and self.figures and "label" in (attrs.get("class") or "").split():
            self.figures[-1]["label_crop"] = attrs  # a label's own window, where it stands far from its amount
        elif tag == "a" and self.figures and "crop" in (attrs.get("class") or ""):
            self.figures[-1]["crop"] = attrs
        elif tag == "img" and self.figures and "crop" in self.figures[-1] and "img" not in self.figures[-1]:
            self.figures[-1]["img"] = attrs["src"]
        elif tag == "div" and attrs.get("class") == "page-view":
            self.page_views[attrs["id"]] = attrs
        elif tag == "polyline" and attrs.get("class") == "series":
            self.svg_series.append(attrs["data-line"])
        elif tag == "circle":
            self.circles.append(attrs)
        elif tag == "text" and attrs.get("class") == "tick":
            self._text_of = self.ticks
        elif tag == "li" and "income-chart-legend" in self.ids:
            self._text_of = self.legend

    def handle_data(self, data):
        if self._text_of is not None and data.strip():
            self._text_of.append(data.strip())
            self._text_of = None


@pytest.fixture(scope="module")
def audit_site(sample_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    path = out / "warehouse.duckdb"
    shutil.copy(sample_warehouse, path)
    connection = warehouse.connect(path)
    record_all_checks(connection)
    reports = connection.execute("select report_id, file_name from reports").fetchall()
    write_audit_site(connection, [(report_id, RAW_REPORTS / file_name) for report_id, file_name in reports], out / "audit")
    connection.close()
    return out / "audit"


def test_the_index_loads_whole_and_draws_the_income_statement_as_printed(audit_site, tmp_path):
    dom = Elements(rendered_dom(audit_site / "index.html", tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true"
    assert dom.body.get("data-errors") == "0"
    assert dom.body.get("data-overflow") == "0", "the index is wider than a 1400-pixel window"
    lines = ["Summa intäkter", "Summa kostnader", "Årets resultat", "Utgående medel att förfoga över"]
    assert dom.svg_series == lines
    assert dom.legend == lines  # every name whole, in HTML beside the chart
    # Swedish numbers on the axis, zero among them; costs plotted below it, as the statement prints them.
    assert all(re.fullmatch(r"−?\d+,\d Mkr", tick) for tick in dom.ticks) and "0,0 Mkr" in dom.ticks, dom.ticks
    amounts = [int(c["data-amount"]) for c in dom.circles]
    assert min(amounts) < 0 < max(amounts)
    costs = [int(c["data-amount"]) for c in dom.circles if c["data-line"] == "Summa kostnader"]
    assert len(costs) == 5 and all(amount < 0 for amount in costs)
    html = (audit_site / "index.html").read_text(encoding="utf-8")
    for report in ("familjen-helsingborg-arsredovisning-2024.html", "familjen-helsingborg-arsredovisning-2022.html"):
        assert f'href="{report}"' in html
    screenshot(audit_site / "index.html", tmp_path / "shot", "index", height=1300)


def warehouse_rows(audit_site: Path, report: str) -> dict[str, int]:
    """How many items of each kind the warehouse holds for a report, to find each on its page."""
    with duckdb.connect(str(audit_site.parent / "warehouse.duckdb"), read_only=True) as connection:
        return dict(zip(["finding", "fact", "key_figure", "committee", "project", "goal", "network"], connection.execute(
            """
            select (select count(*) from extraction_findings where report_id = $r),
                   (select count(*) from financial_facts where report_id = $r),
                   (select count(*) from key_figures where report_id = $r),
                   (select count(*) from committee_members where report_id = $r),
                   (select count(*) from projects where report_id = $r),
                   (select count(*) from plan_goals where report_id = $r),
                   (select count(*) from networks where report_id = $r)
            """, {"r": report}).fetchone(), strict=True))


def assert_outlined_around_its_text(figure: dict, pdf) -> None:
    """The item's window is of its own place: the page's picture at the render resolution, the outline's inside
    edge just off the item's box, so that the outline never covers the text it marks, all of it in view."""
    crop = figure["crop"]
    assert abs(float(crop["data-pixels-per-point"]) - RESOLUTION / 72) < 0.01, crop
    item, marked, outlined, shown = box(figure["data-bbox"]), box(crop["data-marked"]), box(crop["data-outlined"]), box(crop["data-shown"])
    # Two CSS pixels each: a point or so at the windows' scale, more for an item wider than a window shows well.
    assert around(item, marked, 0.3, 6.0), (figure, marked)
    assert around(marked, outlined, 0.3, 6.0), (figure, outlined)
    assert shown[0] <= outlined[0] and shown[1] <= outlined[1] and outlined[2] <= shown[2] and outlined[3] <= shown[3], crop
    if pdf is not None:  # every letter of the item's text lies inside the outline's inner edge
        page = pdf.pages[int(figure["data-page"]) - 1]
        letters = [c for c in page.chars if c["text"].strip() and item[0] <= (c["x0"] + c["x1"]) / 2 <= item[2]
                   and item[1] <= (c["top"] + c["bottom"]) / 2 <= item[3]]
        assert letters, figure
        assert all(marked[0] < c["x0"] and c["x1"] < marked[2] and marked[1] < c["top"] and c["bottom"] < marked[3]
                   for c in letters), figure


@pytest.mark.parametrize("report", ["familjen-helsingborg-arsredovisning-2022", "familjen-helsingborg-arsredovisning-2024"])
def test_a_report_page_shows_every_item_with_a_picture_of_its_place(audit_site, tmp_path, report):
    dom = Elements(rendered_dom(audit_site / f"{report}.html", tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true", "the page did not finish loading"
    assert dom.body.get("data-errors") == "0"
    assert dom.body.get("data-overflow") == "0", "the page is wider than a 1400-pixel window"
    placed = [f for f in dom.figures if f.get("data-bbox")]
    labels_apart = sum(1 for f in placed if "label_crop" in f)  # a label far from its amount: a window of its own
    assert int(dom.body["data-images"]) == len(placed) + labels_apart and placed
    assert dom.body.get("data-images-broken") == "0"

    # Everything the load holds is on the page: the extractors' findings, the figures, the committee, the projects.
    kinds = {}
    for figure in dom.figures:
        kinds[figure["data-kind"]] = kinds.get(figure["data-kind"], 0) + 1
    expected = warehouse_rows(audit_site, report)
    assert {kind: kinds.get(kind, 0) for kind in expected} == expected
    assert expected["committee"] > 10 and expected["project"] > 0
    assert all(dom.checks[name]["data-result"] in ("passed", "warnings") for name in
               ("totals_add_up", "labels_matched", "statement_complete", "committee_complete")), dom.checks

    shown = {(f["data-kind"], f.get("data-year"), f.get("data-page"), f.get("data-amount")) for f in dom.figures}
    for gold in gold_rows("financial_lines.csv"):
        if gold["report_file"] == f"{report}.pdf":
            assert ("fact", gold["fiscal_year"], gold["page"], gold["amount_sek"]) in shown, gold
    for gold in gold_rows("key_figures.csv"):
        if gold["report_file"] == f"{report}.pdf":
            assert any(f["data-kind"] == "key_figure" and f["data-amount"] == gold["amount_sek"]
                       and f["data-year"] == gold["fiscal_year"] for f in dom.figures), gold
    names = {f["data-name"] for f in dom.figures if f["data-kind"] == "committee"}
    for gold in gold_rows("committee_members.csv"):
        if gold["report_file"] == f"{report}.pdf":
            assert gold["name"] in names, gold

    # Each picture is of its item's place: the page's own picture, laid out by the browser so that the
    # outline stands just around the item's box, where the page reads as the item.
    with pdfplumber.open(RAW_REPORTS / f"{report}.pdf") as pdf:
        for figure in placed:
            assert figure["img"] == f"img/{report}/page-{figure['data-page']}.png", figure
            assert (audit_site / figure["img"]).stat().st_size > 500
            assert_outlined_around_its_text(figure, pdf)
            if figure["data-kind"] not in ("fact", "key_figure"):
                continue
            page = pdf.pages[int(figure["data-page"]) - 1]
            text = page.within_bbox(box(figure["crop"]["data-marked"])).extract_text()
            amount = int(figure["data-amount"])
            if figure["data-kind"] == "fact":
                assert parse_amount(text) == amount, figure
            elif figure["data-unit"] in ("antal", "nummer"):
                assert parse_count(text) == (amount, int(figure["data-precision"])), figure
            else:
                assert amount in {m.value for m in find_money(" ".join(text.split()))}, (figure, text)
    screenshot(audit_site / f"{report}.html", tmp_path / "shot", f"report-{report}", height=1800)


def test_a_click_opens_the_whole_page_with_the_outline_kept(audit_site, tmp_path):
    report = "familjen-helsingborg-arsredovisning-2024"
    html = (audit_site / f"{report}.html").read_text(encoding="utf-8")
    dom = Elements(html)
    # Each window links to its whole-page view, which holds the same picture and the same box.
    windows = [f for f in dom.figures if "crop" in f]
    assert windows
    for figure in windows:
        view = dom.page_views[figure["crop"]["href"].removeprefix("#")]
        assert view["data-bbox"] == figure["data-bbox"]
    amounts = [f for f in dom.figures if f["data-kind"] == "fact"]
    members = [f for f in dom.figures if f["data-kind"] == "committee"]
    assert amounts and members
    for figure in (amounts[0], amounts[-1], members[len(members) // 2]):
        fragment = figure["crop"]["href"]
        opened = Elements(rendered_dom(audit_site / f"{report}.html", tmp_path / "profile", fragment)).page_views[fragment[1:]]
        assert opened["data-shown-as"] == "block" and opened["data-loaded"] == "true", opened
        item, marked, outlined = box(opened["data-bbox"]), box(opened["data-marked"]), box(opened["data-outlined"])
        assert around(item, marked, 0.5, 2.0), opened
        assert around(marked, outlined, 0.5, 3.0), opened
    screenshot(audit_site / f"{report}.html", tmp_path / "shot", "whole-page-view", amounts[-1]["crop"]["href"])


@pytest.mark.parametrize("report", ["familjen-helsingborg-2016", "familjen-helsingborg-verksamhetsplan-2019"])
def test_a_report_without_a_statement_says_its_checks_do_not_apply(audit_site, tmp_path, report):
    dom = Elements(rendered_dom(audit_site / f"{report}.html", tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true" and dom.body.get("data-errors") == "0"
    assert dom.body.get("data-overflow") == "0", "the page is wider than a 1400-pixel window"
    assert dom.body.get("data-images-broken") == "0"
    for name in ("totals_add_up", "statement_complete", "labels_matched", "specifications_match_statement",
                 "balance_continuity"):
        assert dom.checks[name]["data-result"] == "not_applicable" and dom.checks[name]["data-compared"] == "0"
    assert "no-facts" in dom.ids
    html = (audit_site / f"{report}.html").read_text(encoding="utf-8")
    assert 'data-status="not_applicable"' in html and "ej tillämplig" in html and "godkänd" not in html
    expected = warehouse_rows(audit_site, report)
    kinds = [f["data-kind"] for f in dom.figures]
    assert {kind: kinds.count(kind) for kind in expected} == expected
    if "verksamhetsplan" in report:  # the plan's goals and networks, each at its place
        assert expected["goal"] > 5 and expected["network"] > 10
        with pdfplumber.open(RAW_REPORTS / f"{report}.pdf") as pdf:
            for figure in (f for f in dom.figures if "crop" in f):
                assert_outlined_around_its_text(figure, pdf if figure["data-kind"] == "network" else None)
    screenshot(audit_site / f"{report}.html", tmp_path / "shot", f"report-{report}", height=1400)


@pytest.mark.ocr
@pytest.mark.corpus
def test_a_scanned_report_marks_every_figure_read_by_ocr_and_outlines_its_ink(tmp_path):
    from PIL import Image

    from extractors import build_document
    from extractors.pdf.ocr import has_ink
    from tests.conftest import load_sample

    scan = PROJECT_ROOT.parent / "shared" / "realworld-sv" / "pdfs" / "brf-roslagsbanan-12-skannad.pdf"
    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, scan.name, build_document(scan, pages=[3, 4, 5]))  # its statement pages
    record_all_checks(connection)
    write_audit_site(connection, [("brf-roslagsbanan-12-skannad", scan)], tmp_path / "audit")
    connection.close()
    page = tmp_path / "audit" / "brf-roslagsbanan-12-skannad.html"
    dom = Elements(rendered_dom(page, tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true" and dom.body.get("data-errors") == "0"
    assert dom.body.get("data-overflow") == "0" and dom.body.get("data-images-broken") == "0"
    html = page.read_text(encoding="utf-8")
    assert re.search(r'id="ocr-pages">Lästa med OCR \(inskannade sidor\): sidan 3, 4, 5\.', html)
    facts = [f for f in dom.figures if f["data-kind"] == "fact"]
    assert len(facts) > 70 and all(0 < float(f["data-ocr-confidence"]) <= 1 for f in facts)
    assert html.count('<div class="ocr"') == len(facts)
    with pdfplumber.open(scan) as pdf:
        widths = {number: float(pdf.pages[number - 1].width) for number in (3, 4, 5)}
    for figure in facts:  # the outline stands around its box, and the box on the scan's ink
        assert_outlined_around_its_text(figure, None)
        item = box(figure["data-bbox"])
        picture = Image.open(tmp_path / "audit" / figure["img"])
        scale = picture.width / widths[int(figure["data-page"])]  # the picture is of the whole page
        assert has_ink(picture.crop(tuple(round(v * scale) for v in item))), figure
    screenshot(page, tmp_path / "shot", "report-scanned", height=1400)


class StatementSections(HTMLParser):
    """Each statement section of a report page: its entity, statement and kind, its heading, the findings of its
    entity's checks, and the entity of every figure row in it."""

    def __init__(self, html: str):
        super().__init__()
        self.sections: list[dict] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "statement":
            self.sections.append({**attrs, "title": "", "checks": [], "rows": []})
        elif not self.sections:
            return
        elif tag == "h3":
            self._in = "title"
        elif tag == "div" and attrs.get("class") == "entity-checks":
            self._in = "checks"
        elif tag == "tr" and attrs.get("class") == "figure":
            self.sections[-1]["rows"].append(attrs)
            self._in = None

    def handle_endtag(self, tag):
        if tag in ("h3", "table"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.sections[-1]["title"] += data.strip()
        elif self._in == "checks" and data.strip():
            self.sections[-1]["checks"].append(data.strip())


@pytest.mark.corpus
def test_a_municipalitys_page_shows_each_entitys_statements_apart_with_their_own_checks(tmp_path):
    from extractors import build_document
    from tests.conftest import load_sample

    report = PROJECT_ROOT.parent / "shared" / "any-report" / "pdfs" / "kommun-angelholm-ar-2021.pdf"
    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, report.name, build_document(report))
    record_all_checks(connection)
    counts = {(entity, statement, kind): n for entity, statement, kind, n in connection.execute(
        "select entity, statement, kind, count(*) from financial_facts group by all").fetchall()}
    write_audit_site(connection, [("kommun-angelholm-ar-2021", report)], tmp_path / "audit")
    connection.close()
    page = tmp_path / "audit" / "kommun-angelholm-ar-2021.html"
    dom = rendered_dom(page, tmp_path / "profile")
    assert Elements(dom).body.get("data-errors") == "0"
    sections = StatementSections(dom).sections
    assert {(s["data-entity"], s["data-statement"], s["data-kind"]): len(s["rows"]) for s in sections} == counts
    for section in sections:  # every row of a section is of its entity
        assert {row["data-entity"] for row in section["rows"]} == {section["data-entity"]}
    titles = [s["title"] for s in sections]
    assert titles[:3] == ["Kommunen · Resultaträkning", "Kommunen · Resultaträkning · budget",
                          "Kommunkoncernen · Resultaträkning"]
    # The published opening cash of the kommunkoncern (336,1) is not its closing cash the year before (335,9):
    # the finding stands, in Swedish, with the kommunkoncern's statements, never the kommun's.
    cash = [s for s in sections if s["data-statement"] == "kassaflodesanalys"]
    group = next(s for s in cash if s["data-entity"] == "kommunkoncern")
    own = next(s for s in cash if s["data-entity"] == "kommun")
    assert any("likvida medel vid årets början 2021, kommunkoncern" in text for text in group["checks"])
    assert not any("kommunkoncern" in text for text in own["checks"])
    screenshot(page, tmp_path / "shot", "report-municipality", height=1400)


def test_every_facts_window_shows_its_label_beside_the_amount_or_in_a_window_of_its_own(tmp_path):
    """A wide statement (a listed group's, labels 400 points left of the amounts): the amount's window stays
    readable, and the start of the row's label is shown, in the amount's window or in one of its own above it."""
    from extractors import build_document
    from tests.conftest import load_sample
    from tests.render import render_statements
    from tests.test_any_report import GROUP, PARENT

    report = render_statements(tmp_path / "wide.pdf", [GROUP, PARENT], front=["Årsredovisning 2024"], first_right=400.0)
    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, report.name, build_document(report))
    record_all_checks(connection)
    write_audit_site(connection, [("wide", report)], tmp_path / "audit")
    connection.close()
    dom = Elements(rendered_dom(tmp_path / "audit" / "wide.html", tmp_path / "profile"))
    assert dom.body.get("data-errors") == "0" and dom.body.get("data-images-broken") == "0"
    facts = [f for f in dom.figures if f["data-kind"] == "fact" and f["data-label-bbox"]]
    assert len(facts) == 24  # the group's 6 lines over 2 years, the parent's 4 over 3
    own_windows = 0
    for figure in facts:
        label, amount = box(figure["data-label-bbox"]), box(figure["data-bbox"])
        start = [label[0], label[1], min(label[2], label[0] + 30), label[3]]  # its first word or so
        shown = box(figure["crop"]["data-shown"])
        assert shown[0] <= amount[0] and amount[2] <= shown[2], figure  # the amount's window shows the amount
        windows = [shown] + ([box(figure["label_crop"]["data-shown"])] if "label_crop" in figure else [])
        assert any(w[0] - 0.5 <= start[0] and start[2] <= w[2] + 0.5 and w[1] - 0.5 <= start[1] and start[3] <= w[3] + 0.5
                   for w in windows), figure
        own_windows += "label_crop" in figure
    assert own_windows == len(facts)  # 400 points apart: no one readable window holds both


@pytest.mark.parametrize("width", [1400, 1000, 760])
def test_no_word_breaks_inside_in_a_wide_window_or_a_narrow_one(audit_site, tmp_path, width):
    """Every word of the pages' tables stays whole ("varning", never "varnin / g"; "specifications_match_statement"
    breaks after an underscore, if at all) unless it alone is wider than its table: the page's own check measures
    the line boxes of every word. (It fails with the old `overflow-wrap: anywhere` on the findings, and with
    `word-break: break-all` on the check names.)"""
    pages = sorted(audit_site.glob("*.html"))
    assert len(pages) == 6  # the index and the five sample reports
    for page in pages:
        body = Elements(rendered_dom(page, tmp_path / "profile", width=width)).body
        assert body.get("data-ready") == "true", page.name
        assert body.get("data-broken-words") == "0", (page.name, body.get("data-broken-word-examples"))


def test_the_findings_are_shown_in_swedish_never_in_english(audit_site, tmp_path):
    """Every finding of the extractors and the checks on a sample's page is its Swedish text (the page is Swedish);
    the English text, kept in the warehouse for SQL and logs, is not on the page."""
    from markupsafe import escape

    with duckdb.connect(str(audit_site.parent / "warehouse.duckdb"), read_only=True) as connection:
        findings = connection.execute(
            "select report_id, message, message_sv from extraction_findings union all "
            "select report_id, message, message_sv from audit_findings").fetchall()
    assert len(findings) >= 4
    doms = {}
    for report_id, message, message_sv in findings:
        if report_id not in doms:
            doms[report_id] = rendered_dom(audit_site / f"{report_id}.html", tmp_path / "profile")
        assert str(escape(message_sv)) in doms[report_id], message_sv
        assert str(escape(message)) not in doms[report_id], message

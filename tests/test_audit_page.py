"""The audit pages, opened in a real headless Chromium: whole, every gold figure shown, each picture where it belongs."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest

import warehouse
from extractors.pdf.table_amounts import parse_amount
from extractors.records.prose_money import find_money, parse_count
from pipelines.audit_site import write_audit_site
from tests.conftest import RAW_REPORTS, gold_rows
from warehouse.audit import record_all_checks

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=10000", "--dump-dom",
]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


def rendered_dom(page: Path, profile: Path) -> str:
    """The page's DOM after Chromium loaded it and its scripts ran."""
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class Elements(HTMLParser):
    """The attributes of the body, the figure rows and the images of a DOM."""

    def __init__(self, html: str):
        super().__init__()
        self.body: dict = {}
        self.figures: list[dict] = []
        self.svg_series: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.body = attrs
        elif tag == "tr" and attrs.get("class") == "figure":
            self.figures.append(attrs)
        elif tag == "a" and self.figures and "crop" in (attrs.get("class") or ""):
            self.figures[-1]["crop"] = attrs
        elif tag == "img" and self.figures and "crop" in self.figures[-1]:
            self.figures[-1]["img"] = attrs["src"]
        elif tag == "polyline" and attrs.get("class") == "series":
            self.svg_series.append(attrs["data-line"])


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


def test_the_index_loads_whole_and_draws_the_income_statement(audit_site, tmp_path):
    dom = Elements(rendered_dom(audit_site / "index.html", tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true"
    assert dom.body.get("data-errors") == "0"
    assert dom.svg_series == ["Summa intäkter", "Summa kostnader", "Årets resultat", "Utgående medel att förfoga över"]
    html = (audit_site / "index.html").read_text(encoding="utf-8")
    for report in ("familjen-helsingborg-arsredovisning-2024.html", "familjen-helsingborg-arsredovisning-2022.html"):
        assert f'href="{report}"' in html


@pytest.mark.parametrize("report", ["familjen-helsingborg-arsredovisning-2022", "familjen-helsingborg-arsredovisning-2024"])
def test_a_report_page_shows_every_gold_figure_with_a_picture_of_its_place(audit_site, tmp_path, report):
    dom = Elements(rendered_dom(audit_site / f"{report}.html", tmp_path / "profile"))
    assert dom.body.get("data-ready") == "true", "the page did not finish loading"
    assert dom.body.get("data-errors") == "0"
    assert int(dom.body["data-images"]) == len(dom.figures) > 0
    assert dom.body.get("data-images-broken") == "0"

    shown = {(f["data-kind"], f.get("data-year"), f.get("data-page"), f["data-amount"]) for f in dom.figures}
    for gold in gold_rows("financial_lines.csv"):
        if gold["report_file"] == f"{report}.pdf":
            assert ("fact", gold["fiscal_year"], gold["page"], gold["amount_sek"]) in shown, gold
    for gold in gold_rows("key_figures.csv"):
        if gold["report_file"] == f"{report}.pdf":
            assert any(f["data-kind"] == "key_figure" and f["data-amount"] == gold["amount_sek"]
                       and f["data-year"] == gold["fiscal_year"] for f in dom.figures), gold

    # Each picture is of its figure's place: the page's own picture, laid out by the browser so
    # that the outlined box is the figure's box (and in view), where the page reads as the figure.
    with pdfplumber.open(RAW_REPORTS / f"{report}.pdf") as pdf:
        for figure in dom.figures:
            assert figure["img"] == f"img/{report}/page-{figure['data-page']}.png", figure
            assert (audit_site / figure["img"]).stat().st_size > 500
            crop = figure["crop"]
            assert abs(float(crop["data-pixels-per-point"]) - 110 / 72) < 0.01, crop  # the page at its render resolution
            box = [float(v) for v in figure["data-bbox"].split(",")]
            marked = [float(v) for v in crop["data-marked"].split(",")]
            shown = [float(v) for v in crop["data-shown"].split(",")]
            assert all(0.5 <= outside <= 3.0 for outside in (box[0] - marked[0], box[1] - marked[1],
                                                             marked[2] - box[2], marked[3] - box[3])), (figure, marked)
            assert shown[0] <= marked[0] and shown[1] <= marked[1] and marked[2] <= shown[2] and marked[3] <= shown[3], crop
            page = pdf.pages[int(figure["data-page"]) - 1]
            text = page.within_bbox(marked).extract_text()
            amount = int(figure["data-amount"])
            if figure["data-kind"] == "fact":
                assert parse_amount(text) == amount, figure
            elif figure["data-unit"] in ("antal", "nummer"):
                assert parse_count(text) == (amount, int(figure["data-precision"])), figure
            else:
                assert amount in {m.value for m in find_money(" ".join(text.split()))}, (figure, text)

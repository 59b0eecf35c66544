"""The audit report: a static HTML page per report, and an index, under `warehouse/audit/`.

Each page lists every figure extracted from the report (statement amounts and
figures in prose) with the checks' findings on it, and beside each a picture
of its place on the PDF page: a window onto the page's picture with the
figure outlined. The pictures are made by the pipeline (which asks the
extractors to render the pages `picture_files` names); this module only reads
the warehouse and writes HTML. The pages need no server: open `index.html` in
any browser. The index lists the reports with their check status and draws
the income statement lines across the years.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from schemas.pictures import Box, PagePicture
from warehouse.audit import check_description, check_names

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHART_LINES = ("summa_intakter", "summa_kostnader", "arets_resultat", "utgaende_medel")
CHART_COLOURS = ("#1f6f8b", "#b5523b", "#3c8d3f", "#6b4c9a")


@cache
def _environment() -> Environment:
    """The templates' environment, made once: each template is compiled on first use only."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = connection.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sek(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", "\u202f")


def report_page_contents(connection: duckdb.DuckDBPyConnection, report_ids: Sequence[str]) -> list[dict]:
    """What the page of each report shows: the report, the checks, and every figure with the box to picture."""
    return [_page_content(connection, report_id) for report_id in report_ids]


def write_report_pages(
    contents: Sequence[dict], pictures: Sequence[tuple[Sequence[PagePicture], str | None]], out_dir: Path
) -> list[Path]:
    """The audit page of each report, its figures placed on the pictures of its pages.

    Each report comes with its pictures (none when its file is gone) and a note on the pictures that
    could not be drawn, which its page shows.
    """
    for content, (report_pictures, note) in zip(contents, pictures, strict=True):
        content["pictures_note"] = note
        _place_views(content, report_pictures, out_dir)
    return [_write_page(content, out_dir) for content in contents]


def view_box(box: Box, page: Box, context: Box | None = None, margin: float = 24.0) -> Box:
    """What to show of the page for a figure: its box and its context with a margin around them, kept on the page."""
    area = _union(box, context) if context else box
    return (max(page[0], area[0] - margin), max(page[1], area[1] - margin),
            min(page[2], area[2] + margin), min(page[3], area[3] + margin))


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _grown(box: Box, margin: float) -> Box:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def _page_content(connection: duckdb.DuckDBPyConnection, report_id: str) -> dict:
    """What the page of one report shows: the report, the checks, and every figure with the boxes to picture."""
    [report] = _rows(connection, "select * from reports where report_id = ?", [report_id])
    findings = _rows(connection, 'select * from audit_findings where report_id = ? order by "check", fiscal_year', [report_id])
    facts = _rows(connection, "select * from financial_facts where report_id = ? order by page, top, x0", [report_id])
    figures = _rows(connection, "select * from key_figures where report_id = ? order by page, top, x0", [report_id])

    for fact in facts:
        fact["bbox"] = f"{fact['x0']:.2f},{fact['top']:.2f},{fact['x1']:.2f},{fact['bottom']:.2f}"
        fact["findings"] = [
            f for f in findings
            if f["fiscal_year"] == fact["fiscal_year"] and f["line_item_or_metric"] == fact["line_item"] and f["line_item_or_metric"]
        ]
        fact["box"] = (fact["x0"], fact["top"], fact["x1"], fact["bottom"])
        fact["context"] = (fact["label_x0"], fact["label_top"], fact["label_x1"], fact["label_bottom"])
    for figure in figures:
        figure["bbox"] = f"{figure['x0']:.2f},{figure['top']:.2f},{figure['x1']:.2f},{figure['bottom']:.2f}"
        figure["amount_text"] = _sek(figure["amount"])
        figure["precision_text"] = _sek(figure["precision"])
        figure["findings"] = [
            f for f in findings
            if f["check"] == "prose_agrees_with_tables" and f["fiscal_year"] == figure["fiscal_year"]
            and figure["metric"] in (f["message"] or "")
        ]
        box = figure["box"] = (figure["x0"], figure["top"], figure["x1"], figure["bottom"])
        figure["context"] = (box[0] - 120, box[1] - 12, box[2] + 120, box[3] + 12)  # the words of its sentence
    checks = []
    for name in check_names():
        own = [f for f in findings if f["check"] == name]
        result = "errors" if any(f["severity"] == "error" for f in own) else "warnings" if own else "passed"
        checks.append({"name": name, "description": check_description(name), "result": result, "findings": own})

    return {"report": report, "checks": checks, "facts": facts, "key_figures": figures}


def picture_files(content: dict, out_dir: Path) -> dict[int, Path]:
    """The picture of each page that holds a figure of the report."""
    report_id = content["report"]["report_id"]
    numbers = {figure["page"] for figure in (*content["facts"], *content["key_figures"])}
    return {number: out_dir / "img" / report_id / f"page-{number}.png" for number in sorted(numbers)}


def _place_views(content: dict, pictures: Sequence[PagePicture], out_dir: Path, width: float = 340.0) -> None:
    """For each figure, the window onto its page's picture (at most `width` pixels wide) and its outline, in CSS pixels."""
    by_page = {picture.page: picture for picture in pictures}
    for figure in (*content["facts"], *content["key_figures"]):
        image = by_page.get(figure["page"])
        if image is None:
            continue
        shown = view_box(figure["box"], image.area, figure["context"])
        zoom = min(1.0, width / ((shown[2] - shown[0]) * image.scale))
        left, top, shown_width, shown_height = image.pixels(shown)
        marked = _grown(figure["box"], 1.5)
        mark_left, mark_top, mark_width, mark_height = image.pixels(marked)
        figure["view"] = {
            "src": Path(image.path).relative_to(out_dir).as_posix(),
            "width": round(shown_width * zoom, 1), "height": round(shown_height * zoom, 1),
            "image_left": round(-left * zoom, 1), "image_top": round(-top * zoom, 1),
            "image_width": round((image.area[2] - image.area[0]) * image.scale * zoom, 1),
            "mark_left": round((mark_left - left) * zoom, 1), "mark_top": round((mark_top - top) * zoom, 1),
            "mark_width": round(mark_width * zoom, 1), "mark_height": round(mark_height * zoom, 1),
            "page_area": ",".join(f"{v:.2f}" for v in image.area),
        }


def _write_page(content: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / f"{content['report']['report_id']}.html"
    html = _environment().get_template("report.html.j2").render(
        report=content["report"], checks=content["checks"], facts=content["facts"], key_figures=content["key_figures"],
        pictures_note=content.get("pictures_note"),
    )
    page.write_text(html, encoding="utf-8")
    (out_dir / "style.css").write_text((TEMPLATES / "base.css").read_text(encoding="utf-8"), encoding="utf-8")
    return page


def write_index(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> Path:
    """The index of all reports, with the income statement across years as a chart and a table."""
    reports = _rows(
        connection,
        """
        select r.*, (select count(*) from audit_findings a where a.report_id = r.report_id) as findings
        from reports r order by report_year nulls last, file_name
        """,
    )
    for report in reports:
        page = out_dir / f"{report['report_id']}.html"
        report["page"] = page.name if page.exists() else None
    statement = _rows(connection, "select * from income_statement order by sort_order, fiscal_year")
    years = sorted({row["fiscal_year"] for row in statement})
    lines: dict[str, dict] = {}
    for row in statement:
        line = lines.setdefault(
            row["line_item"],
            {"code": row["line_item"], "name": row["line_item_name"], "amounts": {}, "values": {}, "disagree": {}},
        )
        line["amounts"][row["fiscal_year"]] = _sek(row["amount_sek"])
        line["values"][row["fiscal_year"]] = row["amount_sek"]
        line["disagree"][row["fiscal_year"]] = row["reports_disagree"]
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    html = _environment().get_template("index.html.j2").render(
        reports=reports, years=years, lines=list(lines.values()), chart=income_chart(lines, years),
        built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    index.write_text(html, encoding="utf-8")
    (out_dir / "style.css").write_text((TEMPLATES / "base.css").read_text(encoding="utf-8"), encoding="utf-8")
    return index


def income_chart(lines: dict[str, dict], years: list[int], width: int = 760, height: int = 300) -> str:
    """An SVG line chart of the main income statement lines by year (costs drawn as positive)."""
    series = [(lines[c]["name"], colour, {y: abs(v) for y, v in lines[c]["values"].items()})
              for c, colour in zip(CHART_LINES, CHART_COLOURS, strict=True) if c in lines]
    if not series or len(years) < 2:
        return '<p class="muted">Too few years for a chart.</p>'
    left, right, top, bottom = 90, 200, 20, 40
    peak = max(v for _, _, values in series for v in values.values()) or 1
    x = lambda year: left + (year - years[0]) / (years[-1] - years[0]) * (width - left - right)
    y = lambda value: top + (1 - value / peak) * (height - top - bottom)
    parts = [f'<svg id="income-chart" role="img" aria-label="Resultaträkningen över åren" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    for tick in range(0, 5):
        value = peak * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e6e9ed"/>')
        parts.append(f'<text x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{value / 1e6:.1f} Mkr</text>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - 15}" text-anchor="middle" font-size="12">{year}</text>')
    for index, (name, colour, values) in enumerate(series):
        points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(values.items()))
        parts.append(f'<polyline class="series" data-line="{name}" fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for yr, v in sorted(values.items()):
            parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                         f'<title>{name} {yr}: {_sek(v)} kr</title></circle>')
        parts.append(f'<text x="{width - right + 10}" y="{top + 18 * index + 10}" font-size="12" fill="{colour}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts)

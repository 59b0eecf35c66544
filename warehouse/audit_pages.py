"""The audit report: a static HTML page per report, and an index, under `warehouse/audit/`.

Each page shows, in Swedish, what the report's load holds: the checks (with
what each compared, or "ej tillämplig" where it had nothing to compare), the
extractors' findings, every figure (statement amounts and figures in prose),
the committee, the projects, the plan's goals and networks. Beside each item
is a picture of its place on the PDF page: a window onto the page's picture
with an outline drawn around the item, never over it; a click opens the whole
page with the outline kept (a `:target` overlay, no script needed). The
pictures are made by the pipeline (which asks the extractors to render the
pages `picture_files` names); this module only reads the warehouse and writes
HTML. The pages need no server: open `index.html` in any browser. The index
lists the reports with their check status and draws the income statement
lines across the years, costs below zero as the statement prints them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from schemas.pictures import Box, PagePicture
from schemas.vocabularies import document_types
from warehouse.audit import check_description, check_names

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHART_LINES = ("summa_intakter", "summa_kostnader", "arets_resultat", "utgaende_medel")
CHART_COLOURS = ("#1f6f8b", "#b5523b", "#3c8d3f", "#6b4c9a")
RESULTS_SV = {"passed": "godkänd", "warnings": "varningar", "errors": "fel", "not_applicable": "ej tillämplig",
              "loaded": "inläst", "incomplete": "ofullständig", "failed": "misslyckad", "duplicate": "dubblett"}
SEVERITIES_SV = {"error": "fel", "warning": "varning", "info": "notering"}
# How the page names a statement's entity, the statement and a column that is no outcome.
ENTITIES_SV = {"koncern": "Koncernen", "moderbolag": "Moderbolaget", "kommun": "Kommunen", "kommunkoncern": "Kommunkoncernen"}
STATEMENTS_SV = {"resultatrapport": "Resultatrapport", "disposition_specifikation": "Specifikation av övriga insatser",
                 "utgaende_medel_specifikation": "Specifikation av utgående medel", "resultatrakning": "Resultaträkning",
                 "balansrakning": "Balansräkning", "kassaflodesanalys": "Kassaflödesanalys"}
KINDS_SV = {"budget": "budget", "forecast": "prognos"}
CROP_WIDTH = 320.0  # CSS pixels: the most a figure's window takes of its row
DISPLAY_PX_PER_POINT = 2.0  # CSS pixels per point at most in a window: 8-pt digits about 16 pixels high
READABLE_PX_PER_POINT = 1.5  # and at least, unless the item itself is wider: the window narrows to keep it
OUTLINE_GAP = 2.0  # CSS pixels between an item's box and the outline drawn around it


@cache
def _environment() -> Environment:
    """The templates' environment, made once: each template is compiled on first use only."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    # A page is headed by what the report is, in Swedish: its organisation, its kind and its year, never a
    # PDF's title field (often junk: "NS", "No Title").
    environment.globals["document_names"] = {rule.code: rule.name for rule in document_types()}
    environment.filters["between_parts"] = _between_parts
    return environment


def _between_parts(name: str) -> Markup:
    """A code name that may break after each underscore and nowhere else: "specifications_ | match_statement"."""
    return Markup("_<wbr>").join(escape(part) for part in name.split("_"))


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


def _narrowed(shown: Box, box: Box, widest: float) -> Box:
    """At most `widest` points of `shown` across, centred on the box where the context would be wider (a label far
    left of its amount); never narrower than the box with room for its outline."""
    if shown[2] - shown[0] <= widest:
        return shown
    half = max(widest, box[2] - box[0] + 16) / 2
    middle = (box[0] + box[2]) / 2
    left = min(max(shown[0], middle - half), shown[2] - 2 * half)
    return (left, shown[1], left + 2 * half, shown[3])


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


# Each kind of item the page shows with its place: its table of the warehouse, its order, and how much of
# the words around it its window shows (points left and right, above and below).
ITEMS = {
    "reading_findings": ("extraction_findings", "page nulls first, severity, message", (120, 12)),
    "facts": ("financial_facts", "page, top, x0", None),  # a fact's window shows its label
    "key_figures": ("key_figures", "page, top, x0", (120, 12)),  # the words of its sentence
    "committee": ("committee_members", "as_of, page, top, x0", (60, 12)),
    "projects": ("projects", "year, page, top, x0", (60, 12)),
    "plan_goals": ("plan_goals", "page, top, x0", (12, 12)),
    "networks": ("networks", "page, top, x0", (60, 12)),
}


def _page_content(connection: duckdb.DuckDBPyConnection, report_id: str) -> dict:
    """What the page of one report shows: the report, the checks, and every item with the boxes to picture."""
    [report] = _rows(connection, "select * from reports where report_id = ?", [report_id])
    findings = _rows(connection, 'select * from audit_findings where report_id = ? '
                                 'order by "check", fiscal_year, page, line_item_or_metric, message', [report_id])
    compared = dict(connection.execute('select "check", checked from audit_coverage where report_id = ?', [report_id]).fetchall())
    content: dict = {"report": report, "ocr_pages": _rows(
        connection, "select page_number, ocr_confidence from pages where report_id = ? and text_source = 'ocr' "
                    "order by page_number", [report_id])}
    for kind, (table, order, around) in ITEMS.items():
        content[kind] = [_placed(item, around) for item in _rows(
            connection, f"select * from {table} where report_id = ? order by {order}", [report_id])]

    for fact in content["facts"]:
        fact["findings"] = [
            f for f in findings
            if f["fiscal_year"] == fact["fiscal_year"] and f["line_item_or_metric"] == fact["line_item"] and f["line_item_or_metric"]
        ]
        fact["context"] = (fact["label_x0"], fact["label_top"], fact["label_x1"], fact["label_bottom"])
        fact["label_box"] = fact["context"] if fact["label"] else None
    content["statements"] = _statements(content["facts"], findings)
    for figure in content["key_figures"]:
        figure["amount_text"] = _sek(figure["amount"])
        figure["precision_text"] = _sek(figure["precision"])
        figure["findings"] = [
            f for f in findings
            if f["check"] == "prose_agrees_with_tables" and f["fiscal_year"] == figure["fiscal_year"]
            and figure["metric"] in (f["message"] or "")
        ]
    for finding in content["reading_findings"]:
        finding["severity_sv"] = SEVERITIES_SV.get(finding["severity"], finding["severity"])
    for goal in content["plan_goals"]:
        goal["responsible_codes"] = ", ".join(goal["responsible_codes"] or [])
    checks = []
    for name in check_names():
        own = [f for f in findings if f["check"] == name]
        result = ("errors" if any(f["severity"] == "error" for f in own) else "warnings" if own
                  else "passed" if name in compared else "not_applicable")
        checks.append({"name": name, "description": check_description(name, "sv"), "result": result,
                       "result_sv": RESULTS_SV[result], "compared": compared.get(name, 0), "findings": own})
    content["checks"] = checks
    return content


def _statements(facts: Sequence[dict], findings: Sequence[dict]) -> list[dict]:
    """The facts as the report prints them: one group per entity, statement and kind of column, in the order of
    their pages, each with the findings of the checks made on that entity ("balansrakning:koncern")."""
    groups: dict[tuple, dict] = {}
    for fact in facts:
        key = (fact.get("entity"), fact["statement"], fact.get("kind") or "actual")
        if key not in groups:
            entity, statement, kind = key
            title = " · ".join(part for part in (ENTITIES_SV.get(entity or "", ""), STATEMENTS_SV.get(statement, statement),
                                                 KINDS_SV.get(kind, "")) if part)
            suffix = f":{entity}" if entity else None
            own = [f for f in findings if suffix and (f["line_item_or_metric"] or "").endswith(suffix)]
            groups[key] = {"entity": entity, "statement": statement, "kind": kind, "title": title, "facts": [],
                           "findings": own, "first_page": fact["page"]}
        groups[key]["facts"].append(fact)
    return sorted(groups.values(), key=lambda g: (g["first_page"], g["title"]))


def _placed(item: dict, around: tuple[float, float] | None) -> dict:
    """An item with its box (None where it has no place on a page) and the part of the page around it to show."""
    if item.get("page") is None or item.get("x0") is None:
        item["box"] = None
        return item
    box = item["box"] = (item["x0"], item["top"], item["x1"], item["bottom"])
    item["bbox"] = ",".join(f"{v:.2f}" for v in box)
    if around is not None:
        item["context"] = (box[0] - around[0], box[1] - around[1], box[2] + around[0], box[3] + around[1])
    return item


def _placed_items(content: dict) -> list[dict]:
    """Every item of the page that has a place on a page of the report."""
    return [item for kind in ITEMS for item in content[kind] if item.get("box") is not None]


def picture_files(content: dict, out_dir: Path) -> dict[int, Path]:
    """The picture of each page that holds an item of the report's page."""
    report_id = content["report"]["report_id"]
    numbers = {item["page"] for item in _placed_items(content)}
    return {number: out_dir / "img" / report_id / f"page-{number}.png" for number in sorted(numbers)}


def _place_views(content: dict, pictures: Sequence[PagePicture], out_dir: Path) -> None:
    """For each item, the window onto its page's picture and the outline around it, in CSS pixels; and the
    whole page with the same outline, in percent of the picture, for the view a click opens."""
    by_page = {picture.page: picture for picture in pictures}
    for number, item in enumerate(_placed_items(content), start=1):
        image = by_page.get(item["page"])
        if image is None:
            continue
        widest = CROP_WIDTH / READABLE_PX_PER_POINT
        whole = view_box(item["box"], image.area, item.get("context"))
        shown = _narrowed(whole, item["box"], widest)
        label = item.get("label_box")
        if label is not None and shown != whole:
            # The label stands too far from its amount for one readable window: a window of its own, above.
            label_shown = view_box(label, image.area, margin=5.0)
            label_shown = (label_shown[0], label_shown[1], min(label_shown[2], label_shown[0] + widest), label_shown[3])
            item["label_view"] = _window(image, label_shown, out_dir)
        shown_points = shown[2] - shown[0]
        zoom = min(DISPLAY_PX_PER_POINT, CROP_WIDTH / shown_points) / image.scale  # CSS pixels per picture pixel
        left, top, shown_width, shown_height = image.pixels(shown)
        box_left, box_top, box_width, box_height = image.pixels(item["box"])
        page_width, page_height = image.area[2] - image.area[0], image.area[3] - image.area[1]
        gap = 1.0  # points between the box and the outline in the whole-page view
        item["view"] = {
            "id": f"v{number}", "row": f"f{number}",
            "src": Path(image.path).relative_to(out_dir).as_posix(),
            "width": round(shown_width * zoom, 1), "height": round(shown_height * zoom, 1),
            "image_left": round(-left * zoom, 1), "image_top": round(-top * zoom, 1),
            "image_width": round(page_width * image.scale * zoom, 1),
            # The outline's inside edge stands OUTLINE_GAP pixels off the box: it is drawn around the text.
            "mark_left": round((box_left - left) * zoom - OUTLINE_GAP, 1),
            "mark_top": round((box_top - top) * zoom - OUTLINE_GAP, 1),
            "mark_width": round(box_width * zoom + 2 * OUTLINE_GAP, 1),
            "mark_height": round(box_height * zoom + 2 * OUTLINE_GAP, 1),
            "page_area": ",".join(f"{v:.2f}" for v in image.area),
            "page_mark": {  # percent of the whole page's picture
                "left": round(100 * (item["box"][0] - gap - image.area[0]) / page_width, 3),
                "top": round(100 * (item["box"][1] - gap - image.area[1]) / page_height, 3),
                "width": round(100 * (item["box"][2] - item["box"][0] + 2 * gap) / page_width, 3),
                "height": round(100 * (item["box"][3] - item["box"][1] + 2 * gap) / page_height, 3),
            },
            "aspect": f"{page_width:.2f} / {page_height:.2f}",
        }


def _window(image: PagePicture, shown: Box, out_dir: Path) -> dict:
    """A window onto part of a page's picture, without an outline: a figure's label where it stands far from it."""
    zoom = min(DISPLAY_PX_PER_POINT, CROP_WIDTH / (shown[2] - shown[0])) / image.scale
    left, top, shown_width, shown_height = image.pixels(shown)
    page_width = image.area[2] - image.area[0]
    return {"src": Path(image.path).relative_to(out_dir).as_posix(),
            "width": round(shown_width * zoom, 1), "height": round(shown_height * zoom, 1),
            "image_left": round(-left * zoom, 1), "image_top": round(-top * zoom, 1),
            "image_width": round(page_width * image.scale * zoom, 1)}


def _write_page(content: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / f"{content['report']['report_id']}.html"
    html = _environment().get_template("report.html.j2").render(
        **content, results_sv=RESULTS_SV, views=[item for item in _placed_items(content) if item.get("view")],
    )
    page.write_text(html, encoding="utf-8")
    (out_dir / "style.css").write_text((TEMPLATES / "base.css").read_text(encoding="utf-8"), encoding="utf-8")
    return page


def write_index(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> Path:
    """The index of all reports, with the income statement across years as a chart and a table."""
    reports = _rows(
        connection,
        """
        select r.*, (select count(*) from audit_findings a where a.report_id = r.report_id)
                    + (select count(*) from extraction_findings e where e.report_id = r.report_id) as findings
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
        reports=reports, results_sv=RESULTS_SV, years=years, lines=list(lines.values()), chart=income_chart(lines, years),
        organisations=sorted({r["organisation"] for r in reports if r.get("organisation")}),
        built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    index.write_text(html, encoding="utf-8")
    (out_dir / "style.css").write_text((TEMPLATES / "base.css").read_text(encoding="utf-8"), encoding="utf-8")
    return index


def _mkr(value: float) -> str:
    """Millions of kronor as Swedish prints them: "2,2 Mkr", "−1,5 Mkr"."""
    return f"{value / 1e6:.1f}".replace(".", ",").replace("-", "\u2212") + " Mkr"


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from below `low` to above `high`, about `count` steps of 1, 2, 2.5 or 5 times a power of ten."""
    rough = (high - low) / count or 1.0
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [k * step for k in range(first, last + 1)]


def income_chart(lines: dict[str, dict], years: list[int], width: int = 960, height: int = 320) -> str:
    """An SVG line chart of the main income statement lines by year, signed as the statement prints them
    (costs below zero), with its legend beside it in HTML so that no name is cut off."""
    series = [(lines[c]["name"], colour, dict(lines[c]["values"]))
              for c, colour in zip(CHART_LINES, CHART_COLOURS, strict=True) if c in lines]
    if not series or len(years) < 2:
        return '<p class="muted" id="income-chart-missing">För få år för ett diagram.</p>'
    left, right, top, bottom = 80, 20, 16, 36
    values = [v for _, _, by_year in series for v in by_year.values()]
    ticks = _ticks(min(0, *values), max(0, *values))
    low, high = ticks[0], ticks[-1]
    x = lambda year: left + (year - years[0]) / (years[-1] - years[0]) * (width - left - right)
    y = lambda value: top + (high - value) / (high - low) * (height - top - bottom)
    parts = [f'<svg id="income-chart" role="img" aria-label="Resultaträkningen över åren" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto">']
    for value in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e6e9ed"/>')
        parts.append(f'<text class="tick" x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{_mkr(value)}</text>')
    parts.append(f'<line class="zero" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#6b7785"/>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - 12}" text-anchor="middle" font-size="12">{year}</text>')
    for name, colour, by_year in series:
        points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(by_year.items()))
        shown = escape(name)  # a line's name is vocabulary data: never markup
        parts.append(f'<polyline class="series" data-line="{shown}" fill="none" stroke="{colour}" stroke-width="2.5" '
                     f'points="{points}"/>')
        for yr, v in sorted(by_year.items()):
            parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}" '
                         f'data-line="{shown}" data-year="{yr}" data-amount="{v}"><title>{shown} {yr}: {_sek(v)} kr</title></circle>')
    parts.append("</svg>")
    parts.append('<ul class="legend" id="income-chart-legend">' + "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(name)}</li>' for name, colour, _ in series) + "</ul>")
    return "\n".join(parts)

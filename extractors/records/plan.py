"""A business plan's goals and networks.

Goal tables are recognised by their header row (Mål, Strategi, Mätetal,
Ansvarig, in any order; `schemas/vocabularies/plan.yaml`). A goal or strategy
cell left empty under a spanning cell continues the one above; a table that
runs on over a page keeps the goal area of the heading before it. A metric
cell may hold several numbered metrics ("1.4 ... 1.5 ..."), each with topic
words before its number; the municipalities responsible for each are the lines
of the responsible cell that stand level with it, since the plan prints one
line of names per metric.

Networks are the numbered lines under a heading about networks, each in the
group of the unnumbered line above it ("Övriga nätverk").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.pdf.hyphenation import join_lines
from extractors.pdf.lines import rows_to_lines, words_to_rows
from extractors.pdf.model import BBox, BlockKind, Cell, Document, Page, Table, Word, bbox_of
from extractors.records.findings import finding
from extractors.records.municipalities import resolve_municipality
from schemas.findings import ExtractionFinding
from schemas.plan import Network, PlanGoal
from schemas.vocabularies import plan_rules

EXTRACTOR = "plan"


@dataclass
class PlanExtraction:
    goals: list[PlanGoal] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)


@lru_cache(maxsize=1)
def _rules() -> dict:
    rules = plan_rules()
    return {
        "columns": {key: re.compile(p) for key, p in rules.goal_columns.items()},
        "area": re.compile(rules.goal_area_heading),
        "number": re.compile(rules.metric_number),
        "letter": re.compile(rules.metric_letter),
        "networks": re.compile(rules.networks_heading),
        "item": re.compile(rules.network_item),
        "qualifiers": frozenset(rules.responsible_qualifiers),
    }


def extract_plan(document: Document, report_id: str) -> PlanExtraction:
    result = PlanExtraction()
    area = None
    for page in document.pages:
        for block in page.blocks:
            if block.kind is BlockKind.HEADING and _rules()["area"].search(block.text.lower()):
                area = " ".join(block.text.split())
            if block.table is not None and (columns := goal_columns(block.table)):
                if area is None:
                    result.findings.append(finding(report_id, EXTRACTOR, "warning", "goal_table_without_area", page,
                                                   block.bbox))
                    continue
                _read_goal_table(page, block.table, columns, area, report_id, result)
    result.networks.extend(extract_networks(document, report_id))
    result.findings.extend(empty_network_sections(document, report_id, result.networks))
    return result


def empty_network_sections(document: Document, report_id: str, networks: list[Network]) -> list[ExtractionFinding]:
    """A finding for a heading about networks, on a page where numbered networks are read elsewhere in the
    document's kind of list ("1. Skolchefer") but none under this one: a list the reader could not read."""
    findings = []
    for page in document.pages:
        for block in page.blocks:
            text = " ".join(block.text.split())
            if block.kind is not BlockKind.HEADING or not _rules()["networks"].search(text.lower()):
                continue
            numbered = [b for b in page.blocks if b is not block and re.match(r"^\d{1,2}[.)]\s", b.text.strip())]
            if numbered and not any(n.page == page.number for n in networks):
                findings.append(finding(report_id, EXTRACTOR, "warning", "network_section_unread", page, block.bbox,
                                        heading=text))
    return findings


def goal_columns(table: Table) -> dict[str, int] | None:
    """The column of each of goal, strategy, metric and responsible, from the header row."""
    header = table.rows[0]
    found = {}
    for index, cell in enumerate(header):
        text = (cell.text if cell else "").strip().lower()
        for key, pattern in _rules()["columns"].items():
            if key not in found and pattern.search(text):
                found[key] = index
    return found if len(found) == len(_rules()["columns"]) else None


def _read_goal_table(page: Page, table: Table, columns: dict[str, int], area: str, report_id: str, result: PlanExtraction) -> None:
    goal = strategy = None
    for row in table.rows[1:]:
        goal_cell, strategy_cell = row[columns["goal"]], row[columns["strategy"]]
        metric_cell, responsible_cell = row[columns["metric"]], row[columns["responsible"]]
        if goal_cell is not None and goal_cell.text:
            goal = goal_cell.text
        if strategy_cell is not None and strategy_cell.text:
            strategy = strategy_cell.text
        if metric_cell is None or not metric_cell.words:
            continue
        metrics = split_metrics(metric_cell, area_number(area))
        if not metrics:
            continue  # a footnote row ("[1] Normkritik; ...") has no numbered metric
        assigned = assign_responsible(metrics, [" ".join(w.text for w in line) for line in _lines(responsible_cell)])
        if assigned is None:
            result.findings.append(finding(report_id, EXTRACTOR, "warning", "goal_metrics_unpaired", page,
                                           metric_cell.bbox, metrics=", ".join(m[0] for m in metrics)))
            assigned = [None] * len(metrics)
        for (number, text, box), responsible in zip(metrics, assigned, strict=True):
            codes = []
            for token in (responsible or "").replace(",", " ").split():
                if token.lower() in _rules()["qualifiers"]:
                    continue
                municipality = resolve_municipality(token)
                if municipality is None:
                    result.findings.append(finding(report_id, EXTRACTOR, "warning", "goal_responsible_unknown", page, box,
                                                   token=token, metric=number))
                elif municipality.code not in codes:
                    codes.append(municipality.code)
            result.goals.append(
                PlanGoal(
                    report_id=report_id, goal_area=area, goal=goal, strategy=strategy, metric_number=number,
                    metric=text, responsible=responsible, responsible_codes=tuple(codes), page=page.number,
                    x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
                )
            )


def area_number(area: str) -> str | None:
    match = re.match(r"^(\d+)\.", area)
    return match.group(1) if match else None


def assign_responsible(metrics: Sequence[tuple[str, str, BBox]], lines: Sequence[str]) -> list[str | None] | None:
    """The responsible line of each metric: the plan prints one line per metric number, in order.

    Metrics sharing a number ("1.8 a)", "1.8 b)") share a line; one line for
    several metrics, or lines that say how responsibility is shared
    ("Huvudansvar ..., medansvar ..."), are theirs together; no line leaves
    them without. Any other count cannot be paired and is None.
    """
    if not lines:
        return [None] * len(metrics)
    bases = list(dict.fromkeys(number.split()[0] for number, _, _ in metrics))
    shared = any(word.lower().strip(",") in _rules()["qualifiers"] for line in lines for word in line.split())
    if len(lines) == 1 or shared:
        # "Huvudansvar Ängelholm, medansvar Båstad" speaks for the whole row.
        return [" ".join(lines)] * len(metrics)
    if len(lines) != len(bases):
        return None
    by_base = dict(zip(bases, lines, strict=True))
    return [by_base[number.split()[0]] for number, _, _ in metrics]


def split_metrics(cell: Cell, area: str | None = None) -> list[tuple[str, str, BBox]]:
    """The numbered metrics of a cell: (number, text, box); topic words before a number are not its text.

    With the goal area's number, only numbers of that area count ("1.4" in area
    1), so a version number in the text ("infrastrukturstrategi 3.0") is none.
    """
    ordered = [w for line in _lines(cell) for w in line]
    starts = [
        i for i, w in enumerate(ordered)
        if _rules()["number"].match(w.text) and (area is None or w.text.split(".")[0] == area)
    ]
    metrics = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(ordered)
        number = ordered[start].text.rstrip(".")
        body = ordered[start + 1 : end]
        if body and _rules()["letter"].match(body[0].text):
            number, body = f"{number} {body[0].text}", body[1:]
        # Words after the last full stop before the next number are that
        # metric's topic ("... senast år 2019. Skånebanan 1.7 ..."), not this one's.
        if n + 1 < len(starts):
            last_stop = max((i for i, w in enumerate(body) if w.text.endswith(".")), default=len(body) - 1)
            body = body[: last_stop + 1]
        text = join_lines([" ".join(w.text for w in body)])
        box = bbox_of([ordered[start], *body]) if body else ordered[start].bbox
        metrics.append((number, text, box))
    return metrics


def _lines(cell: Cell | None) -> list[list[Word]]:
    if cell is None or not cell.words:
        return []
    return [list(line.words) for line in rows_to_lines(words_to_rows(cell.words))]


def extract_networks(document: Document, report_id: str) -> list[Network]:
    """The numbered networks under a heading about networks, with the group line above each."""
    networks = []
    for page in document.pages:
        active, level, group = False, 0, None
        for block in page.blocks:
            text = " ".join(block.text.split())
            if block.kind is BlockKind.HEADING:
                if active and (block.level or 0) > level:
                    group = text  # a sub-heading names the group of the lines below it
                    continue
                active = bool(_rules()["networks"].search(text.lower()))
                level, group = block.level or 0, None
                continue
            if not active or block.kind is BlockKind.TABLE:
                continue
            # Numbered lines set close together come as one block: each of its lines that is numbered is a network.
            lines = [(" ".join(line.text.split()), line.bbox) for line in block.lines]
            items = [(m, box) for text_of_line, box in lines if (m := _rules()["item"].match(text_of_line))]
            if items and len(items) == len(lines):
                for match, box in items:
                    networks.append(
                        Network(report_id=report_id, number=int(match["number"]), name=match["name"].strip(),
                                network_group=group, page=page.number, x0=box.x0, top=box.top, x1=box.x1,
                                bottom=box.bottom)
                    )
                continue
            match = _rules()["item"].match(text)
            if match:
                networks.append(
                    Network(report_id=report_id, number=int(match["number"]), name=match["name"].strip(),
                            network_group=group, page=page.number, x0=block.bbox.x0, top=block.bbox.top,
                            x1=block.bbox.x1, bottom=block.bbox.bottom)
                )
            elif len(text) < 80 and not text.endswith("."):
                group = text
    return networks


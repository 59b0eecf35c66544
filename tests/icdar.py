"""Scoring a table finder against the ICDAR 2013 table competition's ground truth (`../shared/realworld/expected/`).

A truth cell counts when its stripped text equals the text of the cell at the same place in the best table found
on its page, after the best alignment of the two grids (rows shifted -3..3, columns -2..2); a place outside the
table found reads as empty. A truth table with no table found on its page scores nothing. `ours` reads a file with
this project's finder, `plumbers` with pdfplumber's `extract_tables()` at its defaults. The test of the finder and
`bench/icdar_tables.py` both score with these.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pdfplumber

from extractors import build_document

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def truth_tables() -> list[dict]:
    """Every ICDAR 2013 truth table: its file, page and grid of cell texts."""
    tables = []
    for path in sorted((REALWORLD / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["sets"]:
            if entry["kind"] != "icdar2013_ground_truth":
                continue
            for grid, meta in zip(entry["tables"], entry["table_meta"], strict=True):
                tables.append({"file": data["file"], "page": meta["pages"][0], "grid": grid,
                               "id": f"{data['file']}#{meta['icdar_table_id']}"})
    return tables


def _norm(text: str | None) -> str:
    return (text or "").strip()


def matched_cells(truth: list[list[str]], found: list[list[str | None]]) -> int:
    """Truth cells equal to the found table's cell at the same place, at the best alignment."""
    best = 0
    for row_shift in range(-3, 4):
        for column_shift in range(-2, 3):
            count = 0
            for r, row in enumerate(truth):
                fr = r + row_shift
                for c, text in enumerate(row):
                    fc = c + column_shift
                    cell = found[fr][fc] if 0 <= fr < len(found) and 0 <= fc < len(found[fr]) else ""
                    count += _norm(text) == _norm(cell)
            best = max(best, count)
    return best


def ours(path: Path) -> tuple[dict[int, list[list[list[str]]]], float]:
    started = time.process_time()
    document = build_document(path)
    seconds = time.process_time() - started
    return {page.number: [[[cell.printed if cell else "" for cell in row] for row in table.rows] for table in page.tables]
            for page in document.pages}, seconds


def plumbers(path: Path) -> tuple[dict[int, list[list[list[str]]]], float]:
    started = time.process_time()
    with pdfplumber.open(path) as pdf:
        found = {page.page_number: page.extract_tables() for page in pdf.pages}
    return found, time.process_time() - started

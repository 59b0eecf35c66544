"""The table finder against the ICDAR 2013 table competition's ground truth (`../shared/realworld/expected/`).

A truth cell counts when its stripped text equals the text of the cell at the same place in the best table found
on its page, after the best alignment of the two grids (rows shifted -3..3, columns -2..2); a place outside the
table found reads as empty. A truth table with no table found on its page scores nothing. The same score is
computed for pdfplumber's `extract_tables()` with default settings, in the same process.

    .venv/bin/python bench/icdar_tables.py [--tables] [--families]

Prints the share of cells each finder gets, per table with --tables, and per table family (the file's
collection: EU or US documents) with --families.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import build_document  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", action="store_true", help="print the score of each truth table")
    parser.add_argument("--families", action="store_true", help="print the score per table family")
    args = parser.parse_args()
    truth = truth_tables()
    files = sorted({t["file"] for t in truth})
    found = {"this project": {}, "pdfplumber": {}}
    seconds = {"this project": 0.0, "pdfplumber": 0.0}
    for name in files:
        path = REALWORLD / "pdfs" / name
        found["pdfplumber"][name], spent = plumbers(path)
        seconds["pdfplumber"] += spent
        found["this project"][name], spent = ours(path)
        seconds["this project"] += spent
    total = sum(sum(len(row) for row in t["grid"]) for t in truth)
    scores: dict[str, dict[str, int]] = defaultdict(dict)
    for finder, by_file in found.items():
        for table in truth:
            candidates = by_file[table["file"]].get(table["page"], [])
            scores[finder][table["id"]] = max((matched_cells(table["grid"], c) for c in candidates), default=0)
    for finder in found:
        got = sum(scores[finder].values())
        none = sum(1 for t in truth if not found[finder][t["file"]].get(t["page"]))
        print(f"{finder:<14} {got:>5} of {total} cells ({got / total:.1%}); {none} truth tables with no table "
              f"on their page; {seconds[finder]:.2f} s CPU")
    print(f"reading time: {seconds['this project'] / seconds['pdfplumber']:.2f} x pdfplumber's extract_tables")
    if args.families:
        families: dict[str, list[dict]] = defaultdict(list)
        for table in truth:
            families["eu" if "-eu__" in table["file"] else "us"].append(table)
        for family, tables in sorted(families.items()):
            cells = sum(sum(len(r) for r in t["grid"]) for t in tables)
            line = "  ".join(f"{finder} {sum(scores[finder][t['id']] for t in tables) / cells:.1%}" for finder in found)
            print(f"  {family}: {len(tables)} tables, {cells} cells: {line}")
    if args.tables:
        for table in truth:
            cells = sum(len(r) for r in table["grid"])
            print(f"  {table['id']:<110} {cells:>5} " + " ".join(f"{scores[f][table['id']] / cells:6.1%}" for f in found))
    return 0


if __name__ == "__main__":
    sys.exit(main())

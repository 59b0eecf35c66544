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
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.icdar import REALWORLD, matched_cells, ours, plumbers, truth_tables  # noqa: E402


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

"""How many of the real reports' statement amounts the pipeline reads: `../shared/realworld-sv/gold/statements.csv`
or, with --any-report, `../shared/any-report/gold/statements.csv` (groups, municipalities, an association).

A gold row counts when `financial_facts` holds a fact of the same file, statement, entity, kind, fiscal year and
amount with the same label (compared after collapsing whitespace and case; a gold row without a label matches on
amount). A gold without entity and kind (realworld-sv) is one entity's actuals. Facts on the gold's statement
pages that match no gold row are counted as beyond the gold; a budget fact read as an actual is counted apart.

    .venv/bin/python bench/realworld_statements.py [--any-report] [--scanned] [--misses] [--timing]

--timing prints, per file and in all, what reading the statements costs per page (`extract_statements` on a
document already built, the best of three) beside what building the document model costs per page (once).

Prints per file: gold rows, found, missed, beyond; then the totals. The scanned reports (`*-skannad.pdf`)
count only with --scanned or --only-scanned: they are read by OCR.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import build_document  # noqa: E402
from extractors.records.statements import extract_statements  # noqa: E402

CORPUS = ROOT.parent / "shared" / "realworld-sv"
ANY_REPORT = ROOT.parent / "shared" / "any-report"


def norm(label: str) -> str:
    return " ".join(label.split()).lower()


def gold_rows(corpus: Path = CORPUS) -> list[dict]:
    with open(corpus / "gold" / "statements.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(statement, entity, kind, year, amount, label=None) -> tuple:
    return (statement, entity or "", kind or "actual", int(year), int(amount)) + ((norm(label),) if label is not None else ())


def score_facts(facts, gold: list[dict]) -> dict:
    """Gold rows found, missed and facts beyond the gold, for the facts read from one file."""
    wanted = Counter(_key(g["statement"], g.get("entity"), g.get("kind"), g["fiscal_year"], g["amount_sek"], g["label"])
                     for g in gold)
    have = Counter(_key(f.statement, f.entity, f.kind, f.fiscal_year, f.amount_sek, f.label) for f in facts)
    have_unlabelled = Counter(_key(f.statement, f.entity, f.kind, f.fiscal_year, f.amount_sek) for f in facts)
    found, missed = 0, []
    for key, count in wanted.items():
        got = min(count, have[key])
        if key[-1] == "" and got < count:  # a subtotal printed without a label matches on amount
            extra = min(count - got, have_unlabelled[key[:-1]] - have[key])
            got += max(0, extra)
        found += got
        missed += [key] * (count - got)
    pages = {int(g["page"]) for g in gold}
    on_pages = [f for f in facts if f.page in pages]
    gold_keys = {key[:-1] for key in wanted}
    beyond = [f for f in on_pages if _key(f.statement, f.entity, f.kind, f.fiscal_year, f.amount_sek) not in gold_keys]
    budgets = {key[:-1] for key in wanted if key[2] == "budget"}
    budget_as_actual = [f for f in facts if f.kind == "actual"
                        and _key(f.statement, f.entity, "budget", f.fiscal_year, f.amount_sek) in budgets
                        and _key(f.statement, f.entity, "actual", f.fiscal_year, f.amount_sek) not in gold_keys]
    return {"gold": len(gold), "found": found, "missed": missed, "beyond": beyond, "facts": len(facts),
            "budget_as_actual": budget_as_actual}


def score_file(path: Path, gold: list[dict]) -> dict:
    """Gold rows found, missed and facts beyond the gold for one file."""
    return score_facts(extract_statements(build_document(path), path.stem, None).facts, gold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scanned", action="store_true", help="count the scanned reports too (read by OCR)")
    parser.add_argument("--only-scanned", action="store_true", help="count only the scanned reports")
    parser.add_argument("--misses", action="store_true", help="list each missed row and each fact beyond the gold")
    parser.add_argument("--any-report", action="store_true", help="score ../shared/any-report (entities, budgets)")
    parser.add_argument("--timing", action="store_true", help="milliseconds per page: statements beside the document")
    args = parser.parse_args()
    if args.timing:
        return timing(args)
    corpus = ANY_REPORT if args.any_report else CORPUS
    by_file: dict[str, list[dict]] = {}
    for row in gold_rows(corpus):
        by_file.setdefault(row["file"], []).append(row)
    totals = Counter()
    print(f"{'file':<34} {'gold':>5} {'found':>5} {'missed':>6} {'beyond':>6}")
    for name, gold in sorted(by_file.items()):
        if ("skannad" in name) != args.only_scanned and not args.scanned:
            continue
        result = score_file(corpus / "pdfs" / name, gold)
        totals.update(gold=result["gold"], found=result["found"], beyond=len(result["beyond"]), facts=result["facts"],
                      budget_as_actual=len(result["budget_as_actual"]))
        print(f"{name:<34} {result['gold']:>5} {result['found']:>5} {len(result['missed']):>6} {len(result['beyond']):>6}")
        if args.misses:
            for miss in result["missed"]:
                print("    missed", miss)
            for fact in result["beyond"]:
                print("    beyond", fact.statement, fact.entity, fact.kind, fact.fiscal_year, fact.amount_sek,
                      repr(fact.label), "page", fact.page)
    share = totals["found"] / totals["gold"] if totals["gold"] else 0.0
    beyond = totals["beyond"] / max(1, totals["facts"])
    print(f"{'total':<34} {totals['gold']:>5} {totals['found']:>5} {totals['gold'] - totals['found']:>6} {totals['beyond']:>6}")
    print(f"found {share:.1%} of the gold rows; {beyond:.1%} of the facts on their pages are beyond the gold; "
          f"{totals['budget_as_actual']} budget amounts read as actuals")
    return 0


def timing(args) -> int:
    """Per file: pages, document model ms per page, statements ms per page (best of three)."""
    import time

    files = sorted((CORPUS / "pdfs").glob("*.pdf")) + sorted((ANY_REPORT / "pdfs").glob("*.pdf"))
    files = [f for f in files if "skannad" not in f.name or args.scanned]
    print(f"{'file':<44} {'pages':>5} {'model ms/p':>10} {'statements ms/p':>15}")
    pages = model = statements = 0.0
    for path in files:
        started = time.perf_counter()
        document = build_document(path)
        built = time.perf_counter() - started
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            extract_statements(document, path.stem, None)
            runs.append(time.perf_counter() - started)
        count = len(document.pages)
        pages, model, statements = pages + count, model + built, statements + min(runs)
        print(f"{path.name:<44} {count:>5} {built / count * 1000:>10.1f} {min(runs) / count * 1000:>15.2f}")
    print(f"{'all':<44} {int(pages):>5} {model / pages * 1000:>10.1f} {statements / pages * 1000:>15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A robustness run: every PDF of a folder read within the limits, each loading or failing with a reason.

    python -m pipelines.reading.robustness ../shared/realworld/pdfs [--manifest MANIFEST.csv]
        [--files a.pdf,b.pdf] [--page-seconds 30] [--report-seconds 120] [--json out.json]

Prints one line per file (outcome, pages read of pages, seconds, reason) and a
summary: how many loaded, were incomplete or failed, why, and the slowest file.
The run always finishes: each file is read in a process of its own
(`pipelines.reading.isolation`).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

from extractors.records.reports_and_pages import completeness_error
from pipelines.reading.isolation import Limits, read_within_limits


def outcome_of(path: Path, limits: Limits) -> dict:
    started = time.perf_counter()
    reading = read_within_limits(path, limits)
    seconds = time.perf_counter() - started
    document = reading.document
    if document is None:
        return {"file": path.name, "outcome": "failed", "reason": reading.error, "pages": 0, "page_count": None,
                "seconds": round(seconds, 2), "repaired": False}
    problem = completeness_error(document)
    outcome = "loaded" if problem is None else ("incomplete" if document.pages else "failed")
    unread = sum(1 for page in document.pages if not page.words and page.text_source != "blank")
    by_ocr = sum(1 for page in document.pages if page.text_source == "ocr")
    reason = problem or reading.repaired
    if unread:
        reason = f"{reason + '; ' if reason else ''}{unread} page(s) without a text layer not read (OCR off or failing)"
    if by_ocr:
        reason = f"{reason + '; ' if reason else ''}{by_ocr} page(s) read by OCR"
    return {"file": path.name, "outcome": outcome, "reason": reason, "pages": len(document.pages),
            "page_count": document.page_count, "seconds": round(seconds, 2), "repaired": bool(reading.repaired)}


def reason_kind(reason: str | None) -> str:
    """A short name for a reason, for the summary."""
    if not reason:
        return "-"
    for needle, kind in (("encrypted", "encrypted"), ("empty file", "empty"), ("time budget", "time budget"),
                         ("memory", "memory limit"), ("crashed", "parser crash"), ("more than the limit", "page cap"),
                         ("found 0 of", "no pages found"), ("of the", "pages missing"),
                         ("could not be read", "unreadable pages"), ("not read (OCR", "unread scans"), ("read by OCR", "read by OCR"),
                         ("repaired", "repaired"), ("not a readable PDF", "unreadable")):
        if needle in reason:
            return kind
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.reading.robustness", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--manifest", type=Path, help="a CSV with columns file and category")
    parser.add_argument("--files", help="comma-separated file names: a fixed sample of the folder")
    parser.add_argument("--page-seconds", type=float, default=30.0)
    parser.add_argument("--report-seconds", type=float, default=120.0)
    parser.add_argument("--max-pages", type=int, default=2000)
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)

    limits = Limits(args.page_seconds, args.report_seconds, args.max_pages, args.memory_mb)
    categories = {}
    if args.manifest and args.manifest.exists():
        with open(args.manifest, encoding="utf-8", newline="") as handle:
            categories = {row["file"]: row.get("category", "") for row in csv.DictReader(handle)}
    paths = sorted(p for p in args.folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if args.files:
        wanted = [name.strip() for name in args.files.split(",") if name.strip()]
        missing = [name for name in wanted if not (args.folder / name).is_file()]
        if missing:
            parser.error(f"not in {args.folder}: {', '.join(missing)}")
        paths = [args.folder / name for name in wanted]

    started = time.perf_counter()
    results = []
    print(f"{'outcome':<11} {'pages':>9} {'seconds':>8}  {'category':<10} file: reason")
    for path in paths:
        result = outcome_of(path, limits)
        result["category"] = categories.get(path.name, "")
        results.append(result)
        pages = f"{result['pages']}/{result['page_count'] if result['page_count'] is not None else '?'}"
        print(f"{result['outcome']:<11} {pages:>9} {result['seconds']:>8.2f}  {result['category']:<10} "
              f"{result['file']}: {result['reason'] or ''}", flush=True)

    outcomes = Counter(r["outcome"] for r in results)
    reasons = Counter(reason_kind(r["reason"]) for r in results if r["reason"])
    slowest = max(results, key=lambda r: r["seconds"], default=None)
    print()
    print(f"files: {len(results)}; " + ", ".join(f"{k}: {outcomes[k]}" for k in ("loaded", "incomplete", "failed")))
    print("reasons: " + (", ".join(f"{k}: {v}" for k, v in reasons.most_common()) or "none"))
    if slowest:
        print(f"slowest: {slowest['file']} ({slowest['seconds']:.2f} s, {slowest['pages']} pages)")
    print(f"pages read: {sum(r['pages'] for r in results)} in {time.perf_counter() - started:.1f} s; "
          f"limits: {limits.page_seconds:g} s/page, {limits.report_seconds:g} s/report, "
          f"{limits.max_pages} pages, {limits.memory_mb} MB; nothing hung")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

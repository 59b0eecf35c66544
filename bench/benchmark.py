"""The benchmark: every figure a ratio or a rate measured side by side in one run, on the same pages.

    .venv/bin/python bench/benchmark.py [--scale 10,100,500] [--cores-at 100] [--out bench/results]

1. extraction: the document model against bare pdfplumber (`extract_words` on
   every page) and `pdftotext -layout` (poppler, the C floor), pages per second,
   on the sample reports, the table-heavy part of the real-world corpus and the
   real reports; beside it the same model read by the PDFium fast path
   (FH_PDF_READER=pdfium, the default), and its time against pdfplumber's;
2. the whole pipeline (`make run`'s work): cold, warm with nothing changed,
   and with one new report added;
3. scale: N synthetic reports (the 2024 report set again with other years and
   figures, so nothing is deduplicated): seconds per page, peak memory (the
   pipeline's process, and PSS over all its processes), the share of wall
   time outside extraction (outside the steps from PDF to records), and 1 core
   against 2 at one N, beside bare pdfplumber's own 2-against-1 ratio on this
   machine in the same minutes;
4. analyst queries on the largest warehouse.

Prints a table and writes it, with the machine it ran on, as markdown and JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sections import kept_sections  # noqa: E402
from extractors import build_document  # noqa: E402
from extractors.pdf.ocr import OcrSettings  # noqa: E402
from tests.render import retypeset  # noqa: E402

SHARED = ROOT.parent / "shared"
SAMPLES = sorted((ROOT / "raw_reports").glob("*.pdf"))


def table_heavy_corpus(limit: int = 25) -> list[Path]:
    import csv

    manifest = SHARED / "realworld" / "MANIFEST.csv"
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["category"] == "table" and r["pages"].isdigit()]
    rows.sort(key=lambda r: r["file"])
    return [SHARED / "realworld" / "pdfs" / r["file"] for r in rows[:limit]]


def swedish_reports() -> list[Path]:
    """The real Swedish annual reports with a text layer (`../shared/realworld-sv/`; the scanned need OCR)."""
    return sorted(p for p in (SHARED / "realworld-sv" / "pdfs").glob("*.pdf") if "skannad" not in p.name)


def larger_reports() -> list[Path]:
    """The larger reports (`../shared/any-report/`: a group with its parent, an association, municipalities)."""
    return sorted((SHARED / "any-report" / "pdfs").glob("*.pdf"))


def scanned_reports() -> list[Path]:
    """The real Swedish annual reports that are scans: every page is read by OCR."""
    return sorted((SHARED / "realworld-sv" / "pdfs").glob("*skannad*.pdf"))


def ocr_reading(scanned: list[Path], text_layer: dict) -> dict:
    """Seconds per page read by OCR (the scanned reports, once: OCR is the cost), beside seconds per page read
    from a text layer (the Swedish reports' figure above)."""
    pages = sum(pages_of(path) for path in scanned)
    seconds = sum(time_model(path) for path in scanned)
    return {"files": len(scanned), "pages": pages, "ocr_seconds_per_page": round(seconds / pages, 3),
            "text_layer_seconds_per_page": round(1 / text_layer["model_pages_per_s"], 4)}


def time_statements(path: Path) -> float:
    """Reading the income statement and balance sheet from a document already read (records, not the PDF)."""
    from extractors.records.statements import extract_statements

    document = build_document(path)
    started = time.perf_counter()
    extract_statements(document, path.stem, None)
    return time.perf_counter() - started


NO_OCR = OcrSettings(enabled=False)


def time_model(path: Path, reader: str | None = None, ocr: OcrSettings | None = None) -> float:
    """The document model of a file, by the default reader (the fast path) or by `reader`, with OCR as the
    pipeline runs it or as `ocr` says."""
    started = time.perf_counter()
    build_document(path, reader=reader, ocr=ocr)
    return time.perf_counter() - started


def time_pdfplumber(path: Path) -> float:
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()
    return time.perf_counter() - started


def time_pdftotext(path: Path) -> float | None:
    if shutil.which("pdftotext") is None:
        return None
    started = time.perf_counter()
    subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False)
    return time.perf_counter() - started


def pages_of(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def extraction(files: list[Path], rounds: int = 2) -> dict:
    """Side by side on each file, alternating, best of `rounds`."""
    totals = {"model": 0.0, "fast_path": 0.0, "pdfplumber": 0.0, "pdftotext": 0.0, "model_text": 0.0,
              "fast_path_text": 0.0}
    pages = 0
    for path in files:
        pages += pages_of(path)
        best = dict.fromkeys(totals, float("inf"))
        for _ in range(rounds):
            best["pdfplumber"] = min(best["pdfplumber"], time_pdfplumber(path))
            best["model"] = min(best["model"], time_model(path, "pdfplumber"))
            best["fast_path"] = min(best["fast_path"], time_model(path, "pdfium"))
            # The text layer alone (OCR off): what the fast path reads. With OCR on, pages and pictures without
            # a text layer are OCR'd at the same cost under either reader.
            best["model_text"] = min(best["model_text"], time_model(path, "pdfplumber", NO_OCR))
            best["fast_path_text"] = min(best["fast_path_text"], time_model(path, "pdfium", NO_OCR))
            floor = time_pdftotext(path)
            if floor is not None:
                best["pdftotext"] = min(best["pdftotext"], floor)
        for key in totals:
            totals[key] += best[key] if best[key] != float("inf") else 0.0
    rate = lambda seconds: round(pages / seconds, 1) if seconds else None
    return {
        "files": len(files), "pages": pages,
        "model_pages_per_s": rate(totals["model"]),
        "fast_path_pages_per_s": rate(totals["fast_path"]),
        "pdfplumber_pages_per_s": rate(totals["pdfplumber"]),
        "pdftotext_pages_per_s": rate(totals["pdftotext"]),
        "model_over_pdfplumber": round(totals["model"] / totals["pdfplumber"], 2),
        "fast_path_over_model": round(totals["fast_path"] / totals["model"], 3),
        "fast_path_over_model_text_layer": round(totals["fast_path_text"] / totals["model_text"], 3),
    }


def run_pipeline(folder: Path, work: Path, workers: int | None = None) -> tuple[float, str, dict]:
    """`make run`'s work in a process of its own (on `workers` cores); its seconds, output and peak memory.

    Memory is sampled every half second: the resident size of the pipeline's
    own process, and the proportional set size (PSS) summed over it and every
    process under it (the readers, the picture makers), which counts the
    memory forked children share with their parent once.
    """
    import psutil

    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(work / "warehouse.duckdb"),
           "DAGSTER_HOME": str(work / "dagster_home"), "FH_CACHE_DIR": str(work / "cache")}
    (work / "dagster_home").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster.yaml", work / "dagster_home" / "dagster.yaml")
    command = [sys.executable, "-m", "pipelines.run"]
    if workers is not None:
        command = ["taskset", "-c", ",".join(str(c) for c in range(workers)), *command]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        pipeline, peak_main, peak_all = psutil.Process(process.pid), 0, 0
        while process.poll() is None:
            try:
                peak_main = max(peak_main, pipeline.memory_info().rss)
                peak_all = max(peak_all, sum(_pss(p) for p in [pipeline, *pipeline.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(stderr[-3000:])
    return seconds, stdout, {"peak_main_mb": round(peak_main / 2**20, 1), "peak_all_mb": round(peak_all / 2**20, 1)}


def _pss(process) -> int:
    import psutil

    try:
        return process.memory_full_info().pss
    except psutil.Error:  # gone between listing and reading
        return 0


EXTRACTION_STEPS = {"report_document", "financial_statements", "key_figures", "people_and_projects"}


def extraction_seconds(work: Path) -> float:
    """Time the runs spent extracting: the steps from PDF to records (reading the PDFs and the record assets).

    Everything else in the wall time is outside extraction: interpreter and
    Dagster start-up, run and step bookkeeping, loading the warehouse, the
    checks and the audit pages.
    """
    from dagster import DagsterEventType, DagsterInstance

    os.environ["DAGSTER_HOME"] = str(work / "dagster_home")
    with DagsterInstance.get() as instance:
        return sum(
            entry.dagster_event.event_specific_data.duration_ms / 1000
            for run in instance.get_runs()
            for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_SUCCESS)
            if entry.step_key in EXTRACTION_STEPS
        )


_SOURCE = None


def _render_variant(job: tuple[Path, int]) -> None:
    """Variant k: the 2024 report as of a year in 2030-2099 (years the extractors take for years), one figure
    changed by k so that no two files are alike. From N = 71 on, several variants state the same years, so
    the cross-report checks have restatements to find, as they would over many reports."""
    folder, k = job
    year = 2030 + k % 70
    retypeset(_SOURCE, folder / f"syntetisk-arsredovisning-{year}-{k:04d}.pdf", {
        (1, "2024"): str(year),
        (11, "2024 2023 2022"): f"{year} {year - 1} {year - 2}",
        (11, "89 080"): f"{89080 + k:,}".replace(",", " "),
    })


def synthetic_reports(folder: Path, count: int, source_document) -> None:
    """`count` variants of the 2024 report with other years and figures, rendered on every core."""
    import multiprocessing

    global _SOURCE
    _SOURCE = source_document
    folder.mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        pool.map(_render_variant, [(folder, k) for k in range(count)], chunksize=8)


def scale(counts: list[int], cores_at: int, source_document, work: Path) -> list[dict]:
    """Each N on every core; at N = `cores_at` also on one core, for the ratio."""
    results = []
    for count in counts:
        folder = work / f"n{count}" / "reports"
        synthetic_reports(folder, count, source_document)
        pages = sum(pages_of(p) for p in folder.glob("*.pdf"))
        for workers in (2, 1) if count == cores_at else (2,):
            run_dir = work / f"n{count}" / f"w{workers}"
            seconds, _, usage = run_pipeline(folder, run_dir, workers=workers)
            extracting = extraction_seconds(run_dir)
            results.append({
                "n": count, "cores": workers, "pages": pages, "seconds": round(seconds, 1),
                "seconds_per_page": round(seconds / pages, 3), **usage,
                "extraction_seconds": round(extracting, 1),
                "share_outside_extraction": round(1 - min(extracting, seconds) / seconds, 2),
            })
            print(json.dumps(results[-1]), flush=True)
        if count == cores_at:
            # What two cores give bare pdfplumber on this machine in the same minutes: the ceiling for the
            # pipeline's own ratio (a shared virtual machine's second core is not always a whole core).
            results[-1]["pdfplumber_2_vs_1"] = parallel_ceiling(sorted(folder.glob("*.pdf"))[:8])
            print(json.dumps({"pdfplumber_2_vs_1": results[-1]["pdfplumber_2_vs_1"]}), flush=True)
    return results


def _plumb_pinned(paths: list[Path], core: int) -> None:
    os.sched_setaffinity(0, {core})
    for path in paths:
        time_pdfplumber(path)


def parallel_ceiling(files: list[Path], rounds: int = 2) -> float:
    """Bare pdfplumber over `files` in one process on one core, against two processes on a core each
    taking half; best of `rounds`, alternating. The ratio of their wall times."""
    import multiprocessing

    context = multiprocessing.get_context("fork")

    def wall(jobs: list[tuple[list[Path], int]]) -> float:
        started = time.perf_counter()
        processes = [context.Process(target=_plumb_pinned, args=job) for job in jobs]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        return time.perf_counter() - started

    one = two = float("inf")
    for _ in range(rounds):
        one = min(one, wall([(files, 0)]))
        two = min(two, wall([(files[0::2], 0), (files[1::2], 1)]))
    return round(one / two, 2)


def queries(database: Path) -> dict:
    sql = {
        "income statement across years": "select * from income_statement_wide",
        "committee by year": "select * from committee_by_year",
        "findings of one report": "select * from audit_findings where report_id = (select min(report_id) from reports)",
    }
    timings = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        for name, query in sql.items():
            samples = []
            for _ in range(7):
                started = time.perf_counter()
                connection.execute(query).fetchall()
                samples.append(time.perf_counter() - started)
            timings[name] = round(statistics.median(samples) * 1000, 1)
    return timings


def batch_size_default() -> int:
    from pipelines.settings import batch_size

    return batch_size()


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "date": time.strftime("%Y-%m-%d")}


def markdown(results: dict) -> str:
    lines = ["# Benchmark", "", f"Machine: {results['machine']}", ""]
    if "extraction_machine" in results:
        lines += [f"Section 1 measured on its own (`--extraction-only`): {results['extraction_machine']}. "
                  f"Sections 2 to 4 are from the full run above.", ""]
    lines += ["## 1. Extraction (pages per second, best of two, side by side)", "",
              "The document model is read by pdfplumber (the reference) and by the PDFium fast path "
              "(FH_PDF_READER=pdfium, the default), each file alternately, with OCR as the pipeline runs it; the "
              "last column reads the text layer alone (OCR off), which is what the fast path reads: with OCR on, "
              "the pages and pictures without a text layer are OCR'd at the same cost by either reader.", "",
              "| pages | document model | model, fast path | bare pdfplumber | pdftotext -layout | model / pdfplumber time "
              "| fast path / model time | the same, text layer alone |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, e in results["extraction"].items():
        if "model_pages_per_s" not in e:
            continue  # the OCR figures, below
        lines.append(f"| {name}: {e['files']} files, {e['pages']} pages | {e['model_pages_per_s']} | "
                     f"{e.get('fast_path_pages_per_s')} | {e['pdfplumber_pages_per_s']} | {e['pdftotext_pages_per_s']} | "
                     f"{e['model_over_pdfplumber']}× | {e.get('fast_path_over_model')}× | "
                     f"{e.get('fast_path_over_model_text_layer')}× |")
    ocr = results["extraction"].get("scanned Swedish annual reports (OCR)")
    if ocr:
        lines += ["", f"Scanned Swedish annual reports ({ocr['files']} files, {ocr['pages']} pages, read by OCR): "
                  f"{ocr['ocr_seconds_per_page']} s a page, against {ocr['text_layer_seconds_per_page']} s a page "
                  "read from a text layer."]
    p = results["pipeline"]
    lines += ["", "## 2. The whole pipeline on the five samples (seconds, `python -m pipelines.run`)", "",
              "| cold | warm, nothing changed | one new report added |", "| ---: | ---: | ---: |",
              f"| {p['cold']} | {p['warm']} | {p['one_new']} |", "",
              f"Interpreter and imports alone (`python -c 'import pipelines.definitions'`): {p['startup']} s.", "",
              "## 3. Scale: N synthetic reports", "",
              "| N | cores | pages | seconds | seconds per page | peak memory, pipeline process (MB) | peak memory, all processes (PSS, MB) | extraction (s) | share outside extraction |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in results["scale"]:
        lines.append(f"| {s['n']} | {s['cores']} | {s['pages']} | {s['seconds']} | {s['seconds_per_page']} | "
                     f"{s['peak_main_mb']} | {s['peak_all_mb']} | {s['extraction_seconds']} | {s['share_outside_extraction']} |")
    lines += ["", "## 4. Analyst queries on the largest warehouse (median of 7, ms)", "", "| query | ms |", "| --- | ---: |"]
    for name, ms in results["queries"].items():
        lines.append(f"| {name} | {ms} |")
    lines += ["", "## Against the targets", "", "| target | wanted | measured |", "| --- | --- | --- |"]
    lines += [f"| {name} | {wanted} | {measured} |" for name, wanted, measured in targets(results)]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[tuple[str, str, str]]:
    """Each target of the speed issue beside the figure that answers it."""
    rows = []
    for name, e in results["extraction"].items():
        if "model_pages_per_s" in e:
            rows.append((f"document model vs bare pdfplumber, {name}", "within 1.3×", f"{e['model_over_pdfplumber']}×"))
    for name in ("real Swedish annual reports", "larger reports"):
        e = results["extraction"].get(name, {})
        if e.get("fast_path_over_model_text_layer"):
            rows.append((f"reading the {name}' text layer (OCR off): fast path against the model read by pdfplumber",
                         "≥ 5× faster", f"{1 / e['fast_path_over_model_text_layer']:.1f}× "
                                        f"({e['fast_path_over_model_text_layer']}× the time)"))
        if e.get("fast_path_over_model"):
            rows.append((f"reading the {name} with OCR as the pipeline runs it: fast path against the model read by "
                         "pdfplumber", "(the same OCR under both)",
                         f"{1 / e['fast_path_over_model']:.1f}× ({e['fast_path_over_model']}× the time)"))
    p = results["pipeline"]
    rows.append(("warm run, nothing changed", "no PDF parsed; start-up dominates",
                 f"{p['warm']} s, of which start-up {p['startup']} s"))
    full = [s for s in results["scale"] if s["cores"] == 2]
    smallest, largest = full[0], full[-1]
    drift = largest["seconds_per_page"] / smallest["seconds_per_page"] - 1
    rows.append((f"seconds per page, N={smallest['n']} → {largest['n']}", "flat within 20%",
                 f"{smallest['seconds_per_page']} → {largest['seconds_per_page']} ({drift:+.0%})"))
    full_batch = [s for s in full if s["n"] >= batch_size_default()] or [largest]
    spread = max(s["peak_all_mb"] for s in full_batch) / min(s["peak_all_mb"] for s in full_batch) - 1
    rows.append((f"peak memory of all processes, N={smallest['n']} → {largest['n']}", "flat",
                 " → ".join(f"{s['peak_all_mb']:.0f}" for s in full) + " MB"
                 + f" ({spread:+.0%} from N={full_batch[0]['n']}, where runs hold a full batch)"))
    by_cores = {(s["n"], s["cores"]): s["seconds"] for s in results["scale"]}
    ceilings = {s["n"]: s["pdfplumber_2_vs_1"] for s in results["scale"] if "pdfplumber_2_vs_1" in s}
    for (n, cores), seconds in sorted(by_cores.items()):
        if cores == 1 and (n, 2) in by_cores:
            ceiling = f" (bare pdfplumber on this machine then: {ceilings[n]:.2f}×)" if n in ceilings else ""
            rows.append((f"2 cores vs 1, N={n}", "at least 1.7× faster", f"{seconds / by_cores[(n, 2)]:.2f}×{ceiling}"))
    rows.append((f"share outside extraction, N={largest['n']}", "under 15%", f"{largest['share_outside_extraction']:.0%}"))
    slowest = max(results["queries"].values())
    rows.append((f"analyst queries, N={largest['n']}", "each under 100 ms", f"slowest {slowest} ms"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="10,100,500", help="comma-separated N for the scale run")
    parser.add_argument("--cores-at", type=int, default=100, help="the N also run on one core")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--extraction-only", action="store_true", help="only the side-by-side reading figures")
    args = parser.parse_args()
    counts = [int(n) for n in args.scale.split(",") if n]

    results: dict = {"machine": machine()}
    swedish = swedish_reports()
    results["extraction"] = {
        "sample reports": extraction(SAMPLES),
        "real-world tables": extraction(table_heavy_corpus()),
        "real Swedish annual reports": extraction(swedish),
        "larger reports": extraction(larger_reports()),
    }
    results["extraction"]["scanned Swedish annual reports (OCR)"] = ocr_reading(
        scanned_reports(), results["extraction"]["real Swedish annual reports"])
    statement_seconds = sum(time_statements(path) for path in swedish)
    results["extraction"]["real Swedish annual reports"]["statements_ms_per_page"] = round(
        1000 * statement_seconds / results["extraction"]["real Swedish annual reports"]["pages"], 2)
    print(json.dumps(results["extraction"], indent=1), flush=True)
    if args.extraction_only:
        # Section 1 anew; the rest as the last full run measured it, and said so.
        last = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        results = {**last, "extraction": results["extraction"], "extraction_machine": results["machine"]}
        write_results(results, args.out)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        reports = work / "reports"
        reports.mkdir()
        for path in SAMPLES:
            shutil.copy(path, reports / path.name)
        cold, _, _ = run_pipeline(reports, work / "pipeline")
        warm, _, _ = run_pipeline(reports, work / "pipeline")
        source = build_document(ROOT / "raw_reports" / "familjen-helsingborg-arsredovisning-2024.pdf")
        synthetic_reports(work / "one", 1, source)
        shutil.copy(next((work / "one").glob("*.pdf")), reports / "ny-rapport.pdf")
        one_new, _, _ = run_pipeline(reports, work / "pipeline")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pipelines.definitions"], cwd=ROOT, check=True)
        startup = time.perf_counter() - started
        results["pipeline"] = {"cold": round(cold, 1), "warm": round(warm, 1), "one_new": round(one_new, 1),
                               "startup": round(startup, 1)}
        print(json.dumps(results["pipeline"]), flush=True)

        results["scale"] = scale(counts, args.cores_at, source, work / "scale")
        print(json.dumps(results["scale"], indent=1), flush=True)
        largest = max(counts)
        results["queries"] = queries(work / "scale" / f"n{largest}" / "w2" / "warehouse.duckdb")

    write_results(results, args.out)
    return 0


def write_results(results: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.with_suffix(".json")).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    text = markdown(results) + kept_sections(out.with_suffix(".md"))  # the other scripts' sections stay
    (out.with_suffix(".md")).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())

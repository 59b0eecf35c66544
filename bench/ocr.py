"""OCR at the engine's own pace: the project's reading of scanned reports beside bare Tesseract on the same page
pictures, at the same resolution, in one run.

    .venv/bin/python bench/ocr.py [--first 6] [--rounds 1]

The pages are the scanned reports of `../shared/realworld-sv` (their first N pages each). Bare Tesseract reads
each page's picture, drawn beforehand at the resolution the project uses (300 dpi), as the project calls it
(Swedish model, page segmentation 6, TSV, one OpenMP thread): one page at a time, then as many at once as
there are cores. The project reads the same PDFs with `build_document` (the PDF parsed, each page drawn and
read, no OCR cache), with one page at a time and then with its default, every core. Pages per second, and the
project's time over bare Tesseract's. Prints a markdown table and puts it in bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sections import write_section  # noqa: E402
from extractors import build_document  # noqa: E402
from extractors.pdf.ocr import MAX_PIXELS, OcrSettings  # noqa: E402
from extractors.pdf.pictures import PagePictures, resolution_within  # noqa: E402

SCANS = sorted((ROOT.parent / "shared" / "realworld-sv" / "pdfs").glob("*skannad*.pdf"))


def pictures(first: int, folder: Path, settings: OcrSettings) -> list[Path]:
    """Each scan's first pages drawn in grey as the project draws them for OCR, as PNG files."""
    import pypdfium2

    paths = []
    for scan in SCANS:
        drawn = PagePictures(scan)
        pdf = pypdfium2.PdfDocument(str(scan))
        for number in range(1, min(first, len(pdf)) + 1):
            width, height = pdf[number - 1].get_size()
            resolution = resolution_within(width, height, settings.resolution, MAX_PIXELS) or settings.resolution
            path = folder / f"{scan.stem}-{number}.png"
            drawn.grey(number, resolution).save(path)
            paths.append(path)
        pdf.close()
        drawn.close()
    return paths


def bare(paths: list[Path], workers: int, settings: OcrSettings) -> float:
    """Seconds for Tesseract alone to read every picture, `workers` at a time."""
    def read(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "stdout", "-l", settings.language, "--psm",
                        str(settings.page_segmentation), "-c", "tessedit_do_invert=0", "tsv"],
                       capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(read, paths))
    return time.perf_counter() - started


def project(first: int, workers: int) -> tuple[float, int]:
    """Seconds for the project to read the scans' first pages into its document model, and the pages OCR read."""
    settings = OcrSettings(workers=workers)
    started = time.perf_counter()
    read = 0
    for scan in SCANS:
        import pypdfium2

        count = len(pypdfium2.PdfDocument(str(scan)))
        document = build_document(scan, pages=list(range(1, min(first, count) + 1)), ocr=settings)
        read += sum(1 for page in document.pages if page.text_source == "ocr")
    return time.perf_counter() - started, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=6, help="pages of each scan")
    parser.add_argument("--rounds", type=int, default=1, help="rounds, the best of each kept")
    args = parser.parse_args()
    settings = OcrSettings()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        paths = pictures(args.first, Path(folder), settings)
        times: dict[str, float] = {}
        read = 0
        for _ in range(args.rounds):  # side by side, alternating: the machine's load falls on both alike
            for name, measure in (("bare Tesseract, 1 at a time", lambda: bare(paths, 1, settings)),
                                  ("project, 1 page at a time", lambda: project(args.first, 1)),
                                  (f"bare Tesseract, {cores} at a time", lambda: bare(paths, cores, settings)),
                                  (f"project, {cores} pages at a time (default)", lambda: project(args.first, 0))):
                outcome = measure()
                seconds = outcome[0] if isinstance(outcome, tuple) else outcome
                read = outcome[1] if isinstance(outcome, tuple) else read
                times[name] = min(times.get(name, float("inf")), seconds)
    pages = len(paths)
    lines = ["## 5. OCR beside bare Tesseract (`bench/ocr.py`, one run)", "",
             f"{pages} pages ({read} read by the project's OCR, the rest blank) of the {len(SCANS)} scanned reports of "
             f"realworld-sv, {settings.resolution} dpi, {cores} cores, {date.today().isoformat()}.", "",
             "| reader | seconds | pages per second | project / bare |", "| --- | ---: | ---: | ---: |"]
    names = list(times)
    for index, name in enumerate(names):
        ratio = f"{times[name] / times[names[index - 1]]:.2f}×" if name.startswith("project") else ""
        lines.append(f"| {name} | {times[name]:.1f} | {pages / times[name]:.2f} | {ratio} |")
    text = "\n".join(lines)
    print(text)
    write_section("ocr", text)

if __name__ == "__main__":
    main()

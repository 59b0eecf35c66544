"""The PDFium fast path beside pdfplumber and beside PDFium alone, pages per second, side by side in one run.

    .venv/bin/python bench/fast_path.py [--rounds 2]

On the real reports with a text layer (`../shared/realworld-sv`, scans left out, and `../shared/any-report`),
each file read alternately, best of `rounds`, OCR off:

- the document model read by pdfplumber (FH_PDF_READER=pdfplumber, the reference);
- the document model read by the fast path (FH_PDF_READER=pdfium, the default: PDFium where its rule allows,
  pdfplumber for the rest);
- bare pdfplumber (`extract_words` on every page);
- bare PDFium (every character's text and box through its text API): the floor the fast path stands on.

Also the share of pages the fast path reads with PDFium, and how far its reading agrees with pdfplumber's word
for word on each folder, the realworld corpus of others' PDFs among them (held to pdfplumber's words by
tests/test_fast_path_others_pdfs.py, its records not compared). Prints markdown tables and puts them in
bench/results.md (section 7).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sections import write_section  # noqa: E402
from extractors import build_document  # noqa: E402
from extractors.pdf.document import page_readers  # noqa: E402
from extractors.pdf.geometry import words_of  # noqa: E402
from extractors.pdf.ocr import OcrSettings  # noqa: E402
from extractors.pdf.pdfium_geometry import FastPathRefused, PdfiumPages  # noqa: E402

SHARED = ROOT.parent / "shared"
NO_OCR = OcrSettings(enabled=False)


def text_reports() -> list[Path]:
    sv = [p for p in (SHARED / "realworld-sv" / "pdfs").glob("*.pdf") if "skannad" not in p.name]
    return sorted(sv + list((SHARED / "any-report" / "pdfs").glob("*.pdf")))


def bare_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def bare_pdfium(path: Path) -> None:
    pdf = pypdfium2.PdfDocument(str(path))
    box = pdfium.FS_RECTF()
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            for char in range(pdfium.FPDFText_CountChars(textpage.raw)):
                pdfium.FPDFText_GetUnicode(textpage.raw, char)
                pdfium.FPDFText_GetLooseCharBox(textpage.raw, char, box)
                pdfium.FPDFText_GetFontSize(textpage.raw, char)
            textpage.close()
            page.close()
    finally:
        pdf.close()


def agreement(paths: list[Path], max_bytes: int = 5_000_000) -> tuple[int, int, int, int]:
    """Pages, pages read by PDFium, and of those the pages whose words (text, and size within a fiftieth of a
    point, in any order: as tests/test_fast_path.py compares them) differ from pdfplumber's; and files
    pdfplumber or PDFium cannot open (left out)."""
    pages = fast = differ = unreadable = 0
    for path in paths:
        if path.stat().st_size > max_bytes:
            continue
        try:
            pdf = pdfplumber.open(path)
            plumber_pages = pdf.pages
            reader = PdfiumPages(path)
        except Exception:  # noqa: BLE001 - a file either cannot open is no page of this count
            unreadable += 1
            continue
        try:
            for page in plumber_pages:
                pages += 1
                try:
                    objects = reader.read(page.page_number, float(page.width), float(page.height),
                                          page.page_obj)
                    theirs = sorted((w.text, w.size) for w in words_of(page.chars))
                except FastPathRefused:
                    continue
                except Exception:  # noqa: BLE001 - a page either fails on is no page of this count
                    continue
                fast += 1
                ours = sorted((w.text, w.size) for w in words_of(objects.chars))
                differ += ([text for text, _ in ours] != [text for text, _ in theirs]
                           or any(abs(a[1] - b[1]) > 0.02 for a, b in zip(ours, theirs, strict=True)))
                page.close()
        finally:
            reader.close()
            pdf.close()
    return pages, fast, differ, unreadable


READERS = {
    "model, pdfplumber": lambda path: build_document(path, ocr=NO_OCR, reader="pdfplumber"),
    "model, fast path": lambda path: build_document(path, ocr=NO_OCR, reader="pdfium"),
    "bare pdfplumber": bare_pdfplumber,
    "bare PDFium": bare_pdfium,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    files = text_reports()
    pages = fast = 0
    seconds = dict.fromkeys(READERS, 0.0)
    for path in files:
        readers = page_readers(path)
        pages += len(readers)
        fast += sum(1 for reader in readers.values() if reader == "pdfium")
        best = dict.fromkeys(READERS, float("inf"))
        for _ in range(args.rounds):
            for name, read in READERS.items():
                started = time.perf_counter()
                read(path)
                best[name] = min(best[name], time.perf_counter() - started)
        for name in READERS:
            seconds[name] += best[name]
        print(f"{path.name}: {len(readers)} pages", file=sys.stderr, flush=True)
    reference = seconds["model, pdfplumber"]
    lines = ["## 7. The PDFium fast path (`bench/fast_path.py`, one run)", "",
             f"{len(files)} real reports with a text layer (realworld-sv without the scans, any-report), {pages} pages, "
             f"OCR off, best of {args.rounds}, {date.today().isoformat()}. The fast path read {fast} of the {pages} "
             f"pages ({fast / pages:.0%}) with PDFium and left the rest to pdfplumber by its rule.", "",
             "| reader | seconds | pages per second | time against the model read by pdfplumber | as fast as it, times |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, spent in seconds.items():
        lines.append(f"| {name} | {spent:.1f} | {pages / spent:.1f} | {spent / reference:.3f}× | {reference / spent:.2f} |")
    lines += ["", "Word for word, page by page (`agreement`): the pages PDFium reads, and those whose words differ from "
              "pdfplumber's.", "",
              "| folder | pages | read by PDFium | words differ |", "| --- | ---: | ---: | ---: |"]
    folders = {"samples (raw_reports)": sorted((ROOT / "raw_reports").glob("*.pdf")),
               "realworld-sv (text layer)": [p for p in files if p.parent.parent.name == "realworld-sv"],
               "any-report": [p for p in files if p.parent.parent.name == "any-report"],
               "realworld (others' PDFs, files under 5 MB)": sorted((SHARED / "realworld" / "pdfs").glob("*.pdf"))}
    for folder, paths in folders.items():
        total, read, differ, unreadable = agreement(paths)
        note = f" ({unreadable} files pdfplumber or PDFium cannot open left out)" if unreadable else ""
        lines.append(f"| {folder}{note} | {total} | {read} ({read / max(total, 1):.0%}) | {differ} |")
        print(lines[-1], file=sys.stderr, flush=True)
    text = "\n".join(lines)
    print(text)
    write_section("fast-path", text)


if __name__ == "__main__":
    main()

"""The robustness run over a fixed sample of the real-world corpus: each file loads or fails with a reason, and the run ends."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, REALWORLD

pytestmark = pytest.mark.corpus

# One of each kind the corpus holds, with what must become of it.
EXPECTED = {
    "camelot__tests__files__health.pdf": ("loaded", None),
    "tabula-java__src__test__resources__technology__tabula__twotables.pdf": ("loaded", None),
    "camelot__tests__files__health_protected.pdf": ("failed", "encrypted or password-protected"),
    "pdfplumber__tests__pdfs__empty.pdf": ("failed", "empty file (0 bytes)"),
    # The parser finds none of its pages; PDFium repairs it and reads its one page.
    "pdf.js__test__pdfs__issue9418.pdf": ("loaded", "the parser found 0 of the 1 pages; repaired by PDFium"),
    "pdf.js__test__pdfs__Brotli-Prototype-FileA.pdf": ("failed", "Unsupported filter"),
    "pdf.js__test__pdfs__poppler-90-0-fuzzed.pdf": ("incomplete", "page 1 could not be read"),
    "camelot__tests__files__image.pdf": ("loaded", "1 page(s) read by OCR"),
    "pdfminer.six__samples__zen_of_python_corrupted.pdf": ("loaded", None),
    "pdfminer.six__samples__contrib__issue-1113-evil-xobjects.pdf": ("loaded", None),
    "pdf.js__test__pdfs__freeculture.pdf": ("failed", "has 352 pages, more than the limit of 100"),
}


def test_the_sample_run_accounts_for_every_file(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.reading.robustness", str(REALWORLD / "pdfs"),
         "--manifest", str(REALWORLD / "MANIFEST.csv"), "--files", ",".join(EXPECTED),
         "--max-pages", "100", "--page-seconds", "20", "--report-seconds", "60", "--json", str(out)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    results = {r["file"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert set(results) == set(EXPECTED)
    for name, (outcome, reason) in EXPECTED.items():
        got = results[name]
        assert got["outcome"] == outcome, (name, got)
        if reason is None:
            assert got["reason"] is None, (name, got)
        else:
            assert reason in got["reason"], (name, got)
        assert got["seconds"] < 60
    assert "files: 11; loaded: 6, incomplete: 1, failed: 4" in result.stdout
    assert "slowest: " in result.stdout and "nothing hung" in result.stdout

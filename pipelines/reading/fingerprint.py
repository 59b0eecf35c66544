"""What extracted a report, as fingerprints derived from the code and the data files: nothing to bump by hand.

- `document_fingerprint`: the document model's reader (the source of
  `extractors/pdf/`, its C too, and of the reading notes it keeps, `schemas/findings.py`,
  and the versions of the PDF libraries under it). The
  readings cache is keyed by it, so a change there reads the PDFs anew.
- `extraction_fingerprint`: everything that turns a PDF into records (the
  source of `extractors/` and `schemas/`, the extraction wiring and every
  vocabulary file in use). Each report records it; `make run` extracts a
  report again when it differs, from the cached document model when the
  document model's reader did not change.

Each is the SHA-256 of the files' paths and bytes, in path order, shortened to
16 hex digits (what a person compares by eye; a collision needs 2^32 versions).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from extractors.pdf.document import default_reader
from schemas.vocabularies import vocabulary_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PDF_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "pypdf")


def document_fingerprint() -> str:
    return _document_fingerprint()


def extraction_fingerprint() -> str:
    """Of the extractors, the schemas, the wiring and the vocabularies read now (FH_VOCABULARY_DIR may move them)."""
    return _extraction_fingerprint(vocabulary_dir())


@cache
def _document_fingerprint() -> str:
    digest = hashlib.sha256()
    # The model's pages hold reading notes (schemas/findings.py: Note), pickled with the reading.
    # The C loops the fast path asks PDFium through (pdfium_calls.c) are part of the reader too.
    reader = PROJECT_ROOT / "extractors" / "pdf"
    _add_files(digest, [*sorted([*reader.rglob("*.py"), *reader.rglob("*.c")]), PROJECT_ROOT / "schemas" / "findings.py"],
               PROJECT_ROOT)
    for library in PDF_LIBRARIES:
        digest.update(f"{library}=={_version(library)}\n".encode())
    digest.update(f"reader={default_reader()}\n".encode())  # FH_PDF_READER: a reading by one is not the other's
    return digest.hexdigest()[:16]


@cache
def _extraction_fingerprint(vocabularies: Path) -> str:
    digest = hashlib.sha256(_document_fingerprint().encode())
    sources = [*(PROJECT_ROOT / "extractors").rglob("*.py"), *(PROJECT_ROOT / "schemas").rglob("*.py"),
               PROJECT_ROOT / "pipelines" / "extraction.py"]
    _add_files(digest, sorted(sources), PROJECT_ROOT)
    _add_files(digest, sorted(vocabularies.glob("*.yaml")), vocabularies)
    return digest.hexdigest()[:16]


def _add_files(digest, paths: list[Path], root: Path) -> None:
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "absent"

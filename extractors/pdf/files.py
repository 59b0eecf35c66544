"""The PDF file itself: its content hash, its page count by a second reader, and a repaired copy.

pdfplumber has been seen to return fewer pages than a file has, or none,
without raising, so the page count is checked with PDFium (pypdfium2). PDFium
also rebuilds damaged cross-reference tables when it loads a file: a file the
parser cannot open may still be read from PDFium's copy of it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def count_pages_independently(path: str | Path) -> int:
    """The page count as pypdfium2 (PDFium) sees it, for cross-checking pdfplumber."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def repaired_copy(path: str | Path) -> tuple[str, str] | None:
    """A copy of a damaged file as PDFium reads it, and how; None if PDFium cannot read it either."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - PDFium refusing the file is an answer, not an error
        return None
    try:
        if len(pdf) == 0:
            return None
        handle, copy = tempfile.mkstemp(suffix=".pdf", prefix="repaired-")
        os.close(handle)
        pdf.save(copy)
        return copy, f"repaired by PDFium, which read {len(pdf)} pages"
    except Exception:  # noqa: BLE001
        return None
    finally:
        pdf.close()

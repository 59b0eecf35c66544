"""The PDFium fast path on others' PDFs (the realworld corpus: statistics tables, forms, books, papers, in many
languages and from many typesetters): every page it reads gives pdfplumber's words.

Not reports of ours, but the widest test of the fast path's rule (`extractors.pdf.pdfium_geometry`): a page
PDFium would read otherwise must be left to pdfplumber. Files over 5 MB are left out for time (the huge ones
are a test of their own in tests/test_bad_input.py).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import SHARED
from tests.test_fast_path import word_differences

OTHERS = sorted(path for path in (SHARED / "realworld" / "pdfs").glob("*.pdf") if path.stat().st_size <= 5_000_000)


def opened(path, read: Counter) -> list[str]:
    """`word_differences` of a file, none for a file pdfplumber cannot open (damaged, encrypted)."""
    try:
        return word_differences(path, read=read)
    except Exception as error:  # noqa: BLE001
        if "pdfplumber" in type(error).__module__ or "pdfminer" in type(error).__module__:
            return []
        raise


@pytest.mark.corpus
def test_every_page_pdfium_reads_of_others_pdfs_gives_pdfplumbers_words():
    read = Counter()
    assert [said for path in OTHERS for said in opened(path, read)] == []
    assert read["pdfium"] >= 0.55 * read["pages"]  # the rule leaves most pages to PDFium

"""Reading one report file for a run: from the readings cache, or within limits in a process of its own."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from extractors.pdf.files import file_sha256
from extractors.pdf.model import Document
from pipelines.reading.cache import cached_reading
from pipelines.reading.isolation import Limits


@dataclass(frozen=True)
class ExtractedReport:
    """What reading made of one report file: a document, or the reason there is none."""

    file_name: str
    sha256: str
    document: Document | None
    error: str | None
    seconds: float
    repaired: str | None = None  # how a damaged file was repaired, when it was
    withdrawn: bool = False  # the file is gone from the folder
    cached: bool = False  # read before: taken from the readings cache


@dataclass(frozen=True)
class ReadRequest:
    """One file to read, with everything a worker process or a Dask worker needs to read it."""

    file_name: str
    path: str
    cache_dir: str | None
    limits: Limits


def read_report(request: ReadRequest) -> ExtractedReport:
    """Read one report file (from the cache when its bytes were read before)."""
    path = Path(request.path)
    if not path.is_file():
        return ExtractedReport(request.file_name, "0" * 64, None, None, 0.0, withdrawn=True)
    started = time.perf_counter()
    sha256 = file_sha256(path)
    cache = Path(request.cache_dir) if request.cache_dir else None
    reading, cached = cached_reading(path, sha256, cache, request.limits)
    return ExtractedReport(request.file_name, sha256, reading.document, reading.error,
                           time.perf_counter() - started, reading.repaired, cached=cached)

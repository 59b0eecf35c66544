"""Reading one report file for a run: from the readings cache, or within limits in a process of its own.

Whatever is wrong with a file, its name, its link or its bytes, becomes that
file's reading with a reason: `read_report` never raises for a file.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path

from extractors.pdf.files import file_sha256
from extractors.pdf.model import Document
from pipelines.reading.cache import cached_reading
from pipelines.reading.isolation import Limits
from schemas.reports import raw_file_name

NO_HASH = "0" * 64  # the hash a reading carries when the file's bytes were never read


@dataclass(frozen=True)
class ExtractedReport:
    """What reading made of one report file: a document, or the reason there is none."""

    file_name: str  # the printable name (`schemas.reports.printable_file_name`)
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

    file_name: str  # the printable name
    folder: str
    cache_dir: str | None
    limits: Limits

    @property
    def path(self) -> Path:
        return Path(self.folder) / os.fsdecode(raw_file_name(self.file_name))


def link_problem(path: Path, folder: Path) -> str | None:
    """Why a folder entry that is a symbolic link must not be read; None for a link to a file in the folder,
    or for anything that is not a link."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "is a symbolic link to nothing (dangling); not read"
    except (RuntimeError, OSError):  # Python raises RuntimeError for a loop before 3.13
        return "is a symbolic link that leads round in a loop; not read"
    if not target.is_relative_to(folder.resolve()):
        return "is a symbolic link to a file outside the reports folder; not followed"
    if not target.is_file():
        return "is a symbolic link to something that is not a file; not read"
    return None


def content_hash(path: Path, folder: Path) -> str | None:
    """The SHA-256 of a file's bytes; None for a link that may not be read, or a file that cannot be."""
    if link_problem(path, folder):
        return None
    try:
        return file_sha256(path)
    except OSError:
        return None


def read_report(request: ReadRequest) -> ExtractedReport:
    """Read one report file (from the cache when its bytes were read before); never raises for a file."""
    started = time.perf_counter()
    name = request.file_name

    def failed(reason: str, sha256: str = NO_HASH) -> ExtractedReport:
        return ExtractedReport(name, sha256, None, f"{name}: {reason}", time.perf_counter() - started)

    try:
        path = request.path
        problem = link_problem(path, Path(request.folder))
        if problem:
            return failed(problem)
        if not path.exists():
            return ExtractedReport(name, NO_HASH, None, None, 0.0, withdrawn=True)
        if not path.is_file():
            return failed("is not a regular file; not read")
        sha256 = file_sha256(path)
    except (OSError, ValueError) as error:  # a name the file system refuses, a file that cannot be opened
        return failed(f"could not be opened: {type(error).__name__}: {error}")
    cache = Path(request.cache_dir) if request.cache_dir else None
    reading, cached = cached_reading(path, sha256, cache, request.limits)
    document = reading.document
    if document is not None:
        # Named by its printable name, whatever bytes the file system calls it by.
        document = dataclasses.replace(document, path=str(Path(request.folder) / name))
    return ExtractedReport(name, sha256, document, reading.error and _printable(reading.error, path.name, name),
                           time.perf_counter() - started, reading.repaired and _printable(reading.repaired, path.name, name),
                           cached=cached)


def _printable(message: str, raw_name: str, name: str) -> str:
    """A reader's message, naming the file by its printable name."""
    return message.replace(raw_name, name) if raw_name != name else message

"""Reading a PDF within limits, in a process of its own, so no file can hang or exhaust the machine.

`read_within_limits(path, limits)` runs `build_document` in a child process
with a memory cap (RLIMIT_AS), a time budget per page (SIGALRM around each
page's reading) and per report (the parent ends the child), and a cap on
pages. A crash of the parser (a segfault in a native library, a recursion
bomb) fails that report only. Each limit that is hit is a clear reason:
"exceeded the time budget of 120 s per report".

A file the parser cannot open is offered to PDFium, which rebuilds damaged
cross-reference tables when it loads a file; if PDFium can read it, its copy
is saved and read instead, and the result says it was repaired.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractors.pdf.document import ExtractionError, build_document
from extractors.pdf.files import file_sha256, repaired_copy
from extractors.pdf.model import Document
from extractors.pdf.ocr import OcrSettings


@dataclass(frozen=True)
class Limits:
    """How much one report may cost. Each can be set from the environment (FH_* variables)."""

    page_seconds: float = 30.0
    report_seconds: float = 600.0
    max_pages: int = 2000
    memory_mb: int = 4096
    ocr: bool = True  # FH_OCR=0: pages without a usable text layer are not read by OCR
    ocr_page_seconds: float = 60.0  # Tesseract's budget per page, apart from the page's own reading

    def __post_init__(self) -> None:
        for name in ("page_seconds", "report_seconds", "max_pages", "memory_mb", "ocr_page_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"limit {name} must be positive, got {getattr(self, name)}")

    @classmethod
    def from_environment(cls) -> Limits:
        defaults = cls()
        return cls(
            page_seconds=float(os.environ.get("FH_PAGE_SECONDS", defaults.page_seconds)),
            report_seconds=float(os.environ.get("FH_REPORT_SECONDS", defaults.report_seconds)),
            max_pages=int(os.environ.get("FH_MAX_PAGES", defaults.max_pages)),
            memory_mb=int(os.environ.get("FH_MEMORY_MB", defaults.memory_mb)),
            ocr=OcrSettings.from_environment().enabled,
            ocr_page_seconds=OcrSettings.from_environment().page_seconds,
        )

    def ocr_settings(self) -> OcrSettings:
        return OcrSettings(enabled=self.ocr, page_seconds=self.ocr_page_seconds)


@dataclass(frozen=True)
class Reading:
    """What reading one file within limits gave: a document, or the reason there is none."""

    document: Document | None
    error: str | None
    repaired: str | None = None  # how the file was repaired, when it was


class PageTimeout(TimeoutError):
    """A page took longer to read than its budget."""


def _child(path: str, limits: Limits, connection) -> None:
    """Read the file in this child process and send back (document, error, repaired)."""
    try:
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        name = Path(path).name
        try:
            document = build_document(path, page_guard=_page_guard(limits), max_pages=limits.max_pages,
                                      ocr=limits.ocr_settings())
            connection.send((document, None, None))
        except ExtractionError as error:
            repaired = repaired_copy(path)
            if repaired is None:
                connection.send((None, str(error), None))
                return
            copy, how = repaired
            try:
                document = build_document(copy, page_guard=_page_guard(limits), max_pages=limits.max_pages,
                                          ocr=limits.ocr_settings())
                document = _renamed(document, path)
                connection.send((document, None, f"{name}: {error.reason}; {how}"))
            except ExtractionError:
                connection.send((None, str(error), None))
            finally:
                os.unlink(copy)
    except MemoryError:
        connection.send((None, f"{Path(path).name}: exceeded the memory limit of {limits.memory_mb} MB", None))
    except Exception as error:  # noqa: BLE001 - report any parser failure as this file's failure
        connection.send((None, f"{Path(path).name}: unexpected {type(error).__name__}: {error}", None))
        traceback.print_exc()
    finally:
        connection.close()


def _page_guard(limits: Limits):
    """A context for each page's reading that ends it when it runs past the page budget."""
    import contextlib

    message = f"exceeded the time budget of {limits.page_seconds:g} s per page"

    def on_alarm(signum, frame):
        # Raised wherever the parser is; pdfplumber may wrap it, so the message
        # travels inside (describe_error finds it).
        raise PageTimeout(message)

    @contextlib.contextmanager
    def guard(number: int):
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.page_seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    return guard


def _renamed(document: Document, original: str) -> Document:
    return dataclasses.replace(document, path=str(original), sha256=file_sha256(original))


def read_within_limits(path: str | Path, limits: Limits | None = None) -> Reading:
    """Read a PDF in a child process within the limits; never raises for a bad file."""
    limits = limits or Limits.from_environment()
    path = str(path)
    name = Path(path).name
    if multiprocessing.current_process().daemon:
        # A daemonic process (a Dask worker, say) may not fork children of
        # its own through multiprocessing; a fresh interpreter does the reading.
        return _read_in_subprocess(path, limits)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(path, limits, sender), daemon=True)
    process.start()
    sender.close()
    result, timed_out = None, False
    if receiver.poll(limits.report_seconds):
        try:
            result = receiver.recv()
        except EOFError:  # the child died without a word: the parser crashed
            result = None
    else:
        timed_out = True
    if process.is_alive():
        process.kill()
    process.join(5)
    receiver.close()
    if timed_out:
        return Reading(None, f"{name}: exceeded the time budget of {limits.report_seconds:g} s per report")
    if result is None:
        code = process.exitcode
        how = signal.Signals(-code).name if code and code < 0 else f"exit code {code}"
        return Reading(None, f"{name}: the PDF parser crashed ({how}); the other reports are not affected")
    document, error, repaired = result
    return Reading(document, error, repaired)


def call_within_limits(function, args: tuple, limits: Limits) -> tuple[object | None, str | None]:
    """`function(*args)` in a fresh interpreter under the memory cap and the per-report time budget.

    Its result, or the reason there is none: for work on a PDF other than reading it (drawing page
    pictures), which must no more be able to exhaust the machine than reading can. A fresh
    interpreter rather than a fork: a child forked from a run's process starts with all of its
    address space (Dagster, DuckDB: gigabytes), which a cap on address space would count.
    """
    name = getattr(function, "__name__", "work")
    handle, job = tempfile.mkstemp(suffix=".pickle", prefix="job-")
    with os.fdopen(handle, "wb") as out:
        pickle.dump((function.__module__, function.__qualname__, args), out, protocol=pickle.HIGHEST_PROTOCOL)
    handle, target = tempfile.mkstemp(suffix=".pickle", prefix="result-")
    os.close(handle)
    try:
        try:
            process = subprocess.run(
                [sys.executable, "-m", "pipelines.reading.isolation", "--call", job, target, str(limits.memory_mb)],
                timeout=limits.report_seconds, capture_output=True,
            )
        except subprocess.TimeoutExpired:
            return None, f"exceeded the time budget of {limits.report_seconds:g} s"
        if os.path.getsize(target) == 0:
            code = process.returncode
            how = signal.Signals(-code).name if code < 0 else f"exit code {code}"
            return None, f"{name} crashed ({how})"
        with open(target, "rb") as result:
            return pickle.load(result)
    finally:
        os.unlink(job)
        os.unlink(target)


def _call(job: str, target: str, memory_mb: int) -> None:
    """In the fresh interpreter: cap the address space, then run the job and write (result, error)."""
    import importlib

    try:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        with open(job, "rb") as handle:
            module, qualname, args = pickle.load(handle)
        function = importlib.import_module(module)
        for part in qualname.split("."):
            function = getattr(function, part)
        outcome = (function(*args), None)
    except MemoryError:
        outcome = (None, f"exceeded the memory limit of {memory_mb} MB")
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome = (None, f"{type(error).__name__}: {first}")
    with open(target, "wb") as handle:
        pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)


class _PipeToFile:
    """The end of a pipe `_child` writes to, when the parent is another interpreter: a file."""

    def __init__(self, target: str):
        self.target = target

    def send(self, value) -> None:
        with open(self.target, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        pass


def _read_in_subprocess(path: str, limits: Limits) -> Reading:
    import json

    name = Path(path).name
    handle, target = tempfile.mkstemp(suffix=".pickle", prefix="reading-")
    os.close(handle)
    try:
        settings = json.dumps([limits.page_seconds, limits.report_seconds, limits.max_pages, limits.memory_mb])
        try:
            process = subprocess.run(
                [sys.executable, "-m", "pipelines.reading.isolation", path, settings, target],
                timeout=limits.report_seconds, capture_output=True,
            )
        except subprocess.TimeoutExpired:
            return Reading(None, f"{name}: exceeded the time budget of {limits.report_seconds:g} s per report")
        if os.path.getsize(target) == 0:
            code = process.returncode
            how = signal.Signals(-code).name if code < 0 else f"exit code {code}"
            return Reading(None, f"{name}: the PDF parser crashed ({how}); the other reports are not affected")
        with open(target, "rb") as result:
            document, error, repaired = pickle.load(result)
        return Reading(document, error, repaired)
    finally:
        os.unlink(target)


if __name__ == "__main__":
    import json

    if sys.argv[1] == "--call":
        _call(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        _path, _settings, _target = sys.argv[1:4]
        _child(_path, Limits(*json.loads(_settings)), _PipeToFile(_target))

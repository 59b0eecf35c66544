"""Work on a PDF within limits, in a process of its own, so no file can hang or exhaust the machine.

One way to run a child: `run_within_limits(function, args, limits)` calls
`function(*args)` in a child process under the memory cap (RLIMIT_AS) and the
per-report time budget (the parent ends the child), and gives back its value or
the reason there is none (`ChildOutcome`). The job and its answer travel as
pickles in files, with the `Limits` whole, so every limit holds in every child.
The child is forked where this process may fork (the cheapest start: nothing
imported again), and is a fresh interpreter where it may not (a daemonic
process such as a Dask worker) or where a fork would start with too much
(`fresh=True`: a run's process holds gigabytes of Dagster and DuckDB, which a
cap on address space counts).

`read_within_limits(path, limits)` reads a PDF so: `build_document` with a
time budget per page (SIGALRM around each page's reading) and a cap on pages.
A crash of the parser (a segfault in a native library, a recursion bomb) fails
that report only. Each limit that is hit is a clear reason: "exceeded the time
budget of 120 s per report". A file the parser cannot open, or in which it
finds fewer pages than PDFium counts, is offered to PDFium, which rebuilds
damaged cross-reference tables when it loads a file; if PDFium can read it
(and more of it), its copy is saved and read instead, and the result says it
was repaired.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import multiprocessing
import multiprocessing.connection
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
        defaults, ocr = cls(), OcrSettings.from_environment()
        return cls(
            page_seconds=float(os.environ.get("FH_PAGE_SECONDS", defaults.page_seconds)),
            report_seconds=float(os.environ.get("FH_REPORT_SECONDS", defaults.report_seconds)),
            max_pages=int(os.environ.get("FH_MAX_PAGES", defaults.max_pages)),
            memory_mb=int(os.environ.get("FH_MEMORY_MB", defaults.memory_mb)),
            ocr=ocr.enabled,
            ocr_page_seconds=ocr.page_seconds,
        )

    def ocr_settings(self, cache_dir: str | None = None) -> OcrSettings:
        return OcrSettings(enabled=self.ocr, page_seconds=self.ocr_page_seconds, cache_dir=cache_dir)


@dataclass(frozen=True)
class ChildOutcome:
    """What a child under limits gave: its value, or why there is none."""

    value: object | None = None
    error: str | None = None  # the job's own failure: an exception, or the memory cap
    timed_out: bool = False  # it ran past the time budget and was ended
    crashed: str | None = None  # it died without an answer: the signal or exit code

    def reason(self, limits: Limits, per: str = "") -> str | None:
        """The one-line reason there is no value ("exceeded the time budget of 600 s per report"), or None."""
        if self.timed_out:
            return f"exceeded the time budget of {limits.report_seconds:g} s{per}"
        return self.error


def run_within_limits(function, args: tuple, limits: Limits, fresh: bool = False) -> ChildOutcome:
    """`function(*args)` in a child process under the memory cap and the time budget of `limits`.

    Forked where this process may fork, unless `fresh`; otherwise a fresh interpreter
    (`python -m pipelines.reading.isolation JOB ANSWER`). Never raises for what the child does.
    """
    handle, job = tempfile.mkstemp(suffix=".pickle", prefix="job-")
    with os.fdopen(handle, "wb") as out:
        pickle.dump((function.__module__, function.__qualname__, args, limits), out, protocol=pickle.HIGHEST_PROTOCOL)
    handle, answer = tempfile.mkstemp(suffix=".pickle", prefix="answer-")
    os.close(handle)
    try:
        if fresh or multiprocessing.current_process().daemon:
            # A daemonic process (a Dask worker, say) may not fork children of its own through multiprocessing.
            timed_out, code = _in_fresh_interpreter(job, answer, limits)
        else:
            timed_out, code = _in_fork(job, answer, limits)
        if timed_out:
            return ChildOutcome(timed_out=True)
        if os.path.getsize(answer) == 0:  # it died without an answer; an answer is taken whatever its exit code
            how = "exit code unknown" if code is None else signal.Signals(-code).name if code < 0 else f"exit code {code}"
            return ChildOutcome(crashed=how)
        with open(answer, "rb") as handle:
            value, error = pickle.load(handle)
        return ChildOutcome(value=value, error=error)
    finally:
        os.unlink(job)
        os.unlink(answer)


def _in_fork(job: str, answer: str, limits: Limits) -> tuple[bool, int | None]:
    """The job in a forked child: whether it ran out of time (and was ended), and its exit code when known."""
    process = multiprocessing.get_context("fork").Process(target=run_job, args=(job, answer), daemon=True)
    process.start()
    # Out of time only when its sentinel never became ready: a child that has closed its files on the way out
    # may still show as alive for a moment (not yet reaped), and is no child out of time.
    timed_out = not multiprocessing.connection.wait([process.sentinel], limits.report_seconds)
    if timed_out:
        process.kill()
    process.join(30 if not timed_out else 5)  # its exit is under way: a moment to reap it
    return timed_out, process.exitcode


def _in_fresh_interpreter(job: str, answer: str, limits: Limits) -> tuple[bool, int | None]:
    try:
        process = subprocess.run([sys.executable, "-m", "pipelines.reading.isolation", job, answer],
                                 timeout=limits.report_seconds, capture_output=True)
    except subprocess.TimeoutExpired:
        return True, None
    return False, process.returncode


def run_job(job: str, answer: str) -> None:
    """In the child: cap the address space, run the job and write (value, error) to the answer file."""
    with open(job, "rb") as handle:
        module, qualname, args, limits = pickle.load(handle)
    try:
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        function = importlib.import_module(module)
        for part in qualname.split("."):
            function = getattr(function, part)
        outcome = (function(*args), None)
    except MemoryError:
        outcome = (None, f"exceeded the memory limit of {limits.memory_mb} MB")
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome = (None, f"{type(error).__name__}: {first}")
        traceback.print_exc()
    with open(answer, "wb") as handle:
        pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class Reading:
    """What reading one file within limits gave: a document, or the reason there is none."""

    document: Document | None
    error: str | None
    repaired: str | None = None  # how the file was repaired, when it was


class PageTimeout(TimeoutError):
    """A page took longer to read than its budget."""


def read_within_limits(path: str | Path, limits: Limits | None = None, ocr_cache: str | Path | None = None) -> Reading:
    """Read a PDF in a child process within the limits; never raises for a bad file. `ocr_cache` keeps each
    page's OCR (by its picture), so that a scan whose reading ran out of time goes on from there next time."""
    limits = limits or Limits.from_environment()
    name = Path(path).name
    outcome = run_within_limits(read_file, (str(path), limits, str(ocr_cache) if ocr_cache else None), limits)
    if outcome.crashed:
        return Reading(None, f"{name}: the PDF parser crashed ({outcome.crashed}); the other reports are not affected")
    if outcome.value is None:
        return Reading(None, f"{name}: {outcome.reason(limits, ' per report')}")
    return outcome.value


def read_file(path: str, limits: Limits, ocr_cache: str | None = None) -> Reading:
    """In the child: the file read into the document model within the page limits, repaired if it must be."""
    name = Path(path).name
    try:
        try:
            document = _document(path, limits, ocr_cache)
        except ExtractionError as error:
            repaired = _repaired(path, limits, ocr_cache)
            if repaired is None:
                return Reading(None, str(error))
            document, how = repaired
            return Reading(document, None, f"{name}: {error.reason}; {how}")
        missing = document.page_count - len(document.pages) - len(document.failed_pages)
        if missing > 0:  # the parser found fewer pages than PDFium counts: a damaged cross-reference table, say
            repaired = _repaired(path, limits, ocr_cache)
            if repaired is not None and _found(repaired[0]) > _found(document):
                found = len(document.pages) + len(document.failed_pages)
                return Reading(repaired[0], None,
                               f"{name}: the parser found {found} of the {document.page_count} pages; {repaired[1]}")
        return Reading(document, None)
    except MemoryError:
        return Reading(None, f"{name}: exceeded the memory limit of {limits.memory_mb} MB")
    except Exception as error:  # noqa: BLE001 - report any parser failure as this file's failure
        traceback.print_exc()
        return Reading(None, f"{name}: unexpected {type(error).__name__}: {error}")


def _repaired(path: str, limits: Limits, ocr_cache: str | None = None) -> tuple[Document, str] | None:
    """The file as PDFium repairs it, read into the document model, and how; None when it cannot be."""
    repaired = repaired_copy(path)
    if repaired is None:
        return None
    copy, how = repaired
    try:
        return dataclasses.replace(_document(copy, limits, ocr_cache), path=str(path), sha256=file_sha256(path)), how
    except ExtractionError:
        return None
    finally:
        os.unlink(copy)


def _found(document: Document) -> int:
    return len(document.pages) + len(document.failed_pages)


def _document(path: str, limits: Limits, ocr_cache: str | None = None) -> Document:
    return build_document(path, page_guard=_page_guard(limits), max_pages=limits.max_pages,
                          ocr=limits.ocr_settings(ocr_cache))


def _page_guard(limits: Limits):
    """A context for each page's reading that ends it when it runs past the page budget."""
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


def call_within_limits(function, args: tuple, limits: Limits) -> tuple[object | None, str | None]:
    """`function(*args)` in a fresh interpreter under the memory cap and the per-report time budget.

    Its result, or the reason there is none: for work on a PDF other than reading it (drawing page
    pictures), which must no more be able to exhaust the machine than reading can. A fresh
    interpreter rather than a fork: a child forked from a run's process starts with all of its
    address space (Dagster, DuckDB: gigabytes), which a cap on address space would count.
    """
    outcome = run_within_limits(function, args, limits, fresh=True)
    if outcome.crashed:
        return None, f"{getattr(function, '__name__', 'work')} crashed ({outcome.crashed})"
    return outcome.value, outcome.reason(limits)


if __name__ == "__main__":
    run_job(sys.argv[1], sys.argv[2])

"""Progress of `make run` on its console: one line per report as its reading finishes, one per later step.

On a terminal the lines go above a progress bar (tqdm); when the output is a
file or a pipe they are plain lines, one per report, nothing redrawn. Only a
run started by `make run` shows them (`showing_progress`); in a run the sensor
or the UI starts, `report_read` does nothing, and the instance's event log says
the same per report.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from pipelines.reading.reports import ExtractedReport


class ProgressLines:
    """Counts the reports read of `total`, and says each one."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self._lock = threading.Lock()  # readings finish on several threads
        self._bar = None
        if stream.isatty():
            from tqdm import tqdm

            # A terminal that reports no size (a pty nobody sized) would hide the bar: 80 by 24 then.
            sized = _terminal_columns(stream) > 0
            self._bar = tqdm(total=total, file=stream, unit="report", leave=False, dynamic_ncols=sized,
                             **({} if sized else {"ncols": 80, "nrows": 24}))

    def report_read(self, reading: ExtractedReport) -> None:
        with self._lock:
            self.done += 1
            line = f"[{self.done:>{len(str(self.total))}}/{self.total}] {reading_line(reading)}"
            if self._bar is None:
                print(line, file=self.stream, flush=True)
            else:
                self._bar.write(line, file=self.stream)
                self._bar.update(1)

    def note(self, line: str) -> None:
        """A step of the run that is no report's reading (loading, auditing), above the bar."""
        with self._lock:
            if self._bar is None:
                print(line, file=self.stream, flush=True)
            else:
                self._bar.write(line, file=self.stream)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _terminal_columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return 0


def reading_line(reading: ExtractedReport) -> str:
    """What became of one file's reading, in a line."""
    if reading.withdrawn:
        return f"{reading.file_name}: gone from the folder, marked withdrawn"
    if reading.document is None:
        again = " (as before: its bytes, the reader and the limits are unchanged; FORCE=1 tries anew)" if reading.cached else ""
        return f"{reading.file_name}: not read{again}: {reading.error.removeprefix(reading.file_name + ': ')}"
    pages = len(reading.document.pages)
    how = "from the readings cache" if reading.cached else f"in {reading.seconds:.1f} s"
    return f"{reading.file_name}: {pages} page{'s' * (pages != 1)} read {how}"


_showing: ProgressLines | None = None


@contextmanager
def showing_progress(total: int, stream: TextIO | None = None) -> Iterator[ProgressLines]:
    """While inside, every report read in this process is counted out of `total` on `stream` (stderr)."""
    global _showing
    progress = ProgressLines(total, stream or sys.stderr)
    _showing = progress
    try:
        yield progress
    finally:
        _showing = None
        progress.close()


def report_read(reading: ExtractedReport) -> None:
    """Count one report read, when a `make run` is showing its progress."""
    if _showing is not None:
        _showing.report_read(reading)


def note(line: str) -> None:
    """Say a step of the run (loading, auditing), when a `make run` is showing its progress."""
    if _showing is not None:
        _showing.note(line)

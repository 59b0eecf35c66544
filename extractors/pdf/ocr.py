"""Words read by OCR from a page's picture, for pages whose text layer is missing or unusable.

A page is rendered by PDFium (pypdfium2) in grey and read by Tesseract with its
Swedish model, through pytesseract: Tesseract runs as a process of its own,
so a page that takes too much CPU time is ended by its own limit
(`OcrSettings.page_seconds`, RLIMIT_CPU: how busy the machine is changes how long
a page takes, never whether it is read) and a crash in it costs that page only.

The words come back in the document model's own terms: boxes in PDF points
from the page's top-left corner, as pdfplumber gives them, and the confidence
Tesseract gives each word (0 to 1). Each word's top and bottom are those of its
whole line as Tesseract read it, as a text layer's words share their font's
height: so a slightly skewed scan still gives one row per printed line.
Everything after this module reads OCR words exactly as it reads a text layer.

Choices, measured on the scanned reports of `../shared/realworld-sv` against
their gold (`bench/realworld_statements.py --only-scanned`): 300 dpi; page
segmentation mode 6 (one uniform block: a statement's label and amounts stay
on one line); no preprocessing beyond Tesseract's own (Otsu binarisation; a
median filter cost 17 of 236 gold rows); one OpenMP thread per Tesseract
process, since several threads made a page take five times as long on two
cores, and instead as many pages read at once as there are cores
(`OcrSettings.workers`): the pages are drawn one at a time (PDFium is not
thread-safe) and read by Tesseract side by side.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFilter

from extractors.pdf.model import BBox, Word

OCR_FONT = "OCR"  # the font name OCR words carry: they have no font
INK_LEVEL = 128  # a pixel darker than this (0 black, 255 white) is ink
BLANK_INK_SHARE = 0.0002  # a page with less ink than this share of its pixels is blank
INK_RESOLUTION = 50  # dots per inch for telling ink from a blank page
MAX_PIXELS = 60_000_000  # a picture for OCR larger than this is drawn at a lower resolution
# Tesseract's guesses at specks, pen marks and shading ("«4", "ÅA") come with a confidence below this, and are
# dropped; digits are kept whatever their confidence (a noisy "7015 464" was read right at 0.09), so that a doubtful
# figure is loaded with its low confidence for the checks to weigh, never lost.
MIN_CONFIDENCE = 0.15
_NUMBER = re.compile(r"^[-−–]?\d[\d.,]*$")


@dataclass(frozen=True)
class OcrSettings:
    """Whether and how pages are read by OCR. Each can be set from the environment."""

    enabled: bool = True  # FH_OCR=0 turns OCR off
    page_seconds: float = 60.0  # FH_OCR_PAGE_SECONDS: Tesseract is ended after this long on one page
    resolution: int = 300
    language: str = "swe"
    page_segmentation: int = 6
    # A 3-pixel median filter before OCR: it helps a page strewn with specks, and costs the real scans 17 of
    # their 236 gold rows (thin strokes blurred), so it is off unless asked for.
    despeckle: bool = False
    # Where each page's OCR is kept, by its picture and these settings: a long scan whose reading runs out
    # of time is read on from where it stopped by the next run, never from its first page again.
    cache_dir: str | None = None
    # How many pages Tesseract reads at once, each in a process of its own with one thread (FH_OCR_WORKERS): the
    # cores this process may use, unless told.
    workers: int = 0

    @property
    def parallel_pages(self) -> int:
        return self.workers or len(os.sched_getaffinity(0))

    @classmethod
    def from_environment(cls) -> OcrSettings:
        defaults = cls()
        seconds = float(os.environ.get("FH_OCR_PAGE_SECONDS", defaults.page_seconds))
        if seconds <= 0:
            raise ValueError(f"FH_OCR_PAGE_SECONDS must be positive, got {seconds:g}")
        workers = int(os.environ.get("FH_OCR_WORKERS", "0") or 0)
        if workers < 0:
            raise ValueError(f"FH_OCR_WORKERS must be 0 (every core) or more, got {workers}")
        return cls(enabled=os.environ.get("FH_OCR", "1").strip() not in ("0", "false", "no", "off"),
                   page_seconds=seconds, workers=workers)


class OcrUnavailable(Exception):
    """OCR cannot run on this machine; the message says what is missing."""


@functools.cache
def check_tesseract(language: str) -> None:
    """Raise `OcrUnavailable` unless Tesseract and its model for `language` are installed."""
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable("Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-swe)")
    try:
        languages = pytesseract.get_languages()
    except Exception as error:  # noqa: BLE001 - a broken installation is an answer too
        raise OcrUnavailable(f"Tesseract does not run: {error}") from error
    if language not in languages:
        raise OcrUnavailable(f"Tesseract has no model for '{language}' (Debian: apt-get install tesseract-ocr-{language})")


def has_ink(image) -> bool:
    """Whether a grey picture of a page shows anything: a blank or almost blank page does not."""
    histogram = image.convert("L").histogram()
    dark = sum(histogram[:INK_LEVEL])
    return dark >= BLANK_INK_SHARE * image.width * image.height


def ocr_words(image, page_width: float, page_height: float, settings: OcrSettings) -> tuple[Word, ...]:
    """The words Tesseract reads on a grey picture of a page, with boxes in the page's points.

    Raises `OcrUnavailable` when Tesseract cannot run, and TimeoutError when it
    runs past `settings.page_seconds`.
    """
    import pytesseract

    check_tesseract(settings.language)
    if settings.despeckle:
        image = image.filter(ImageFilter.MedianFilter(3))
    data = _cached_data(image, settings, pytesseract.pytesseract.tesseract_cmd)
    scale_x, scale_y = page_width / image.width, page_height / image.height
    return words_from_data(data, scale_x, scale_y)


def _cached_data(image, settings: OcrSettings, command: str) -> dict[str, list[str]]:
    """Tesseract's word table for a picture: from the page cache when this picture was read so before."""
    if settings.cache_dir is None:
        return tesseract_data(image, settings, command)
    key = hashlib.sha256()
    key.update(repr((image.mode, image.size, settings.language, settings.page_segmentation, _reader_version(command)))
               .encode())
    key.update(image.tobytes())
    stored = Path(settings.cache_dir) / f"{key.hexdigest()}.json"
    try:
        return json.loads(stored.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = tesseract_data(image, settings, command)
    stored.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=stored.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(temporary, stored)
    return data


@functools.cache
def _reader_version(command: str) -> str:
    """This module's code and Tesseract's version: a page's OCR is read anew when either changes."""
    try:
        version = subprocess.run([command, "--version"], capture_output=True, timeout=30).stdout.decode(errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        version = "unknown"
    return hashlib.sha256(Path(__file__).read_bytes() + version.encode()).hexdigest()[:16]


def tesseract_data(image, settings: OcrSettings, command: str = "tesseract") -> dict[str, list[str]]:
    """Tesseract's word table for a picture (its TSV, as columns), read within a budget of CPU time.

    The budget is Tesseract's own CPU time (RLIMIT_CPU on its process, whole seconds, at least one), not the
    time on the clock: a busy machine makes a page take longer, never makes it fail. The clock only ends a
    Tesseract that waits on nothing (ten times the budget, and half a minute more).
    """
    budget = max(1, math.ceil(settings.page_seconds))

    def within_budget() -> None:  # in Tesseract's process, before it starts
        resource.setrlimit(resource.RLIMIT_CPU, (budget, budget + 1))

    over = TimeoutError(f"OCR exceeded its time budget of {settings.page_seconds:g} s per page (CPU time)")
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        picture = Path(folder) / "page.png"
        image.save(picture)
        command_line = [command, str(picture), "stdout", "-l", settings.language, "--psm",
                        str(settings.page_segmentation), "-c", "tessedit_do_invert=0", "tsv"]
        try:
            # One OpenMP thread per Tesseract (see the module's note).
            done = subprocess.run(command_line, capture_output=True, preexec_fn=within_budget,  # noqa: PLW1509
                                  timeout=budget * 10 + 30, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired as error:
            raise over from error
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise over
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"Tesseract failed (exit code {done.returncode}): {message[-1] if message else ''}")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines:
        return {}
    header = lines[0].split("\t")
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        for name, cell in zip(header, cells[:len(header)], strict=True):
            columns[name].append(cell)
    if "conf" in columns:  # whole percent, as Tesseract's callers have always read it (82.206375 is 82)
        columns["conf"] = [str(int(float(value))) if value else value for value in columns["conf"]]
    return columns


def words_from_data(data: dict[str, list], scale_x: float, scale_y: float) -> tuple[Word, ...]:
    """Tesseract's word table (pytesseract's dict of columns) as document words, in points.

    A skewed scan's lines run up or down across the page. The skew is measured from the lines Tesseract
    found (`skew_slope`) and each word's box is set straight by it, turned about the page's middle, so that
    a printed line is one row; a word at the edge of a page skewed by 0.3 degrees moves by about 1.5 points.
    """
    rows = [dict(zip(data, values, strict=True)) for values in zip(*data.values(), strict=True)]
    read = [r for r in rows if int(r["level"]) == 5 and str(r["text"]).strip()
            and (float(r["conf"]) / 100 >= MIN_CONFIDENCE or _NUMBER.match(str(r["text"]).strip()))]
    middle_x = max((int(r["left"]) + int(r["width"]) for r in rows), default=0) / 2
    middle_y = max((int(r["top"]) + int(r["height"]) for r in rows), default=0) / 2
    slope = skew_slope(read)

    def straight(row: dict) -> tuple[float, float, float, float]:
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        centre_x, centre_y = left + width / 2, top + height / 2
        shift_x = (centre_y - middle_y) * slope
        shift_y = -(centre_x - middle_x) * slope
        return left + shift_x, top + shift_y, left + width + shift_x, top + height + shift_y

    placed = [(row, straight(row)) for row in _regrouped(read)]
    tops: dict[tuple, float] = {}
    bottoms: dict[tuple, float] = {}
    for row, (_, top, _, bottom) in placed:
        key = _line_of(row)
        tops[key] = min(tops.get(key, top), top)
        bottoms[key] = max(bottoms.get(key, bottom), bottom)
    words = []
    for row, (left, _, right, _) in placed:
        key = _line_of(row)
        top, bottom = tops[key], bottoms[key]
        height = (bottom - top) * scale_y
        words.append(Word(
            text=str(row["text"]).strip().replace("—", "–"),  # Swedish prints the en dash; Tesseract reads an em dash
            bbox=BBox(left * scale_x, top * scale_y, right * scale_x, bottom * scale_y),
            fontname=OCR_FONT,
            size=round(height / 0.8 * 2) / 2,  # a line's ink is about 0.8 of its font size (capitals and digits 0.7); to the half point
            bold=False,
            confidence=max(0.0, min(1.0, float(row["conf"]) / 100)),
        ))
    return tuple(words)


def _line_of(row: dict) -> tuple:
    return (row["page_num"], row["block_num"], row["par_num"], row["line_num"])


MIN_SKEW_SPAN = 200  # pixels a line's words must span for its slope to count


def skew_slope(rows: list[dict]) -> float:
    """How far a scan's lines rise or fall per pixel across: the median over the lines Tesseract found of the
    least-squares slope of their words' middles. 0 for a page with no line wide enough to tell."""
    by_line: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        by_line[_line_of(row)].append((int(row["left"]) + int(row["width"]) / 2, int(row["top"]) + int(row["height"]) / 2))
    slopes = []
    for points in by_line.values():
        xs = [x for x, _ in points]
        if len(points) < 3 or max(xs) - min(xs) < MIN_SKEW_SPAN:
            continue
        mean_x, mean_y = sum(xs) / len(xs), sum(y for _, y in points) / len(points)
        spread = sum((x - mean_x) ** 2 for x in xs)
        slopes.append(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread)
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


_DIGITS = re.compile(r"^([-−–]?)(\d{4,}|\d{1,3}(?:[.,]\d{3})+)$")
_GROUP = re.compile(r"^\d{3}\b")


def _regrouped(rows: list[dict]) -> list[dict]:
    """Tesseract's words with an amount's digit groups that it ran together set apart again.

    Tesseract often reads the narrow space between the first two groups of "1 613 349" as none ("1613" "349")
    or as a point or comma ("1.613" "349"). A run of four or more digits, or groups joined by a point or comma,
    followed on its line by a group of three is such a join, since an amount is grouped in threes throughout;
    it is split into its groups, each with its share of the box.
    """
    out: list[dict] = []
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        joined = _DIGITS.match(str(row["text"]).strip())
        same_line = following is not None and all(
            following[k] == row[k] for k in ("page_num", "block_num", "par_num", "line_num"))
        if not (joined and same_line and _GROUP.match(str(following["text"]).strip())):
            out.append(row)
            continue
        sign, digits = joined[1], joined[2].replace(".", "").replace(",", "")  # "7.070" is "7 070" misread
        groups = [digits[max(0, end - 3):end] for end in range(len(digits), 0, -3)][::-1]
        groups[0] = sign + groups[0]
        characters = sum(len(g) for g in groups)
        left, width = int(row["left"]), int(row["width"])
        for group in groups:
            share = round(width * len(group) / characters)
            out.append({**row, "text": group, "left": left, "width": max(1, share - 1)})
            left += share
    return out

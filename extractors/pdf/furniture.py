"""Page furniture: running headers, footers and page numbers, set apart from the body.

A line is furniture when it stands in the top or bottom margin band of its
page and either reads as a page number ("3", "Sida 3 av 22", "3 (22)", at
whatever size) or an e-signing service's mark (Penneo, Assently, Scrive,
"Transaktion 0922…": `language.yaml`'s `signing_marks`), or is set no larger
than the body text and recurs on several pages at about the same height with
the same text once its digits are blanked ("Årsredovisning 2024 | 3"). The
tests are relative to the page and to the document, never to fixed
coordinates. Text rotated into a margin is furniture too (`rotated_lines`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from extractors.pdf.model import Line, Word
from schemas.vocabularies import language


@dataclass(frozen=True)
class FurnitureSettings:
    """margin: the share of the page height at top and at bottom where furniture may stand.
    min_repeats: a running header or footer recurs on at least this many pages.
    position_tolerance: how far (points) its height may drift between pages.
    size_tolerance: how much larger than the body size furniture may be set.
    """

    margin: float = 0.1
    min_repeats: int = 3
    position_tolerance: float = 6.0
    size_tolerance: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.margin < 0.5:
            raise ValueError(f"margin must be in (0, 0.5), got {self.margin}")
        if self.min_repeats < 2:
            raise ValueError(f"min_repeats must be at least 2, got {self.min_repeats}")


DEFAULT_FURNITURE_SETTINGS = FurnitureSettings()


@lru_cache(maxsize=1)
def _page_number_pattern() -> re.Pattern[str]:
    alternatives = [p.replace("{n}", r"\d{1,4}") for p in language().page_number_patterns]
    return re.compile("^(?:" + "|".join(alternatives) + ")$")


def is_page_number(text: str) -> bool:
    return bool(_page_number_pattern().match(" ".join(text.split())))


@lru_cache(maxsize=1)
def _signing_pattern() -> re.Pattern[str] | None:
    marks = language().signing_marks
    return re.compile("|".join(f"(?:{m})" for m in marks), re.IGNORECASE) if marks else None


def is_signing_mark(text: str) -> bool:
    """Whether a line is what an e-signing service prints on each page it signed."""
    pattern = _signing_pattern()
    return bool(pattern and pattern.search(" ".join(text.split())))


def rotated_lines(words: Sequence[Word]) -> list[Line]:
    """Words set at an angle (a signing stamp up the margin), one line per run at about the same x."""
    runs: list[list[Word]] = []
    for word in sorted((w for w in words if not w.upright), key=lambda w: (round(w.bbox.x0 / 3), w.bbox.top)):
        if runs and abs(runs[-1][-1].bbox.x0 - word.bbox.x0) <= 3:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [Line.of(run) for run in runs]


def _margin_band(line: Line, page_height: float, margin: float) -> str | None:
    if line.bbox.bottom <= margin * page_height:
        return "top"
    if line.bbox.top >= (1 - margin) * page_height:
        return "bottom"
    return None


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def find_furniture(
    pages: Sequence[tuple[float, Sequence[Line]]],
    body_size: float,
    settings: FurnitureSettings = DEFAULT_FURNITURE_SETTINGS,
) -> list[set[int]]:
    """For each page (height, lines), the indexes of its lines that are furniture.

    Furniture is set no larger than the body text: a larger line in the margin
    band is a heading, even when every chapter starts with one ("Kapitel 3").
    """
    candidates: list[list[tuple[int, str, str]]] = []
    shapes: Counter[tuple[str, str, int]] = Counter()
    for height, lines in pages:
        in_margin = []
        for index, line in enumerate(lines):
            band = _margin_band(line, height, settings.margin)
            if band is None:
                continue
            marked = is_page_number(line.text) or is_signing_mark(line.text)
            if line.size > body_size * (1 + settings.size_tolerance) and not marked:
                continue
            shape = _shape(line.text)
            in_margin.append((index, band, shape))
            bucket = round(_edge_distance(line, height, band) / settings.position_tolerance)
            shapes[(band, shape, bucket)] += 1
        candidates.append(in_margin)

    furniture: list[set[int]] = []
    for (height, lines), in_margin in zip(pages, candidates, strict=True):
        found = set()
        for index, band, shape in in_margin:
            line = lines[index]
            bucket = round(_edge_distance(line, height, band) / settings.position_tolerance)
            repeats = sum(shapes[(band, shape, b)] for b in (bucket - 1, bucket, bucket + 1))
            if is_page_number(line.text) or is_signing_mark(line.text) or repeats >= settings.min_repeats:
                found.add(index)
        furniture.append(found)
    return furniture


def _edge_distance(line: Line, height: float, band: str) -> float:
    return line.bbox.top if band == "top" else height - line.bbox.bottom

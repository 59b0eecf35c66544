"""From words to lines: words on one baseline, split where a wide gap opens.

Two steps, each a pure function:

- `words_to_rows` groups the words of a page by baseline. A row can run across
  several columns of text, or across a label and its amounts in a table.
- `rows_to_lines` splits each row at every gap wider than a word space could be
  (a column gutter, the space between a label and its amount), so that a line
  never straddles two columns. The gap that counts as wide is measured from
  the page itself: a multiple of the font size, never a fixed coordinate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.pdf.model import Line, Word


@dataclass(frozen=True)
class LineSettings:
    """How words are grouped into lines.

    baseline_overlap: the share of the smaller word's height two words must
        share vertically to stand on one row.
    gap_em: a horizontal gap wider than this many times the font size ends a
        line. Word spaces, even in justified text, stay well under one em;
        column gutters and table gaps are wider.
    marker_gap_em: a list marker ("•", "–") stays on the line of its item
        across a hanging indent up to this wide.
    """

    baseline_overlap: float = 0.5
    gap_em: float = 0.9
    marker_gap_em: float = 3.0

    def __post_init__(self) -> None:
        if not 0 < self.baseline_overlap <= 1:
            raise ValueError(f"baseline_overlap must be in (0, 1], got {self.baseline_overlap}")
        if self.gap_em <= 0:
            raise ValueError(f"gap_em must be positive, got {self.gap_em}")


DEFAULT_LINE_SETTINGS = LineSettings()

LIST_MARKERS = frozenset({"•", "·", "▪", "■", "○", "◦", "–", "-", "*", "»", "✓"})


def words_to_rows(words: Sequence[Word], settings: LineSettings = DEFAULT_LINE_SETTINGS) -> list[list[Word]]:
    """Group words into rows that share a baseline, top to bottom, each sorted left to right.

    A word joins a row where their vertical overlap is at least `baseline_overlap` of the smaller height. A row
    keeps the vertical extent of its first word, so that a tall word (a drop cap, a superscript) does not pull
    the next row into it; across, it grows with its words."""
    share = settings.baseline_overlap
    rows: list[list[Word]] = []
    row_boxes: list[list[float]] = []  # x0, top, x1, bottom of each row
    for word in sorted(words, key=_reading_place):
        box = word.bbox
        top, bottom = box.top, box.bottom
        height = bottom - top
        # Only the most recent rows can still overlap a word further down.
        for index in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            row = row_boxes[index]
            overlap = max(0.0, min(row[3], bottom) - max(row[1], top))
            if overlap >= share * (min(row[3] - row[1], height) or 1.0):
                rows[index].append(word)
                row[0], row[2] = min(row[0], box.x0), max(row[2], box.x1)
                break
        else:
            rows.append([word])
            row_boxes.append([box.x0, top, box.x1, bottom])
    for row in rows:
        row.sort(key=_left)
    order = sorted(range(len(rows)), key=lambda i: (row_boxes[i][1], row_boxes[i][0]))
    return [rows[i] for i in order]


def _reading_place(word: Word) -> tuple[float, float]:
    return word.bbox.top, word.bbox.x0


def _left(word: Word) -> float:
    return word.bbox.x0


def rows_to_lines(rows: Sequence[Sequence[Word]], settings: LineSettings = DEFAULT_LINE_SETTINGS) -> list[Line]:
    """Split each row at gaps wider than `gap_em` of the font size."""
    lines: list[Line] = []
    for row in rows:
        current: list[Word] = [row[0]]
        for word in row[1:]:
            previous = current[-1]
            gap = word.bbox.x0 - previous.bbox.x1
            size = max(previous.size, word.size)
            marker = len(current) == 1 and previous.text in LIST_MARKERS
            limit = (settings.marker_gap_em if marker else settings.gap_em) * size
            if gap > limit:
                lines.append(_line(current))
                current = [word]
            else:
                current.append(word)
        lines.append(_line(current))
    return lines


def _line(words: Sequence[Word]) -> Line:
    return Line.of(words)


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

from extractors.pdf.model import BBox, Line, Word


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
    """Group words into rows that share a baseline, top to bottom, each sorted left to right."""
    rows: list[list[Word]] = []
    row_boxes: list[BBox] = []
    for word in sorted(words, key=lambda w: (w.bbox.top, w.bbox.x0)):
        placed = False
        # Only the most recent rows can still overlap a word further down.
        for index in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            box = row_boxes[index]
            overlap = box.vertical_overlap(word.bbox)
            smaller = min(box.height, word.bbox.height) or 1.0
            if overlap >= settings.baseline_overlap * smaller:
                rows[index].append(word)
                row_boxes[index] = _row_box(box, word.bbox)
                placed = True
                break
        if not placed:
            rows.append([word])
            row_boxes.append(word.bbox)
    for row in rows:
        row.sort(key=lambda w: w.bbox.x0)
    order = sorted(range(len(rows)), key=lambda i: (row_boxes[i].top, row_boxes[i].x0))
    return [rows[i] for i in order]


def _row_box(row: BBox, word: BBox) -> BBox:
    # A row keeps the vertical extent of its first words so that a tall word
    # (a drop cap, a superscript) does not pull the next row into it.
    return BBox(min(row.x0, word.x0), row.top, max(row.x1, word.x1), row.bottom)


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


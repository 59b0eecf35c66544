"""The rows of a printed statement, read from the words of a page: labels, notes, amounts, period headers.

Pure functions on words and lines, no knowledge of any one report's layout:

- `page_lines`: the upright words of a page grouped into lines by their
  vertical middle (text rotated into a margin, such as e-signature stamps, is
  left out: it never belongs to a row).
- `split_row`: a line as a statement row: the amounts standing at its right
  (an amount's digit groups are separate words, close together; a column's
  amounts are far apart), the note reference(s) before them, the label.
- `period_cells`: the parts of a line that print a column's period ("2023",
  "2023-12-31", "2023-01-01 – 2023-12-31", "2022/23", "2022 - 2023").
- `fiscal_year_of`: the calendar year in which a printed period ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extractors.pdf.model import BBox, Word, bbox_of
from extractors.pdf.table_amounts import parse_amount
from extractors.years import YEAR
from schemas.vocabularies import statement_wording

_FIRST_GROUP = re.compile(r"^\(?[-\u2013\u2212]?\(?\d{1,3}\)?$")
_NEXT_GROUP = re.compile(r"^\d{3}\)?$")
_WHOLE = re.compile(r"^\(?[-\u2013\u2212]?\d+\)?$")  # an amount printed without groups: "1234", "-0"
_NOTE_NUMBERS = r"^\d{1,2}(?:[,&]\d{1,2})*[,&]?$"


@cache
def _note() -> re.Pattern[str]:
    """A word of a note reference: a note word ("Not", "Noter") or its numbers ("3", "4,5", "2&3")."""
    words = "|".join(map(re.escape, statement_wording().note_words))
    return re.compile(rf"^(?:{words})?$|{_NOTE_NUMBERS}", re.IGNORECASE)
_PERIOD_PART = re.compile(rf"^\(?[-\u2013\u2212]?{YEAR}(?:[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?|/\d\d)?\)?[-\u2013\u2212]?$")
_DASH = re.compile(r"^[-\u2013\u2212\u2014]$")
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?:/(\d\d)(?!\d))?(?![\d])")


@dataclass(frozen=True)
class TextLine:
    """Words standing on one line of a page, left to right."""

    words: tuple[Word, ...]

    @property
    def bbox(self) -> BBox:
        return bbox_of(self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(frozen=True)
class Amount:
    words: tuple[Word, ...]
    value: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return bbox_of(self.words)


@dataclass(frozen=True)
class Row:
    """A line read as a statement row."""

    line: TextLine
    label_words: tuple[Word, ...]
    note: str | None
    amounts: tuple[Amount, ...]

    @property
    def label(self) -> str:
        return " ".join(w.text for w in self.label_words)


def page_lines(words: Sequence[Word]) -> list[TextLine]:
    """The upright words grouped into lines, top to bottom: a word joins the line whose vertical middle is
    within a third of its height of its own."""
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if w.upright and w.text.strip()), key=lambda w: (w.bbox.top + w.bbox.bottom) / 2):
        middle, height = (word.bbox.top + word.bbox.bottom) / 2, word.bbox.bottom - word.bbox.top
        if lines:
            last = lines[-1]
            last_middle = sum((w.bbox.top + w.bbox.bottom) / 2 for w in last) / len(last)
            if abs(middle - last_middle) <= max(height, 1.0) / 3:
                last.append(word)
                continue
        lines.append([word])
    return [TextLine(tuple(sorted(line, key=lambda w: w.bbox.x0))) for line in lines]


def _close(left: Word, right: Word) -> bool:
    """Whether two words are parts of one printed item: no more than about a space apart."""
    return right.bbox.x0 - left.bbox.x1 <= max(left.size, right.size) * 0.6


def trailing_amounts(words: Sequence[Word], right_of: float = -1.0) -> tuple[list[Amount], int]:
    """The amounts at the right end of a line, left to right, and how many words come before them.

    An amount is a leading group of up to three digits (with its sign or bracket) and groups of three, each
    no more than about a space from the next; or digits printed without groups. A dash standing alone in
    an amount's place is the printed form of nothing: it reads as zero. Only amounts
    whose right edge stands right of `right_of` are taken (the leftmost column's edge, when the columns are
    known): a note reference left of every column ("Not 2") is not an amount.
    """
    amounts: list[Amount] = []
    end = len(words)
    while end > 0:
        start = end - 1
        last = words[start].text
        if words[start].bbox.x1 < right_of:
            break
        if _DASH.match(last) and start > 0 and not _close(words[start - 1], words[start]):
            amounts.insert(0, Amount((words[start],), 0))  # a dash in an amount's place: nothing, zero
            end = start
            continue
        if _NEXT_GROUP.match(last):
            while start > 0 and _close(words[start - 1], words[start]) and _NEXT_GROUP.match(words[start - 1].text):
                start -= 1
            if start > 0 and _close(words[start - 1], words[start]) and _FIRST_GROUP.match(words[start - 1].text):
                start -= 1
        elif not (_FIRST_GROUP.match(last) or _WHOLE.match(last)):
            break
        if start > 0 and _DASH.match(words[start - 1].text) and _close(words[start - 1], words[start]):
            start -= 1  # a sign set apart: "- 1 234"
        text = " ".join(w.text for w in words[start:end])
        for dash in ("-", "\u2212", "\u2013"):
            text = text.replace(dash + " ", dash)
        try:
            value = parse_amount(text)
        except ValueError:
            break
        amounts.insert(0, Amount(tuple(words[start:end]), value))
        end = start
    return amounts, end


def split_row(line: TextLine, right_of: float = -1.0) -> Row:
    """A line as label, note and amounts. Note references stand between the label and the amounts, apart from
    the label ("Nettoomsättning   3   18 774 946"), or follow the word Not ("Nettoomsättning Not 1")."""
    words = list(line.words)
    amounts, end = trailing_amounts(words, right_of)
    rest = words[:end]
    # The trailing run of note-like words ("5, 6, 7", "Not 9  Not 6", "4&5"), each near the next.
    start = len(rest)
    while start > 0 and _note().match(rest[start - 1].text.rstrip(",")) and (
            start == len(rest) or rest[start].bbox.x0 - rest[start - 1].bbox.x1 <= rest[start].size * 1.2):
        start -= 1
    run = rest[start:]
    numbers = [w.text.rstrip(",&") for w in run if re.match(r"^\d", w.text)]
    apart = start == 0 or (run and run[0].bbox.x0 - rest[start - 1].bbox.x1 > run[0].size * 1.2)
    note = None
    if numbers and (apart or run[0].text.lower() in statement_wording().note_words):
        note = ", ".join(n for part in numbers for n in re.split(r"[,&]", part) if n)
        rest = rest[:start]
    return Row(line, tuple(rest), note, tuple(amounts))


def period_cells(line: TextLine) -> list[tuple[str, BBox]]:
    """The parts of a line that print a period: runs of close words, each a period part or a dash, with a year."""
    cells: list[list[Word]] = []
    for word in line.words:
        if cells and _close(cells[-1][-1], word):
            cells[-1].append(word)
        else:
            cells.append([word])
    found = []
    for cell in cells:
        texts = [w.text for w in cell]
        if all(_PERIOD_PART.match(t) or _DASH.match(t) for t in texts) and any(_PERIOD_PART.match(t) for t in texts):
            found.append((" ".join(texts), bbox_of(cell)))
    return found


def fiscal_year_of(period: str) -> int | None:
    """The calendar year in which a printed period ends: "2022-07-01 – 2023-06-30" and "2022/23" are 2023."""
    years = []
    for match in _YEAR.finditer(period):
        year = int(match[1])
        if match[2]:
            short = int(match[2])
            year = year // 100 * 100 + short + (100 if short < year % 100 else 0)
        years.append(year)
    return years[-1] if years else None
